package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit clean}: cleans a dataset. */
@Command(name = "clean", mixinStandardHelpOptions = true, description = "Clean a dataset: token-length filters with the Qwen tokenizer, special symbols, duplicates.")
final class CleanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit clean is not built yet (issue  token-length filters with the Qwen tokenizer, special symbols, duplicates.:2)");
    }
}
