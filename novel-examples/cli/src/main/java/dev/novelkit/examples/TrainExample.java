package dev.novelkit.examples;

import dev.novelkit.llm.swift.DeepSpeedStage;
import dev.novelkit.llm.swift.SwiftChat;
import dev.novelkit.llm.swift.SwiftDeployment;
import dev.novelkit.llm.swift.SwiftDialect;
import dev.novelkit.llm.swift.SwiftExport;
import dev.novelkit.llm.swift.SwiftProcess;
import dev.novelkit.llm.swift.SwiftTrainer;

import java.nio.file.Path;

/**
 * Prints, without running anything, the training commands for the ms-swift installed here (or, with none installed,
 * for the newest major, 4.x: what {@code pip install ms-swift -U} gives), then the same settings for 3.x and for the
 * seed's 2.x, a two-GPU DeepSpeed variant, and the chat, web UI, merge and serve commands that follow. Runs offline
 * as is; to really train, call {@code trainer.start(listener)} on a machine with ms-swift and a GPU (or use
 * {@code novelkit train}).
 */
public final class TrainExample {
    public static void main(String[] args) {
        SwiftTrainer trainer = SwiftTrainer.of(Path.of("train.jsonl"));
        System.out.println("# NovelKit's defaults for the installed swift (the seed's values, LoRA dropout 0.05):");
        System.out.println(trainer.toCommand().toScript());

        SwiftProcess v3 = SwiftProcess.defaults().dialect(SwiftDialect.V3);
        System.out.println("\n# The seed's intent on swift 3.x (the notes say what was translated):");
        System.out.println(SwiftTrainer.seedVerbatim().process(v3).toCommand().toScript());

        System.out.println("\n# The seed's command exactly, swift 2.x (note --lora_dropout_p 1):");
        SwiftProcess v2 = SwiftProcess.defaults().dialect(SwiftDialect.V2);
        System.out.println(SwiftTrainer.seedVerbatim().process(v2).toCommand().toMultilineShellString());

        System.out.println("\n# Outgrowing one GPU: two GPUs with DeepSpeed ZeRO-2:");
        System.out.println(trainer.deepspeed(DeepSpeedStage.ZERO2).process(trainer.process().gpus(0, 1))
                .toCommand().toShellString());

        Path checkpoint = Path.of("output/v0-20250422-101811/checkpoint-94");
        System.out.println("\n# Afterwards (the seed's section 1.3): chat in the terminal, open the web UI, merge, serve:");
        System.out.println(SwiftChat.of(checkpoint).toCommand().toShellString());
        System.out.println(SwiftChat.of(checkpoint).webUi(true).toCommand().toShellString());
        System.out.println(SwiftExport.of(checkpoint).toCommand().toShellString());
        System.out.println(SwiftDeployment.of(checkpoint).port(8000).toCommand().toShellString());
    }
}
