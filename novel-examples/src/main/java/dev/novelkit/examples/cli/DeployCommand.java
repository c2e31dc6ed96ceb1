package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit deploy}: Serve a checkpoint with swift deploy until interrupted. */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Serve a checkpoint with swift deploy until interrupted.")
final class DeployCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit deploy is not built yet (issue 3)");
    }
}
