package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit image}: Generate a picture of a scene (story card offline, or OpenAI, Wanx, SD WebUI). */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Generate a picture of a scene (story card offline, or OpenAI, Wanx, SD WebUI).")
final class ImageCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit image is not built yet (issue 4)");
    }
}
