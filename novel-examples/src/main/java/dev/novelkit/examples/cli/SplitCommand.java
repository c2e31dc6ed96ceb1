package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit split}: Split a novel into paragraphs (seed-compatible or sentence-aware) as JSONL. */
@Command(name = "split", mixinStandardHelpOptions = true, description = "Split a novel into paragraphs (seed-compatible or sentence-aware) as JSONL.")
final class SplitCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit split is not built yet (issue 2)");
    }
}
