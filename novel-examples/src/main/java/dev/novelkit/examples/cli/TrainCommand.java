package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit train}: Fine-tune with ms-swift LoRA (swift sft), or print the exact command with --dry-run. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Fine-tune with ms-swift LoRA (swift sft), or print the exact command with --dry-run.")
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit train is not built yet (issue 3)");
    }
}
