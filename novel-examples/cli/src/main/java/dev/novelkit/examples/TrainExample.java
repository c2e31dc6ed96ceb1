package dev.novelkit.examples;

import dev.novelkit.llm.swift.DeepSpeedStage;
import dev.novelkit.llm.swift.SwiftDeployment;
import dev.novelkit.llm.swift.SwiftDialect;
import dev.novelkit.llm.swift.SwiftExport;
import dev.novelkit.llm.swift.SwiftTrainer;

import java.nio.file.Path;

/**
 * Prints, without running anything, the seed's {@code swift sft} command in both swift dialects, NovelKit's defaults,
 * a two-GPU DeepSpeed variant, and the merge and deploy commands that follow. Runs offline as is; to really train,
 * call {@code trainer.start(listener)} on a machine with ms-swift and a GPU (or use {@code novelkit train}).
 */
public final class TrainExample {
    public static void main(String[] args) {
        Path data = Path.of("train.jsonl");

        SwiftTrainer seed = SwiftTrainer.seedVerbatim().build();
        System.out.println("# The seed's command, swift 2.x, exactly (note --lora_dropout_p 1):");
        System.out.println(seed.toCommand().toMultilineShellString());

        System.out.println("\n# The same settings in swift 3.x:");
        System.out.println(seed.toBuilder().dialect(SwiftDialect.V3).build().toCommand().toMultilineShellString());

        SwiftTrainer defaults = SwiftTrainer.builder().dataset(data).build();
        System.out.println("\n# NovelKit's defaults: the seed's values, LoRA dropout 0.05, no sampling flags (2.x):");
        System.out.println(defaults.toCommand().toShellString());

        SwiftTrainer twoGpus = defaults.toBuilder().dialect(SwiftDialect.V3).gpus(0, 1)
                .deepspeed(DeepSpeedStage.ZERO2).build();
        System.out.println("\n# Outgrowing one GPU: two GPUs with DeepSpeed ZeRO-2 (3.x):");
        System.out.println(twoGpus.toCommand().toShellString());

        Path checkpoint = Path.of("output/qwen2-7b-instruct/v0-20240729-012301/checkpoint-93");
        System.out.println("\n# Afterwards: merge the LoRA weights, or serve the checkpoint directly:");
        System.out.println(SwiftExport.builder().checkpoint(checkpoint).build().toCommand().toShellString());
        System.out.println(SwiftDeployment.builder().checkpoint(checkpoint).port(8000).toCommand().toShellString());
    }
}
