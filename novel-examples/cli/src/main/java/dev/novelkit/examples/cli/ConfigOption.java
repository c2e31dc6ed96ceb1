package dev.novelkit.examples.cli;

import dev.novelkit.core.config.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --config FILE} for every command that talks to a backend, and the layered {@link Settings} it gives: a
 * flag beats a system property ({@code -Dnovelkit.image.backend=...}), which beats an environment variable
 * ({@code NOVELKIT_IMAGE_BACKEND}), which beats the properties file.
 */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings and backend variables (default: novelkit.properties in the "
                    + "current folder, if there is one); a flag wins over -Dnovelkit.KEY, which wins over "
                    + "NOVELKIT_KEY, which wins over the file.")
    Path config;

    /** The settings of this command line, with no flags yet (add them with {@link Settings#flag}). */
    Settings settings() {
        return Settings.forCommandLine(java.util.Map.of(), config);
    }
}
