package dev.novelkit.examples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code novelkit voice}: Speak a line with a character voice (espeak-ng offline, or Azure, OpenAI). */
@Command(name = "voice", mixinStandardHelpOptions = true, description = "Speak a line with a character voice (espeak-ng offline, or Azure, OpenAI).")
final class VoiceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("novelkit voice is not built yet (issue 4)");
    }
}
