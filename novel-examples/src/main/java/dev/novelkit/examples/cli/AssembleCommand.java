package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit assemble}: Assemble a timeline JSON of shots, voices, music and subtitles into an MP4. */
@Command(name = "assemble", mixinStandardHelpOptions = true, description = "Assemble a timeline JSON of shots, voices, music and subtitles into an MP4.")
final class AssembleCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit assemble is not built yet (issue 4)");
    }
}
