package dev.novelkit.llm.swift;

import dev.novelkit.core.dataset.TrainingLimits;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.DatasetCheck;
import dev.novelkit.llm.swift.internal.RunFolders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * LoRA fine-tuning settings for ms-swift ({@code swift sft}), with the seed's values as defaults, and the way to
 * start it. Immutable: every setter returns a new trainer; each checks its value at once
 * ({@link InvalidSettingException} naming the setting and the value).
 *
 * <p>The command line follows the installed swift ({@link SwiftProcess}): 2.x ({@code --model_type qwen2-7b-instruct
 * --sft_type lora ...}, the seed's), 3.x ({@code --model Qwen/Qwen2-7B-Instruct --train_type lora ...}), 4.0.x (3.x's
 * flags) or 4.1 and later ({@code --tuner_type lora}). Defaults are the seed's (LoRA rank 8, alpha 32, target
 * modules all linear layers, gradient checkpointing, batch size 1, learning rate 3e-5, gradient accumulation 16, max
 * grad norm 1.0, warmup ratio 0.03, eval and save every 100 steps, save limit 2, logging every 10 steps, max length
 * 2048, 1 epoch, {@code check_dataset_strategy warning}, model {@code qwen2-7b-instruct}, output {@code output},
 * GPU 0), except two deliberate departures:
 * <ul>
 *   <li>LoRA dropout is 0.05 (swift's own default); the seed wrote {@code --lora_dropout_p 1}, a dropout
 *       probability of 1, which zeroes the LoRA branch's input during training.</li>
 *   <li>The seed also passed {@code --do_sample True --top_k 20 --top_p 0.9}; those are generation settings that
 *       {@code swift sft} only uses for {@code predict_with_generate} evaluation, so they are left out; inference
 *       takes them from {@code GenerationOptions.seedDefaults()}.</li>
 * </ul>
 * {@link #seedVerbatim()} reproduces the seed's command exactly on 2.x, and its intent on 3.x and 4.x (the command's
 * notes say what was translated).
 *
 * <pre>{@code
 * SwiftTrainer trainer = SwiftTrainer.of(Path.of("train.jsonl"));
 * System.out.println(trainer.toCommand().toMultilineShellString());   // what would run, for the installed swift
 * try (Job<TrainingResult> job = trainer.start(listener)) {
 *     TrainingResult result = job.await();
 * }
 * }</pre>
 *
 * <p>Several GPUs and nodes use swift's own launcher: {@code process(SwiftProcess.defaults().gpus(0, 1))} sets
 * {@code CUDA_VISIBLE_DEVICES=0,1 NPROC_PER_NODE=2}; {@code nodes(2, 0, "10.0.0.1", 29500)} adds {@code NNODES
 * NODE_RANK MASTER_ADDR MASTER_PORT}; {@code deepspeed(ZERO2)} adds {@code --deepspeed}.
 */
public final class SwiftTrainer {
    /** The target modules value meaning every linear layer ({@code ALL} in 2.x, {@code all-linear} from 3.x on). */
    public static final String ALL_LINEAR = "ALL";
    /** The seed's model, a swift 2.x model type ({@code Qwen/Qwen2-7B-Instruct} on 3.x and 4.x). */
    public static final String SEED_MODEL = "qwen2-7b-instruct";

    String model = SEED_MODEL;
    String modelType;
    String tuner = "lora";
    List<String> datasets = List.of();
    List<Path> localDatasets = List.of();
    Path valDataset;
    Double splitRatio;
    Path outputDir = Path.of("output");
    int epochs = 1;
    int maxLength = TrainingLimits.DEFAULT_MAX_LENGTH;
    CheckDatasetStrategy checkDatasetStrategy = CheckDatasetStrategy.WARNING;
    int loraRank = 8;
    int loraAlpha = 32;
    double loraDropout = 0.05;
    List<String> targetModules = List.of(ALL_LINEAR);
    boolean gradientCheckpointing = true;
    int batchSize = 1;
    double learningRate = 3e-5;
    int gradientAccumulationSteps = 16;
    double maxGradNorm = 1.0;
    double warmupRatio = 0.03;
    int evalSteps = 100;
    int saveSteps = 100;
    int saveTotalLimit = 2;
    int loggingSteps = 10;
    Boolean doSample;
    int topK;
    double topP;
    String template;
    SwiftDtype dtype;
    String system;
    Long seed;
    Path resumeFrom;
    boolean resumeFromLatest;
    DeepSpeedStage deepspeed;
    Path deepspeedConfig;
    Integer nprocPerNode;
    int nnodes = 1;
    int nodeRank;
    String masterAddr;
    int masterPort = 29500;
    Boolean saveOnEachNode;
    List<String> extraArgs = List.of();
    SwiftProcess process = SwiftProcess.defaults();

    private SwiftTrainer() {
    }

    private SwiftTrainer copy() {
        SwiftTrainer c = new SwiftTrainer();
        c.model = model;
        c.modelType = modelType;
        c.tuner = tuner;
        c.datasets = datasets;
        c.localDatasets = localDatasets;
        c.valDataset = valDataset;
        c.splitRatio = splitRatio;
        c.outputDir = outputDir;
        c.epochs = epochs;
        c.maxLength = maxLength;
        c.checkDatasetStrategy = checkDatasetStrategy;
        c.loraRank = loraRank;
        c.loraAlpha = loraAlpha;
        c.loraDropout = loraDropout;
        c.targetModules = targetModules;
        c.gradientCheckpointing = gradientCheckpointing;
        c.batchSize = batchSize;
        c.learningRate = learningRate;
        c.gradientAccumulationSteps = gradientAccumulationSteps;
        c.maxGradNorm = maxGradNorm;
        c.warmupRatio = warmupRatio;
        c.evalSteps = evalSteps;
        c.saveSteps = saveSteps;
        c.saveTotalLimit = saveTotalLimit;
        c.loggingSteps = loggingSteps;
        c.doSample = doSample;
        c.topK = topK;
        c.topP = topP;
        c.template = template;
        c.dtype = dtype;
        c.system = system;
        c.seed = seed;
        c.resumeFrom = resumeFrom;
        c.resumeFromLatest = resumeFromLatest;
        c.deepspeed = deepspeed;
        c.deepspeedConfig = deepspeedConfig;
        c.nprocPerNode = nprocPerNode;
        c.nnodes = nnodes;
        c.nodeRank = nodeRank;
        c.masterAddr = masterAddr;
        c.masterPort = masterPort;
        c.saveOnEachNode = saveOnEachNode;
        c.extraArgs = extraArgs;
        c.process = process;
        return c;
    }

    private SwiftTrainer with(Consumer<SwiftTrainer> change) {
        SwiftTrainer c = copy();
        change.accept(c);
        return c;
    }

    /** Training on local dataset files ({@code .jsonl}, {@code .json}, {@code .csv}) with the seed's settings. */
    public static SwiftTrainer of(Path dataset, Path... more) {
        return new SwiftTrainer().dataset(dataset, more);
    }

    /**
     * The seed's command: {@code CUDA_VISIBLE_DEVICES=0 swift sft --model_type qwen2-7b-instruct --sft_type lora
     * --output_dir output --dataset train.jsonl ... --lora_dropout_p 1 ... --do_sample True --top_k 20 --top_p 0.9}
     * on swift 2.x, exactly; on 3.x and 4.x the same intent in their flags (the command's notes say what changed).
     */
    public static SwiftTrainer seedVerbatim() {
        return of(Path.of("train.jsonl")).loraDropout(1.0).evalSampling(true, 20, 0.9);
    }

    /**
     * The base model: a swift 2.x model type ({@code qwen2-7b-instruct}, the default), a hub id
     * ({@code Qwen/Qwen2-7B-Instruct}) or a local folder. On 3.x and 4.x, Qwen 2.x model types become their hub ids;
     * another 2.x model type, or a 3.x/4.x family name on 2.x, is an error before anything starts.
     */
    public SwiftTrainer model(String model) {
        String m = Require.nonBlank("model", model);
        return with(t -> t.model = m);
    }

    /** An explicit {@code --model_type}: a 2.x model type on 2.x (needed for local folders), a family ({@code qwen2}) on 3.x and 4.x. */
    public SwiftTrainer modelType(String modelType) {
        String m = Require.nonBlank("modelType", modelType);
        return with(t -> t.modelType = m);
    }

    /** The tuner ({@code --sft_type}/{@code --train_type}/{@code --tuner_type}): {@code lora} (default), {@code full}, ... */
    public SwiftTrainer tuner(String tuner) {
        String v = Require.nonBlank("tuner", tuner);
        return with(t -> t.tuner = v);
    }

    /** Local training files, checked before swift starts; replaces the datasets set so far. */
    public SwiftTrainer dataset(Path file, Path... more) {
        List<Path> files = new ArrayList<>();
        files.add(Require.nonNull("dataset", file));
        for (Path f : more) {
            files.add(Require.nonNull("dataset", f));
        }
        return with(t -> {
            t.localDatasets = List.copyOf(files);
            t.datasets = files.stream().map(Path::toString).toList();
        });
    }

    /** Adds hub datasets by id ({@code AI-ModelScope/alpaca-gpt4-data-zh#500}); not checked locally. */
    public SwiftTrainer hubDataset(String... ids) {
        List<String> all = new ArrayList<>(datasets);
        for (String id : ids) {
            all.add(Require.nonBlank("hubDataset", id));
        }
        return with(t -> t.datasets = List.copyOf(all));
    }

    /** A separate validation file ({@code --val_dataset}); not together with {@link #splitRatio}. */
    public SwiftTrainer valDataset(Path file) {
        Require.nonNull("valDataset", file);
        Require.that(splitRatio == null, "valDataset", file, "cannot be set together with splitRatio (give one)");
        return with(t -> t.valDataset = file);
    }

    /**
     * The share of the training data split off for validation ({@code --dataset_test_ratio} on 2.x,
     * {@code --split_dataset_ratio} from 3.x on), in [0, 1). Unset and without a validation file, 2.x splits 1% by
     * itself and the 3.x/4.x command says {@code --split_dataset_ratio 0.01} to match (3.6 and later split nothing by
     * default, and {@code eval_steps} would mean nothing).
     */
    public SwiftTrainer splitRatio(double ratio) {
        Require.that(ratio >= 0 && ratio < 1, "splitRatio", ratio, "must be in [0, 1)");
        Require.that(valDataset == null, "splitRatio", ratio, "cannot be set together with valDataset (give one)");
        return with(t -> t.splitRatio = ratio);
    }

    /** Where swift creates its run folders (default {@code output}, relative to the working folder). */
    public SwiftTrainer outputDir(Path dir) {
        Require.nonNull("outputDir", dir);
        return with(t -> t.outputDir = dir);
    }

    /** {@code --num_train_epochs} (default 1). */
    public SwiftTrainer epochs(int epochs) {
        Require.atLeast("epochs", epochs, 1);
        return with(t -> t.epochs = epochs);
    }

    /** {@code --max_length} in tokens (default 2048). */
    public SwiftTrainer maxLength(int maxLength) {
        Require.atLeast("maxLength", maxLength, 1);
        return with(t -> t.maxLength = maxLength);
    }

    /** What swift does with rows it cannot read (default warning; see {@link CheckDatasetStrategy} for 3.x and 4.x). */
    public SwiftTrainer checkDatasetStrategy(CheckDatasetStrategy strategy) {
        Require.nonNull("checkDatasetStrategy", strategy);
        return with(t -> t.checkDatasetStrategy = strategy);
    }

    /** {@code --lora_rank} (default 8). */
    public SwiftTrainer loraRank(int rank) {
        Require.atLeast("loraRank", rank, 1);
        return with(t -> t.loraRank = rank);
    }

    /** {@code --lora_alpha} (default 32). */
    public SwiftTrainer loraAlpha(int alpha) {
        Require.atLeast("loraAlpha", alpha, 1);
        return with(t -> t.loraAlpha = alpha);
    }

    /** LoRA dropout probability in [0, 1], {@code --lora_dropout_p} (2.x) / {@code --lora_dropout}; default 0.05. */
    public SwiftTrainer loraDropout(double p) {
        Require.between("loraDropout", p, 0, 1);
        return with(t -> t.loraDropout = p);
    }

    /** LoRA target modules; {@link #ALL_LINEAR} (the default, or {@code all-linear}) means every linear layer. */
    public SwiftTrainer targetModules(String... modules) {
        Require.that(modules.length > 0, "targetModules", "", "must name at least one module");
        List<String> list = new ArrayList<>();
        for (String m : modules) {
            list.add(Require.nonBlank("targetModules", m));
        }
        return with(t -> t.targetModules = List.copyOf(list));
    }

    /** {@code --gradient_checkpointing} (default true). */
    public SwiftTrainer gradientCheckpointing(boolean on) {
        return with(t -> t.gradientCheckpointing = on);
    }

    /** Per-device batch size, {@code --batch_size} (2.x) / {@code --per_device_train_batch_size}; default 1. */
    public SwiftTrainer batchSize(int size) {
        Require.atLeast("batchSize", size, 1);
        return with(t -> t.batchSize = size);
    }

    /** {@code --learning_rate} in (0, 1) (default 3e-5). */
    public SwiftTrainer learningRate(double lr) {
        Require.that(lr > 0 && lr < 1, "learningRate", lr, "must be in (0, 1)");
        return with(t -> t.learningRate = lr);
    }

    /** {@code --gradient_accumulation_steps} (default 16). */
    public SwiftTrainer gradientAccumulationSteps(int steps) {
        Require.atLeast("gradientAccumulationSteps", steps, 1);
        return with(t -> t.gradientAccumulationSteps = steps);
    }

    /** {@code --max_grad_norm} (default 1.0). */
    public SwiftTrainer maxGradNorm(double norm) {
        Require.positive("maxGradNorm", norm);
        return with(t -> t.maxGradNorm = norm);
    }

    /** {@code --warmup_ratio} in [0, 1) (default 0.03). */
    public SwiftTrainer warmupRatio(double ratio) {
        Require.that(ratio >= 0 && ratio < 1, "warmupRatio", ratio, "must be in [0, 1)");
        return with(t -> t.warmupRatio = ratio);
    }

    /** {@code --eval_steps} (default 100). */
    public SwiftTrainer evalSteps(int steps) {
        Require.atLeast("evalSteps", steps, 1);
        return with(t -> t.evalSteps = steps);
    }

    /** {@code --save_steps} (default 100). */
    public SwiftTrainer saveSteps(int steps) {
        Require.atLeast("saveSteps", steps, 1);
        return with(t -> t.saveSteps = steps);
    }

    /** {@code --save_total_limit}: at least 1, or -1 to keep every checkpoint (default 2). */
    public SwiftTrainer saveTotalLimit(int limit) {
        Require.that(limit >= 1 || limit == -1, "saveTotalLimit", limit, "must be at least 1 (or -1 for all)");
        return with(t -> t.saveTotalLimit = limit);
    }

    /** {@code --logging_steps} (default 10). */
    public SwiftTrainer loggingSteps(int steps) {
        Require.atLeast("loggingSteps", steps, 1);
        return with(t -> t.loggingSteps = steps);
    }

    /**
     * Generation settings for {@code predict_with_generate} evaluation, as the seed passed them
     * ({@code --do_sample --top_k --top_p}); off by default. 3.x and 4.x have no {@code --do_sample}: sampling is on
     * unless the temperature is 0, so false becomes {@code --temperature 0}.
     */
    public SwiftTrainer evalSampling(boolean doSample, int topK, double topP) {
        Require.atLeast("topK", topK, 1);
        Require.that(topP > 0 && topP <= 1, "topP", topP, "must be in (0, 1]");
        return with(t -> {
            t.doSample = doSample;
            t.topK = topK;
            t.topP = topP;
        });
    }

    /** Chat template, {@code --template_type} (2.x) / {@code --template}; swift picks one when unset. */
    public SwiftTrainer template(String template) {
        String v = Require.nonBlank("template", template);
        return with(t -> t.template = v);
    }

    /** Weight dtype, {@code --dtype} (2.x) / {@code --torch_dtype}; swift picks one when unset. */
    public SwiftTrainer dtype(SwiftDtype dtype) {
        Require.nonNull("dtype", dtype);
        return with(t -> t.dtype = dtype);
    }

    /** A default system prompt ({@code --system}) for records without one. */
    public SwiftTrainer system(String system) {
        String v = Require.nonBlank("system", system);
        return with(t -> t.system = v);
    }

    /** {@code --seed}. */
    public SwiftTrainer seed(long seed) {
        return with(t -> t.seed = seed);
    }

    /** Resumes from this checkpoint ({@code --resume_from_checkpoint}); keep the other settings unchanged. */
    public SwiftTrainer resumeFrom(Path checkpoint) {
        Require.nonNull("resumeFrom", checkpoint);
        return with(t -> {
            t.resumeFrom = checkpoint;
            t.resumeFromLatest = false;
        });
    }

    /**
     * After a crash: resume from the newest complete checkpoint found under the output folder when the command is
     * made, or start from the beginning when there is none.
     */
    public SwiftTrainer resumeFromLatest() {
        return with(t -> {
            t.resumeFromLatest = true;
            t.resumeFrom = null;
        });
    }

    /** A DeepSpeed configuration built into swift ({@code --deepspeed}), named the way the installed swift wants. */
    public SwiftTrainer deepspeed(DeepSpeedStage stage) {
        Require.nonNull("deepspeed", stage);
        return with(t -> {
            t.deepspeed = stage;
            t.deepspeedConfig = null;
        });
    }

    /** A DeepSpeed JSON configuration file of your own ({@code --deepspeed FILE}). */
    public SwiftTrainer deepspeedConfig(Path file) {
        Require.nonNull("deepspeedConfig", file);
        return with(t -> {
            t.deepspeedConfig = file;
            t.deepspeed = null;
        });
    }

    /** {@code NPROC_PER_NODE} when it should differ from the number of GPUs. */
    public SwiftTrainer nprocPerNode(int n) {
        Require.atLeast("nprocPerNode", n, 1);
        return with(t -> t.nprocPerNode = n);
    }

    /**
     * Several machines: {@code NNODES}, this machine's {@code NODE_RANK} (0 is the master), the master's address and
     * port. Run the same command on every node with its own rank.
     */
    public SwiftTrainer nodes(int nnodes, int nodeRank, String masterAddr, int masterPort) {
        Require.atLeast("nnodes", nnodes, 1);
        Require.between("nodeRank", nodeRank, 0, nnodes - 1);
        Require.that(nnodes == 1 || masterAddr != null && !masterAddr.isBlank(), "masterAddr", masterAddr,
                "must name the master node when there are several nodes");
        Require.between("masterPort", masterPort, 1, 65535);
        return with(t -> {
            t.nnodes = nnodes;
            t.nodeRank = nodeRank;
            t.masterAddr = masterAddr;
            t.masterPort = masterPort;
        });
    }

    /** {@code --save_on_each_node}: needed on multi-node runs without a shared disk. */
    public SwiftTrainer saveOnEachNode(boolean on) {
        return with(t -> t.saveOnEachNode = on);
    }

    /**
     * Arguments passed through as they are, after the generated ones; a {@code --flag} given here replaces the
     * generated flag of the same name. Replaces the extra arguments set so far.
     */
    public SwiftTrainer extraArgs(String... args) {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            list.add(Require.nonNull("extraArgs", a));
        }
        return with(t -> t.extraArgs = List.copyOf(list));
    }

    /** How to run swift: executable, folder, GPUs, environment, version (default {@link SwiftProcess#defaults()}). */
    public SwiftTrainer process(SwiftProcess process) {
        Require.nonNull("process", process);
        return with(t -> t.process = process);
    }

    public SwiftProcess process() {
        return process;
    }

    public String model() {
        return model;
    }

    /** The output folder, resolved against the working folder. */
    public Path outputDir() {
        return process.resolve(outputDir);
    }

    /**
     * The exact command {@link #start} would run: argv, added environment, working folder and notes (which swift it
     * is for, what was translated for it). With {@link #resumeFromLatest()}, the newest checkpoint is looked up now.
     * With no swift installed and no version set, the command for the newest major (a note says so).
     *
     * @throws InvalidSettingException when the model cannot be named for the swift it is written for
     * @throws dev.novelkit.core.BackendException when the installed swift cannot tell its version
     */
    public SwiftCommand toCommand() {
        return SftCommandLine.of(this, process.target(true), resume(ProgressListener.NONE));
    }

    /**
     * Checks what training reads before anything starts: each local dataset file (it exists, is not empty, is in a
     * layout swift reads), the validation file, the checkpoint to resume from.
     *
     * @throws InvalidInputException naming the file and what is wrong
     */
    public void checkInputs() {
        boolean layout = extraArgs.stream().noneMatch(a -> a.startsWith("--columns"));
        for (Path p : localDatasets) {
            DatasetCheck.check(process.resolve(p), layout);
        }
        if (valDataset != null) {
            DatasetCheck.check(process.resolve(valDataset), layout);
        }
        if (resumeFrom != null && !Files.isDirectory(process.resolve(resumeFrom))) {
            throw new InvalidInputException(process.resolve(resumeFrom).toString(), "checkpoint folder to resume from "
                    + "does not exist");
        }
        if (deepspeedConfig != null && !Files.isRegularFile(process.resolve(deepspeedConfig))) {
            throw new InvalidInputException(process.resolve(deepspeedConfig).toString(), "DeepSpeed configuration "
                    + "file does not exist");
        }
    }

    /**
     * Checks the inputs, finds the installed swift and its version, starts {@code swift sft} and returns its handle.
     * Progress goes to {@code listener} ({@link TrainingListener} also gets every parsed record and every output
     * line). The result fails with a {@link dev.novelkit.core.BackendException} (exit code, the cause such as
     * CUDA out of memory, the output tail) when swift exits non-zero, whatever it printed before.
     *
     * @throws InvalidInputException when a local dataset file or the checkpoint to resume from is missing or bad
     * @throws InvalidSettingException when the model cannot be named for the installed swift
     * @throws dev.novelkit.core.BackendException when swift is not found or cannot tell its version
     */
    public Job<TrainingResult> start(ProgressListener listener) {
        Require.nonNull("listener", listener);
        checkInputs();
        SwiftCommand command = SftCommandLine.of(this, process.target(false), resume(listener));
        return Job.start("swift sft", listener, (cancellation, l) ->
                new SftRun(command, outputDir(), process.stopGrace(), l).run(cancellation));
    }

    private Path resume(ProgressListener listener) {
        if (resumeFrom != null || !resumeFromLatest) {
            return resumeFrom;
        }
        Optional<Path> latest = RunFolders.latestCheckpoint(outputDir());
        if (latest.isPresent()) {
            listener.onMessage("resuming from " + latest.get());
        } else {
            listener.onMessage("no checkpoint under " + outputDir() + " yet: starting from the beginning");
        }
        return latest.orElse(null);
    }

    @Override
    public String toString() {
        return "SwiftTrainer[model " + model + ", datasets " + datasets + ", output " + outputDir + ", " + process + "]";
    }
}
