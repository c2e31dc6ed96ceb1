package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit prompt}: Print an image prompt (MidJourney, Stable Diffusion) for a scene and its characters. */
@Command(name = "prompt", mixinStandardHelpOptions = true, description = "Print an image prompt (MidJourney, Stable Diffusion) for a scene and its characters.")
final class PromptCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit prompt is not built yet (issue 4)");
    }
}
