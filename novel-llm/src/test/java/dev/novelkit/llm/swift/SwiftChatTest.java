package dev.novelkit.llm.swift;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terminal chat and web UI command lines per major (the seed's section 1.3). They run on the user's terminal,
 * which a test JVM cannot lend: the CLI tests run them end to end in a separate process.
 */
class SwiftChatTest {
    @TempDir
    Path dir;

    private static SwiftProcess dialect(SwiftDialect d) {
        return SwiftProcess.defaults().dialect(d);
    }

    @Test
    void the_terminal_chat_is_infer_with_ckpt_dir_on_2x_and_adapters_from_3x_on() throws IOException {
        Path ckpt = FakeSwift.checkpoint(dir, 3);
        SwiftChat chat = SwiftChat.of(ckpt);

        assertThat(chat.process(dialect(SwiftDialect.V2)).toCommand().toShellString())
                .isEqualTo("CUDA_VISIBLE_DEVICES=0 swift infer --ckpt_dir " + ckpt);
        assertThat(chat.process(dialect(SwiftDialect.V3)).toCommand().args()).containsExactly("infer", "--adapters", ckpt.toString());
        assertThat(chat.inferBackend("pt").process(dialect(SwiftDialect.V4)).toCommand().args())
                .containsExactly("infer", "--adapters", ckpt.toString(), "--infer_backend", "transformers");
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Files.writeString(merged.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        assertThat(SwiftChat.of(merged).process(dialect(SwiftDialect.V4)).toCommand().args())
                .containsExactly("infer", "--model", merged.toString());
        assertThat(SwiftChat.of(dir.resolve("not-yet")).process(dialect(SwiftDialect.V4)).toCommand().args())
                .containsExactly("infer", "--adapters", dir.resolve("not-yet").toString());
    }

    @Test
    void the_web_ui_is_app_ui_with_host_and_port_on_2x_and_app_with_server_name_and_port_from_3x_on() {
        Path ckpt = FakeSwift.checkpoint(dir, 2);
        SwiftChat ui = SwiftChat.of(ckpt).webUi(true).port(7861);

        assertThat(ui.process(dialect(SwiftDialect.V2)).toCommand().args())
                .containsExactly("app-ui", "--ckpt_dir", ckpt.toString(), "--host", "127.0.0.1", "--port", "7861");
        assertThat(ui.process(dialect(SwiftDialect.V3)).toCommand().args()).containsExactly("app", "--adapters",
                ckpt.toString(), "--server_name", "127.0.0.1", "--server_port", "7861");
        assertThat(ui.port(0).host("0.0.0.0").process(dialect(SwiftDialect.V4)).toCommand().args())
                .containsExactly("app", "--adapters", ckpt.toString(), "--server_name", "0.0.0.0");
    }
}
