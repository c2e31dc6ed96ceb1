package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.DatasetCheck;
import dev.novelkit.llm.swift.internal.Gpus;
import dev.novelkit.llm.swift.internal.RunFolders;
import dev.novelkit.llm.swift.internal.Shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * LoRA fine-tuning with ms-swift ({@code swift sft}), configured like the seed's command and run as a cancellable
 * child process. Immutable: {@link #builder()} gives the seed's values as defaults (LoRA rank 8, alpha 32, target
 * modules ALL, gradient checkpointing, batch size 1, learning rate 3e-5, gradient accumulation 16, max grad norm
 * 1.0, warmup ratio 0.03, eval and save every 100 steps, save limit 2, logging every 10 steps, max length 2048,
 * 1 epoch, {@code check_dataset_strategy warning}, model {@code qwen2-7b-instruct}, output {@code output}, GPU 0),
 * except two deliberate departures:
 * <ul>
 *   <li>LoRA dropout is 0.05 (swift's own default); the seed wrote {@code --lora_dropout_p 1}, a dropout
 *       probability of 1, which zeroes the LoRA branch's input during training.</li>
 *   <li>The seed also passed {@code --do_sample True --top_k 20 --top_p 0.9}; those are generation settings that
 *       {@code swift sft} only uses for {@code predict_with_generate} evaluation, so they are left out; inference
 *       takes them from {@code GenerationOptions.seedDefaults()}.</li>
 * </ul>
 * {@link #seedVerbatim()} reproduces the seed's command exactly, both included.
 *
 * <pre>{@code
 * SwiftTrainer trainer = SwiftTrainer.builder().dataset(Path.of("train.jsonl")).build();
 * System.out.println(trainer.toCommand().toShellString());   // what would run
 * TrainingJob job = trainer.start(ProgressListener.NONE);
 * TrainingResult result = job.await();
 * }</pre>
 *
 * <p>Several GPUs and nodes use swift's own launcher: {@code gpus(0, 1)} sets {@code CUDA_VISIBLE_DEVICES=0,1
 * NPROC_PER_NODE=2}; {@code nodes(2, 0, "10.0.0.1", 29500)} adds {@code NNODES NODE_RANK MASTER_ADDR MASTER_PORT};
 * {@code deepspeed(ZERO2)} adds {@code --deepspeed}.
 */
public final class SwiftTrainer {
    /** The {@code target_modules} value meaning every linear layer ({@code ALL} in 2.x, {@code all-linear} in 3.x). */
    public static final String ALL_LINEAR = "ALL";
    /** The seed's model. */
    public static final String SEED_MODEL = "qwen2-7b-instruct";

    private static final Pattern QWEN_TYPE = Pattern.compile("qwen(2|2_5)-(\\d+(?:_\\d+)?)b(-instruct)?");

    private final Builder b;

    private SwiftTrainer(Builder b) {
        this.b = b.copy();
    }

    /** A builder with the seed's values as defaults (see the class comment for the two departures). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The seed's command exactly: {@code CUDA_VISIBLE_DEVICES=0 swift sft --model_type qwen2-7b-instruct
     * --sft_type lora --output_dir output --dataset train.jsonl ... --lora_dropout_p 1 ... --do_sample True
     * --top_k 20 --top_p 0.9} (2.x flags), as a builder to adjust.
     */
    public static Builder seedVerbatim() {
        return new Builder().dataset(Path.of("train.jsonl")).loraDropout(1.0).evalSampling(true, 20, 0.9);
    }

    /** A builder holding this trainer's settings. */
    public Builder toBuilder() {
        return b.copy();
    }

    public SwiftDialect dialect() {
        return b.dialect;
    }

    /** The output directory, resolved against the working directory. */
    public Path outputDir() {
        return b.workingDir().resolve(b.outputDir);
    }

    /**
     * The exact command that {@link #start} would run: argv, added environment and working directory. With
     * {@link Builder#resumeFromLatest()}, the newest checkpoint under the output directory is looked up now.
     */
    public SwiftCommand toCommand() {
        return command(resolveResume(ProgressListener.NONE));
    }

    /**
     * Checks the dataset files, starts {@code swift sft} and returns its handle. Progress goes to {@code listener}
     * ({@link TrainingListener} also gets every parsed record and, if it wants, every output line).
     *
     * @throws InvalidInputException when a local dataset file is missing, empty, or not in a layout swift reads
     * @throws dev.novelkit.core.BackendException when {@code swift} is not found or cannot be started
     */
    public TrainingJob start(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        boolean layout = b.extraArgs.stream().noneMatch(a -> a.startsWith("--columns"));
        for (Path p : b.localDatasets) {
            DatasetCheck.check(b.workingDir().resolve(p), layout);
        }
        if (b.valDataset != null) {
            DatasetCheck.check(b.workingDir().resolve(b.valDataset), layout);
        }
        SwiftCommand command = command(resolveResume(listener));
        return TrainingJob.start(command, outputDir(), b.cancelGrace, listener);
    }

    private Path resolveResume(ProgressListener listener) {
        if (b.resumeFrom != null) {
            return b.resumeFrom;
        }
        if (!b.resumeFromLatest) {
            return null;
        }
        Optional<Path> latest = RunFolders.latestCheckpoint(outputDir());
        if (latest.isPresent()) {
            listener.onMessage("resuming from " + latest.get());
        } else {
            listener.onMessage("no checkpoint under " + outputDir() + " yet: starting from the beginning");
        }
        return latest.orElse(null);
    }

    private SwiftCommand command(Path resume) {
        SwiftDialect d = b.dialect;
        boolean v2 = d == SwiftDialect.V2;
        List<Flag> flags = new ArrayList<>();
        if (v2) {
            if (isModelType(b.model)) {
                flags.add(Flag.of("--model_type", b.model));
            } else {
                if (b.modelType != null) {
                    flags.add(Flag.of("--model_type", b.modelType));
                }
                flags.add(Flag.of("--model_id_or_path", b.model));
            }
            flags.add(Flag.of("--sft_type", b.tuner));
        } else {
            flags.add(Flag.of("--model", v3Model(b.model)));
            if (b.modelType != null) {
                flags.add(Flag.of("--model_type", b.modelType));
            }
            flags.add(Flag.of("--train_type", b.tuner));
        }
        flags.add(Flag.of("--output_dir", b.outputDir.toString()));
        flags.add(new Flag("--dataset", b.datasets));
        if (b.valDataset != null) {
            flags.add(Flag.of("--val_dataset", b.valDataset.toString()));
        }
        if (b.splitRatio != null) {
            flags.add(Flag.of(v2 ? "--dataset_test_ratio" : "--split_dataset_ratio", Shell.decimal(b.splitRatio)));
        } else if (!v2 && b.valDataset == null) {
            // 3.x (>= 3.6) no longer splits 1% off by default; keep the seed's 2.x behaviour so eval_steps means something
            flags.add(Flag.of("--split_dataset_ratio", "0.01"));
        }
        flags.add(Flag.of("--num_train_epochs", Integer.toString(b.epochs)));
        flags.add(Flag.of("--max_length", Integer.toString(b.maxLength)));
        if (v2) {
            flags.add(Flag.of("--check_dataset_strategy", b.checkDatasetStrategy.flagValue()));
        } else if (b.checkDatasetStrategy == CheckDatasetStrategy.ERROR) {
            flags.add(Flag.of("--strict", "true"));
        }
        flags.add(Flag.of("--lora_rank", Integer.toString(b.loraRank)));
        flags.add(Flag.of("--lora_alpha", Integer.toString(b.loraAlpha)));
        flags.add(Flag.of(v2 ? "--lora_dropout_p" : "--lora_dropout", Shell.decimal(b.loraDropout)));
        List<String> targets = b.targetModules.stream()
                .map(t -> isAllLinear(t) ? (v2 ? "ALL" : "all-linear") : t).toList();
        flags.add(new Flag(v2 ? "--lora_target_modules" : "--target_modules", targets));
        flags.add(Flag.of("--gradient_checkpointing", Boolean.toString(b.gradientCheckpointing)));
        flags.add(Flag.of(v2 ? "--batch_size" : "--per_device_train_batch_size", Integer.toString(b.batchSize)));
        flags.add(Flag.of("--learning_rate", Shell.decimal(b.learningRate)));
        flags.add(Flag.of("--gradient_accumulation_steps", Integer.toString(b.gradientAccumulationSteps)));
        flags.add(Flag.of("--max_grad_norm", Shell.decimal(b.maxGradNorm)));
        flags.add(Flag.of("--warmup_ratio", Shell.decimal(b.warmupRatio)));
        flags.add(Flag.of("--eval_steps", Integer.toString(b.evalSteps)));
        flags.add(Flag.of("--save_steps", Integer.toString(b.saveSteps)));
        flags.add(Flag.of("--save_total_limit", Integer.toString(b.saveTotalLimit)));
        flags.add(Flag.of("--logging_steps", Integer.toString(b.loggingSteps)));
        if (b.doSample != null) {
            if (v2) {
                flags.add(Flag.of("--do_sample", b.doSample ? "True" : "False"));
            } else if (!b.doSample) {
                flags.add(Flag.of("--temperature", "0")); // 3.x has no do_sample: greedy is temperature 0
            }
            flags.add(Flag.of("--top_k", Integer.toString(b.topK)));
            flags.add(Flag.of("--top_p", Shell.decimal(b.topP)));
        }
        if (b.template != null) {
            flags.add(Flag.of(v2 ? "--template_type" : "--template", b.template));
        }
        if (b.dtype != null) {
            flags.add(Flag.of(v2 ? "--dtype" : "--torch_dtype", b.dtype.flagValue(d)));
        }
        if (b.system != null) {
            flags.add(Flag.of("--system", b.system));
        }
        if (b.seed != null) {
            flags.add(Flag.of("--seed", Long.toString(b.seed)));
        }
        if (b.deepspeed != null) {
            flags.add(Flag.of("--deepspeed", b.deepspeed.flagValue(d)));
        } else if (b.deepspeedConfig != null) {
            flags.add(Flag.of("--deepspeed", b.deepspeedConfig.toString()));
        }
        if (b.saveOnEachNode != null) {
            flags.add(Flag.of("--save_on_each_node", Boolean.toString(b.saveOnEachNode)));
        }
        if (resume != null) {
            flags.add(Flag.of("--resume_from_checkpoint", resume.toString()));
        }
        Set<String> overridden = b.extraArgs.stream().filter(a -> a.startsWith("--")).map(a -> {
            int eq = a.indexOf('=');
            return eq < 0 ? a : a.substring(0, eq);
        }).collect(Collectors.toCollection(HashSet::new));
        List<String> argv = new ArrayList<>();
        argv.add(b.executable == null ? "swift" : b.executable.toString());
        argv.add("sft");
        for (Flag f : flags) {
            if (!overridden.contains(f.name)) {
                argv.add(f.name);
                argv.addAll(f.values);
            }
        }
        argv.addAll(b.extraArgs);
        return new SwiftCommand(argv, environment(), b.workingDir());
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        Gpus.putVisibleDevices(env, b.gpus);
        int nproc = b.nprocPerNode != null ? b.nprocPerNode : b.gpus.size() > 1 ? b.gpus.size() : 0;
        if (nproc > 0 && (nproc > 1 || b.nnodes > 1 || b.nprocPerNode != null)) {
            env.put("NPROC_PER_NODE", Integer.toString(nproc));
        }
        if (b.nnodes > 1) {
            env.put("NNODES", Integer.toString(b.nnodes));
            env.put("NODE_RANK", Integer.toString(b.nodeRank));
            env.put("MASTER_ADDR", b.masterAddr);
            env.put("MASTER_PORT", Integer.toString(b.masterPort));
        }
        env.putAll(b.environment);
        return env;
    }

    /** Whether {@code model} is a swift 2.x model type ({@code qwen2-7b-instruct}) rather than a hub id or path. */
    static boolean isModelType(String model) {
        return model.indexOf('/') < 0 && model.indexOf('\\') < 0 && !model.startsWith(".") && !model.startsWith("~")
                && !Files.isDirectory(Path.of(model));
    }

    private static boolean isLocalPath(String model) {
        return model.startsWith("/") || model.startsWith("./") || model.startsWith("../") || model.startsWith("~")
                || Files.isDirectory(Path.of(model));
    }

    private static boolean isAllLinear(String t) {
        return t.equals("ALL") || t.equalsIgnoreCase("all-linear");
    }

    /**
     * The 3.x {@code --model} value: ids and paths as they are, Qwen2/Qwen2.5 model types translated
     * ({@code qwen2-7b-instruct} → {@code Qwen/Qwen2-7B-Instruct}).
     */
    static String v3Model(String model) {
        if (!isModelType(model)) {
            return model;
        }
        Matcher m = QWEN_TYPE.matcher(model.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        String version = m.group(1).replace('_', '.');
        String size = m.group(2).replace('_', '.') + "B";
        return "Qwen/Qwen" + version + "-" + size + (m.group(3) != null ? "-Instruct" : "");
    }

    @Override
    public String toString() {
        return "SwiftTrainer[" + command(b.resumeFrom).toString() + "]";
    }

    private record Flag(String name, List<String> values) {
        static Flag of(String name, String value) {
            return new Flag(name, List.of(value));
        }
    }

    /** Fluent settings for {@link SwiftTrainer}; {@link #build()} validates them once. Not thread-safe. */
    public static final class Builder {
        private SwiftDialect dialect = SwiftDialect.V2;
        private String model = SEED_MODEL;
        private String modelType;
        private String tuner = "lora";
        private List<String> datasets = new ArrayList<>();
        private List<Path> localDatasets = new ArrayList<>();
        private Path valDataset;
        private Double splitRatio;
        private Path outputDir = Path.of("output");
        private int epochs = 1;
        private int maxLength = 2048;
        private CheckDatasetStrategy checkDatasetStrategy = CheckDatasetStrategy.WARNING;
        private int loraRank = 8;
        private int loraAlpha = 32;
        private double loraDropout = 0.05;
        private List<String> targetModules = List.of(ALL_LINEAR);
        private boolean gradientCheckpointing = true;
        private int batchSize = 1;
        private double learningRate = 3e-5;
        private int gradientAccumulationSteps = 16;
        private double maxGradNorm = 1.0;
        private double warmupRatio = 0.03;
        private int evalSteps = 100;
        private int saveSteps = 100;
        private int saveTotalLimit = 2;
        private int loggingSteps = 10;
        private Boolean doSample;
        private int topK;
        private double topP;
        private String template;
        private SwiftDtype dtype;
        private String system;
        private Path resumeFrom;
        private boolean resumeFromLatest;
        private DeepSpeedStage deepspeed;
        private Path deepspeedConfig;
        private Long seed;
        private List<Integer> gpus = List.of(0);
        private Integer nprocPerNode;
        private int nnodes = 1;
        private int nodeRank;
        private String masterAddr;
        private int masterPort = 29500;
        private Boolean saveOnEachNode;
        private Path executable;
        private Path workingDir;
        private Map<String, String> environment = new LinkedHashMap<>();
        private List<String> extraArgs = new ArrayList<>();
        private Duration cancelGrace = Duration.ofSeconds(10);

        private Builder() {
        }

        private Builder copy() {
            Builder c = new Builder();
            c.dialect = dialect;
            c.model = model;
            c.modelType = modelType;
            c.tuner = tuner;
            c.datasets = new ArrayList<>(datasets);
            c.localDatasets = new ArrayList<>(localDatasets);
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
            c.resumeFrom = resumeFrom;
            c.resumeFromLatest = resumeFromLatest;
            c.deepspeed = deepspeed;
            c.deepspeedConfig = deepspeedConfig;
            c.seed = seed;
            c.gpus = gpus;
            c.nprocPerNode = nprocPerNode;
            c.nnodes = nnodes;
            c.nodeRank = nodeRank;
            c.masterAddr = masterAddr;
            c.masterPort = masterPort;
            c.saveOnEachNode = saveOnEachNode;
            c.executable = executable;
            c.workingDir = workingDir;
            c.environment = new LinkedHashMap<>(environment);
            c.extraArgs = new ArrayList<>(extraArgs);
            c.cancelGrace = cancelGrace;
            return c;
        }

        private Path workingDir() {
            return workingDir != null ? workingDir : Path.of("").toAbsolutePath();
        }

        /** Which swift command line to write (default {@link SwiftDialect#V2}, the seed's). */
        public Builder dialect(SwiftDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The base model: a swift 2.x model type ({@code qwen2-7b-instruct}, the default), a hub id
         * ({@code Qwen/Qwen2-7B-Instruct}) or a local folder. For 3.x, Qwen2/Qwen2.5 model types are translated to
         * their hub ids.
         */
        public Builder model(String model) {
            this.model = requireText("model", model);
            return this;
        }

        /** An explicit {@code --model_type} (2.x needs it for local model folders; 3.x for unregistered models). */
        public Builder modelType(String modelType) {
            this.modelType = requireText("modelType", modelType);
            return this;
        }

        /** The tuner ({@code --sft_type}/{@code --train_type}): {@code lora} (default), {@code full}, ... */
        public Builder tuner(String tuner) {
            this.tuner = requireText("tuner", tuner);
            return this;
        }

        /** Local training files ({@code .jsonl}, {@code .json}, {@code .csv}), checked before launching. Replaces earlier datasets. */
        public Builder dataset(Path... files) {
            datasets = new ArrayList<>();
            localDatasets = new ArrayList<>();
            for (Path f : files) {
                localDatasets.add(Objects.requireNonNull(f, "dataset"));
                datasets.add(f.toString());
            }
            return this;
        }

        /** Adds hub datasets by id ({@code AI-ModelScope/alpaca-gpt4-data-zh#500}); not checked locally. */
        public Builder hubDataset(String... ids) {
            for (String id : ids) {
                datasets.add(requireText("hubDataset", id));
            }
            return this;
        }

        /** A separate validation file ({@code --val_dataset}). */
        public Builder valDataset(Path file) {
            this.valDataset = Objects.requireNonNull(file, "valDataset");
            return this;
        }

        /**
         * The share of the training data split off for validation ({@code --dataset_test_ratio} in 2.x,
         * {@code --split_dataset_ratio} in 3.x). When neither this nor a validation file is set, 2.x splits 1% by
         * itself and the 3.x command says {@code --split_dataset_ratio 0.01} to match.
         */
        public Builder splitRatio(double ratio) {
            this.splitRatio = ratio;
            return this;
        }

        /** Where swift creates its run folders (default {@code output}, relative to the working directory). */
        public Builder outputDir(Path dir) {
            this.outputDir = Objects.requireNonNull(dir, "outputDir");
            return this;
        }

        /** {@code --num_train_epochs} (default 1). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** {@code --max_length} in tokens (default 2048). */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** {@code --check_dataset_strategy} (default warning; see {@link CheckDatasetStrategy} for 3.x). */
        public Builder checkDatasetStrategy(CheckDatasetStrategy strategy) {
            this.checkDatasetStrategy = Objects.requireNonNull(strategy, "checkDatasetStrategy");
            return this;
        }

        /** {@code --lora_rank} (default 8). */
        public Builder loraRank(int rank) {
            this.loraRank = rank;
            return this;
        }

        /** {@code --lora_alpha} (default 32). */
        public Builder loraAlpha(int alpha) {
            this.loraAlpha = alpha;
            return this;
        }

        /** LoRA dropout probability, {@code --lora_dropout_p} (2.x) / {@code --lora_dropout} (3.x); default 0.05. */
        public Builder loraDropout(double p) {
            this.loraDropout = p;
            return this;
        }

        /** LoRA target modules; {@link #ALL_LINEAR} (the default) means every linear layer. */
        public Builder targetModules(String... modules) {
            if (modules.length == 0) {
                throw new InvalidInputException("targetModules", "needs at least one module name");
            }
            List<String> list = new ArrayList<>();
            for (String m : modules) {
                list.add(requireText("targetModules", m));
            }
            this.targetModules = List.copyOf(list);
            return this;
        }

        /** {@code --gradient_checkpointing} (default true). */
        public Builder gradientCheckpointing(boolean on) {
            this.gradientCheckpointing = on;
            return this;
        }

        /** Per-device batch size, {@code --batch_size} (2.x) / {@code --per_device_train_batch_size} (3.x); default 1. */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /** {@code --learning_rate} (default 3e-5). */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** {@code --gradient_accumulation_steps} (default 16). */
        public Builder gradientAccumulationSteps(int steps) {
            this.gradientAccumulationSteps = steps;
            return this;
        }

        /** {@code --max_grad_norm} (default 1.0). */
        public Builder maxGradNorm(double norm) {
            this.maxGradNorm = norm;
            return this;
        }

        /** {@code --warmup_ratio} (default 0.03). */
        public Builder warmupRatio(double ratio) {
            this.warmupRatio = ratio;
            return this;
        }

        /** {@code --eval_steps} (default 100). */
        public Builder evalSteps(int steps) {
            this.evalSteps = steps;
            return this;
        }

        /** {@code --save_steps} (default 100). */
        public Builder saveSteps(int steps) {
            this.saveSteps = steps;
            return this;
        }

        /** {@code --save_total_limit} (default 2). */
        public Builder saveTotalLimit(int limit) {
            this.saveTotalLimit = limit;
            return this;
        }

        /** {@code --logging_steps} (default 10). */
        public Builder loggingSteps(int steps) {
            this.loggingSteps = steps;
            return this;
        }

        /**
         * Generation settings for {@code predict_with_generate} evaluation, as the seed passed them
         * ({@code --do_sample --top_k --top_p}); off by default. 3.x has no {@code do_sample}: false becomes
         * {@code --temperature 0}.
         */
        public Builder evalSampling(boolean doSample, int topK, double topP) {
            this.doSample = doSample;
            this.topK = topK;
            this.topP = topP;
            return this;
        }

        /** Chat template, {@code --template_type} (2.x) / {@code --template} (3.x); swift picks one when unset. */
        public Builder template(String template) {
            this.template = requireText("template", template);
            return this;
        }

        /** Weight dtype, {@code --dtype} (2.x) / {@code --torch_dtype} (3.x); swift picks one when unset. */
        public Builder dtype(SwiftDtype dtype) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            return this;
        }

        /** A default system prompt ({@code --system}) for records without one. */
        public Builder system(String system) {
            this.system = requireText("system", system);
            return this;
        }

        /** Resumes from this checkpoint ({@code --resume_from_checkpoint}); keep the other settings unchanged. */
        public Builder resumeFrom(Path checkpoint) {
            this.resumeFrom = Objects.requireNonNull(checkpoint, "resumeFrom");
            this.resumeFromLatest = false;
            return this;
        }

        /**
         * After a crash: resume from the newest complete checkpoint found under the output directory when the
         * command is made, or start from the beginning when there is none.
         */
        public Builder resumeFromLatest() {
            this.resumeFromLatest = true;
            this.resumeFrom = null;
            return this;
        }

        /** A built-in DeepSpeed configuration ({@code --deepspeed}), named the way the dialect wants. */
        public Builder deepspeed(DeepSpeedStage stage) {
            this.deepspeed = Objects.requireNonNull(stage, "deepspeed");
            this.deepspeedConfig = null;
            return this;
        }

        /** A DeepSpeed JSON configuration file of your own ({@code --deepspeed FILE}). */
        public Builder deepspeedConfig(Path file) {
            this.deepspeedConfig = Objects.requireNonNull(file, "deepspeedConfig");
            this.deepspeed = null;
            return this;
        }

        /** {@code --seed}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * GPUs to use ({@code CUDA_VISIBLE_DEVICES}, default 0 as in the seed). More than one also sets
         * {@code NPROC_PER_NODE} to their number (one process per GPU). No argument: leave
         * {@code CUDA_VISIBLE_DEVICES} as inherited.
         */
        public Builder gpus(int... ids) {
            this.gpus = Gpus.of(ids);
            return this;
        }

        /** {@code NPROC_PER_NODE} when it should differ from the number of GPUs. */
        public Builder nprocPerNode(int n) {
            this.nprocPerNode = n;
            return this;
        }

        /**
         * Several machines: {@code NNODES}, this machine's {@code NODE_RANK} (0 is the master), the master's
         * address and port. Run the same command on every node with its own rank.
         */
        public Builder nodes(int nnodes, int nodeRank, String masterAddr, int masterPort) {
            this.nnodes = nnodes;
            this.nodeRank = nodeRank;
            this.masterAddr = masterAddr;
            this.masterPort = masterPort;
            return this;
        }

        /** {@code --save_on_each_node}: needed on multi-node runs without a shared disk. */
        public Builder saveOnEachNode(boolean on) {
            this.saveOnEachNode = on;
            return this;
        }

        /** The swift executable (default: {@code swift} found on the PATH). */
        public Builder executable(Path swift) {
            this.executable = Objects.requireNonNull(swift, "executable");
            return this;
        }

        /** The directory swift runs in; relative paths are relative to it (default: the current directory). */
        public Builder workingDir(Path dir) {
            this.workingDir = Objects.requireNonNull(dir, "workingDir").toAbsolutePath();
            return this;
        }

        /** An extra environment variable for the child process ({@code HF_HOME}, {@code MODELSCOPE_CACHE}, {@code PATH}, ...). */
        public Builder environment(String name, String value) {
            environment.put(requireText("environment", name), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Arguments passed through as they are, after the generated ones; a {@code --flag} given here replaces the
         * generated flag of the same name.
         */
        public Builder extraArgs(String... args) {
            for (String a : args) {
                extraArgs.add(Objects.requireNonNull(a, "extraArgs"));
            }
            return this;
        }

        /** How long {@code cancel()} waits after asking swift to stop before killing it (default 10 s). */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = Objects.requireNonNull(grace, "cancelGrace");
            return this;
        }

        /** Validates everything once and returns the immutable trainer. */
        public SwiftTrainer build() {
            if (datasets.isEmpty()) {
                throw new InvalidInputException("dataset", "no dataset: give a training file with dataset(Path)");
            }
            positive("epochs", epochs);
            positive("maxLength", maxLength);
            positive("loraRank", loraRank);
            positive("loraAlpha", loraAlpha);
            if (!(loraDropout >= 0 && loraDropout <= 1)) {
                throw new InvalidInputException("loraDropout", "must be in [0, 1], was " + loraDropout);
            }
            positive("batchSize", batchSize);
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new InvalidInputException("learningRate", "must be in (0, 1), was " + learningRate);
            }
            positive("gradientAccumulationSteps", gradientAccumulationSteps);
            if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
                throw new InvalidInputException("maxGradNorm", "must be > 0, was " + maxGradNorm);
            }
            if (!(warmupRatio >= 0 && warmupRatio < 1)) {
                throw new InvalidInputException("warmupRatio", "must be in [0, 1), was " + warmupRatio);
            }
            positive("evalSteps", evalSteps);
            positive("saveSteps", saveSteps);
            if (saveTotalLimit < 1 && saveTotalLimit != -1) {
                throw new InvalidInputException("saveTotalLimit", "must be >= 1 (or -1 for all), was " + saveTotalLimit);
            }
            positive("loggingSteps", loggingSteps);
            if (splitRatio != null && !(splitRatio >= 0 && splitRatio < 1)) {
                throw new InvalidInputException("splitRatio", "must be in [0, 1), was " + splitRatio);
            }
            if (splitRatio != null && valDataset != null) {
                throw new InvalidInputException("splitRatio", "give either a validation file or a split ratio, not both");
            }
            if (doSample != null) {
                positive("topK", topK);
                if (!(topP > 0 && topP <= 1)) {
                    throw new InvalidInputException("topP", "must be in (0, 1], was " + topP);
                }
            }
            for (int g : gpus) {
                if (g < 0) {
                    throw new InvalidInputException("gpus", "GPU ids must be >= 0, was " + g);
                }
            }
            if (gpus.size() != gpus.stream().distinct().count()) {
                throw new InvalidInputException("gpus", "GPU ids repeat: " + gpus);
            }
            if (nprocPerNode != null) {
                positive("nprocPerNode", nprocPerNode);
            }
            positive("nnodes", nnodes);
            if (nodeRank < 0 || nodeRank >= nnodes) {
                throw new InvalidInputException("nodeRank", "must be in [0, " + nnodes + "), was " + nodeRank);
            }
            if (nnodes > 1 && (masterAddr == null || masterAddr.isBlank())) {
                throw new InvalidInputException("masterAddr", "several nodes need the master node's address");
            }
            if (masterPort < 1 || masterPort > 65535) {
                throw new InvalidInputException("masterPort", "must be in [1, 65535], was " + masterPort);
            }
            if (cancelGrace.isNegative()) {
                throw new InvalidInputException("cancelGrace", "must not be negative, was " + cancelGrace);
            }
            if (dialect == SwiftDialect.V3 && v3Model(model) == null) {
                throw new InvalidInputException("model", "'" + model + "' is a swift 2.x model type; swift 3.x needs a "
                        + "model id or path such as Qwen/Qwen2-7B-Instruct");
            }
            if (dialect == SwiftDialect.V2 && modelType == null && !isModelType(model) && isLocalPath(model)) {
                throw new InvalidInputException("modelType", "swift 2.x needs modelType(...) (--model_type) for the "
                        + "local model folder '" + model + "'");
            }
            return new SwiftTrainer(this);
        }

        private static void positive(String field, int value) {
            if (value <= 0) {
                throw new InvalidInputException(field, "must be > 0, was " + value);
            }
        }

        private static String requireText(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(field, "must not be empty, was " + (value == null ? "null" : "'" + value + "'"));
            }
            return value;
        }
    }
}
