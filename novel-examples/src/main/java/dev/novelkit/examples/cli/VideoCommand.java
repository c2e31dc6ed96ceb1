package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit video}: the whole job, a novel in and a short video out. */
@Command(name = "video", mixinStandardHelpOptions = true, description = "The whole job: a novel in, a short video out.")
final class VideoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit video is not built yet (issue  a novel in, a short video out.:5)");
    }
}
