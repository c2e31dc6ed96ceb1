package dev.novelkit.examples.cli;

import dev.novelkit.llm.swift.SwiftChat;
import picocli.CommandLine.Command;

/** {@code novelkit infer}: swift's own terminal chat with a checkpoint (the seed's section 1.3). */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Chat with a checkpoint in this terminal: swift infer (--ckpt_dir on 2.x, --adapters on 3.x and "
                + "4.x). Type exit to end.")
final class InferCommand extends ChatCommand {
    @Override
    SwiftChat chat() {
        return SwiftChat.of(checkpoint);
    }
}
