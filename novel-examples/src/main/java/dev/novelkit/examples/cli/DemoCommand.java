package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit demo}: The whole job fully offline on the bundled sample novel. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The whole job fully offline on the bundled sample novel.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit demo is not built yet (issue 5)");
    }
}
