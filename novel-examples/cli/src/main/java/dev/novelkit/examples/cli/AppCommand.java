package dev.novelkit.examples.cli;

import dev.novelkit.llm.swift.SwiftChat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code novelkit app}: swift's web UI for a checkpoint (the seed's section 1.3). */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Open swift's web UI for a checkpoint (swift app-ui on 2.x, swift app on 3.x and 4.x) until "
                + "interrupted; swift prints the URL.",
        footer = {"", "Behind a proxy path, set it as the seed does: --env GRADIO_ROOT_PATH=/dsw-xxxxxx/proxy/7860/"})
final class AppCommand extends ChatCommand {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the web UI listens on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Port of the web UI (default: swift's, 7860).")
    int port;

    @Override
    SwiftChat chat() {
        return SwiftChat.of(checkpoint).webUi(true).host(host).port(port);
    }
}
