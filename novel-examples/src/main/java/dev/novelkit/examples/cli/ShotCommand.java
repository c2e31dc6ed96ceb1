package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit shot}: Turn a still into a video shot (Ken Burns offline, or Kling, Wan). */
@Command(name = "shot", mixinStandardHelpOptions = true, description = "Turn a still into a video shot (Ken Burns offline, or Kling, Wan).")
final class ShotCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit shot is not built yet (issue 4)");
    }
}
