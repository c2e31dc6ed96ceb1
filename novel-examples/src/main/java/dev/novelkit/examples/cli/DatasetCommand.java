package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit dataset}: Build the fine-tuning dataset (summary, continuation and brief samples) from a novel. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Build the fine-tuning dataset (summary, continuation and brief samples) from a novel.")
final class DatasetCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit dataset is not built yet (issue 2)");
    }
}
