package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.llm.swift.DeepSpeedStage;
import dev.novelkit.llm.swift.SwiftDialect;
import dev.novelkit.llm.swift.SwiftTrainer;
import dev.novelkit.llm.swift.TrainingJob;
import dev.novelkit.llm.swift.TrainingListener;
import dev.novelkit.llm.swift.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code novelkit train}: Fine-tune with ms-swift LoRA (swift sft), or print the exact command with --dry-run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune with ms-swift LoRA (swift sft), or print the exact command with --dry-run.",
        footer = {"", "Defaults are the seed's command (LoRA rank 8, alpha 32, lr 3e-5, grad accumulation 16, ...) except",
                "LoRA dropout 0.05 and no sampling flags; --seed-verbatim gives the seed's command exactly.",
                "Pass any other swift flag with --extra, e.g. --extra=--use_flash_attn --extra=true."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, description = "Training file: .jsonl, .json or .csv (swift's layouts).")
    Path dataset;

    @Option(names = "--model", defaultValue = SwiftTrainer.SEED_MODEL,
            description = "Model type (2.x), hub id or local folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-type", description = "Explicit --model_type (needed by 2.x for local model folders).")
    String modelType;

    @Option(names = "--dialect", defaultValue = "v2", description = "swift command line: v2 (the seed's) or v3.")
    String dialect;

    @Option(names = "--output", defaultValue = "output", description = "swift's output folder. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--dry-run", description = "Print the exact command and environment; run nothing.")
    boolean dryRun;

    @Option(names = "--seed-verbatim", description = "Start from the seed's command exactly (dropout 1, sampling flags).")
    boolean seedVerbatim;

    @Option(names = "--lora-rank", description = "LoRA rank (default 8).")
    Integer loraRank;

    @Option(names = "--lora-alpha", description = "LoRA alpha (default 32).")
    Integer loraAlpha;

    @Option(names = "--lora-dropout", description = "LoRA dropout probability (default 0.05).")
    Double loraDropout;

    @Option(names = "--learning-rate", description = "Learning rate (default 3e-5).")
    Double learningRate;

    @Option(names = "--epochs", description = "Training epochs (default 1).")
    Integer epochs;

    @Option(names = "--max-length", description = "Maximum tokens per sample (default 2048).")
    Integer maxLength;

    @Option(names = "--batch-size", description = "Per-device batch size (default 1).")
    Integer batchSize;

    @Option(names = "--grad-accum", description = "Gradient accumulation steps (default 16).")
    Integer gradAccum;

    @Option(names = "--val-dataset", description = "A separate validation file.")
    Path valDataset;

    @Option(names = "--system", description = "Default system prompt.")
    String system;

    @Option(names = "--template", description = "Chat template (swift picks one by default).")
    String template;

    @Option(names = "--seed", description = "Random seed.")
    Long seed;

    @Option(names = "--gpus", defaultValue = "0",
            description = "GPU ids, comma-separated (0,1 also sets NPROC_PER_NODE=2); 'inherit' keeps CUDA_VISIBLE_DEVICES as is.")
    String gpus;

    @Option(names = "--deepspeed", description = "DeepSpeed ZeRO: zero2, zero3, zero2_offload, zero3_offload.")
    String deepspeed;

    @Option(names = "--resume", description = "Resume from the newest complete checkpoint under --output (after a crash).")
    boolean resume;

    @Option(names = "--resume-from", description = "Resume from this checkpoint folder.")
    Path resumeFrom;

    @Option(names = "--extra", description = "A swift argument passed through as is (repeat for each token).")
    List<String> extra = new ArrayList<>();

    @Option(names = "--env", description = "An environment variable for swift, NAME=VALUE (repeatable), e.g. MODELSCOPE_CACHE=/data/ms.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--swift", description = "The swift executable (default: swift on the PATH).")
    Path swift;

    @Option(names = "--verbose", description = "Echo swift's own output to stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        SwiftTrainer trainer = trainer();
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.println(trainer.toCommand().toMultilineShellString());
            out.flush();
            return 0;
        }
        ProgressBar bar = ProgressBar.stderr();
        TrainingJob job = trainer.start(new TrainingListener() {
            @Override
            public void onProgress(Progress p) {
                bar.onProgress(p);
            }

            @Override
            public void onMessage(String message) {
                bar.onMessage(message);
            }

            @Override
            public void onOutput(String line) {
                if (verbose) {
                    System.err.println(line);
                }
            }
        });
        TrainingResult result = job.await();
        out.println("run folder: " + result.runDir());
        out.printf(Locale.ROOT, "final: %s%n", finalLine(result));
        out.println("last checkpoint: " + result.lastCheckpoint());
        out.println("best checkpoint: " + result.bestCheckpoint());
        out.flush();
        return 0;
    }

    private static String finalLine(TrainingResult r) {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("train_loss", "loss", "eval_loss", "token_acc", "acc", "eval_token_acc", "eval_acc")) {
            double v = r.metric(k);
            if (!Double.isNaN(v)) {
                parts.add(String.format(Locale.ROOT, "%s %.4f", k, v));
            }
        }
        parts.add(String.format(Locale.ROOT, "%d checkpoints kept", r.checkpoints().size()));
        return String.join(", ", parts);
    }

    SwiftTrainer trainer() {
        SwiftTrainer.Builder b = seedVerbatim ? SwiftTrainer.seedVerbatim() : SwiftTrainer.builder();
        b.dialect(SwiftDialect.parse(dialect)).model(model).dataset(dataset).outputDir(output);
        if (modelType != null) {
            b.modelType(modelType);
        }
        if (loraRank != null) {
            b.loraRank(loraRank);
        }
        if (loraAlpha != null) {
            b.loraAlpha(loraAlpha);
        }
        if (loraDropout != null) {
            b.loraDropout(loraDropout);
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (maxLength != null) {
            b.maxLength(maxLength);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (gradAccum != null) {
            b.gradientAccumulationSteps(gradAccum);
        }
        if (valDataset != null) {
            b.valDataset(valDataset);
        }
        if (system != null) {
            b.system(system);
        }
        if (template != null) {
            b.template(template);
        }
        if (seed != null) {
            b.seed(seed);
        }
        b.gpus(parseGpus(gpus));
        if (deepspeed != null) {
            b.deepspeed(DeepSpeedStage.parse(deepspeed));
        }
        if (resumeFrom != null) {
            b.resumeFrom(resumeFrom);
        } else if (resume) {
            b.resumeFromLatest();
        }
        if (swift != null) {
            b.executable(swift);
        }
        env.forEach(b::environment);
        b.extraArgs(extra.toArray(String[]::new));
        return b.build();
    }

    /** "0,1" → [0, 1]; "inherit" (or "") → none. Shared with {@code novelkit deploy}. */
    static int[] parseGpus(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("inherit")) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--gpus", "expected GPU ids such as 0,1 or 'inherit', was '" + text + "'");
            }
        }
        return ids;
    }
}
