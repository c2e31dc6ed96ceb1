package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit generate}: Write a story from a summary, a previous ending or a brief, streamed to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write a story from a summary, a previous ending or a brief, streamed to stdout.")
final class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit generate is not built yet (issue 3)");
    }
}
