package dev.novelkit.examples.cli;

import dev.novelkit.core.job.Job;
import dev.novelkit.llm.swift.DeepSpeedStage;
import dev.novelkit.llm.swift.SwiftTrainer;
import dev.novelkit.llm.swift.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code novelkit train}: Fine-tune with ms-swift LoRA (swift sft), or print the exact command with --dry-run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune with ms-swift LoRA (swift sft) in the flags of the installed swift (2.x, 3.x or 4.x), "
                + "or print the exact command with --dry-run.",
        footer = {"", "Defaults are the seed's command (LoRA rank 8, alpha 32, lr 3e-5, grad accumulation 16, ...) except",
                "LoRA dropout 0.05 and no sampling flags; --seed-verbatim gives the seed's command (exactly on 2.x,",
                "its intent on 3.x and 4.x: the notes say what changed). The seed's own 2.x command:",
                "  novelkit train --dataset train.jsonl --seed-verbatim --dialect v2 --dry-run",
                "Pass any other swift flag with --extra, e.g. --extra=--attn_impl --extra=flash_attn."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SwiftOptions swift;

    @Option(names = "--dataset", required = true, description = "Training file: .jsonl, .json or .csv (swift's layouts).")
    Path dataset;

    @Option(names = "--model", defaultValue = SwiftTrainer.SEED_MODEL,
            description = "A 2.x model type (qwen2-7b-instruct, turned into its hub id on 3.x and 4.x), a hub id or a "
                    + "local folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-type", description = "Explicit --model_type: a 2.x model type on 2.x (needed for local "
            + "folders), a family such as qwen2 on 3.x and 4.x.")
    String modelType;

    @Option(names = "--output", defaultValue = "output", description = "swift's output folder. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--seed-verbatim", description = "Start from the seed's command (dropout 1, sampling flags).")
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

    @Option(names = "--deepspeed", description = "DeepSpeed ZeRO: zero2, zero3, zero2_offload, zero3_offload.")
    String deepspeed;

    @Option(names = "--resume", description = "Resume from the newest complete checkpoint under --output (after a crash).")
    boolean resume;

    @Option(names = "--resume-from", description = "Resume from this checkpoint folder.")
    Path resumeFrom;

    @Option(names = "--verbose", description = "Echo swift's own output to stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        SwiftTrainer trainer = trainer();
        PrintWriter out = spec.commandLine().getOut();
        if (swift.dryRun) {
            trainer.checkInputs();
            SwiftOptions.print(out, trainer.toCommand());
            return 0;
        }
        TrainingResult result;
        try (Job<TrainingResult> job = trainer.start(new SwiftProgress(verbose))) {
            result = job.await();
        }
        out.println("run folder: " + result.runDir());
        out.printf(Locale.ROOT, "final: %s%n", finalLine(result));
        out.println("last checkpoint: " + result.lastCheckpoint());
        result.bestCheckpoint().ifPresent(best -> out.println("best checkpoint: " + best));
        out.flush();
        return 0;
    }

    private static String finalLine(TrainingResult r) {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("train_loss", "loss", "eval_loss", "token_acc", "seq_acc", "acc", "eval_token_acc",
                "eval_seq_acc", "eval_acc")) {
            double v = r.metric(k);
            if (!Double.isNaN(v)) {
                parts.add(String.format(Locale.ROOT, "%s %.4f", k, v));
            }
        }
        parts.add(String.format(Locale.ROOT, "%d checkpoints kept", r.checkpoints().size()));
        return String.join(", ", parts);
    }

    SwiftTrainer trainer() {
        SwiftTrainer t = (seedVerbatim ? SwiftTrainer.seedVerbatim().dataset(dataset) : SwiftTrainer.of(dataset))
                .model(model).outputDir(output).process(swift.process()).extraArgs(swift.extraArgs());
        if (modelType != null) {
            t = t.modelType(modelType);
        }
        if (loraRank != null) {
            t = t.loraRank(loraRank);
        }
        if (loraAlpha != null) {
            t = t.loraAlpha(loraAlpha);
        }
        if (loraDropout != null) {
            t = t.loraDropout(loraDropout);
        }
        if (learningRate != null) {
            t = t.learningRate(learningRate);
        }
        if (epochs != null) {
            t = t.epochs(epochs);
        }
        if (maxLength != null) {
            t = t.maxLength(maxLength);
        }
        if (batchSize != null) {
            t = t.batchSize(batchSize);
        }
        if (gradAccum != null) {
            t = t.gradientAccumulationSteps(gradAccum);
        }
        if (valDataset != null) {
            t = t.valDataset(valDataset);
        }
        if (system != null) {
            t = t.system(system);
        }
        if (template != null) {
            t = t.template(template);
        }
        if (seed != null) {
            t = t.seed(seed);
        }
        if (deepspeed != null) {
            t = t.deepspeed(DeepSpeedStage.parse(deepspeed));
        }
        if (resumeFrom != null) {
            t = t.resumeFrom(resumeFrom);
        } else if (resume) {
            t = t.resumeFromLatest();
        }
        return t;
    }
}
