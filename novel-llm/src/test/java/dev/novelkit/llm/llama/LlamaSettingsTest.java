package dev.novelkit.llm.llama;

import dev.novelkit.core.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Llama settings are immutable values checked setter by setter; nothing is loaded until LlamaChatModel.load. */
class LlamaSettingsTest {
    private static final Path GGUF = Path.of("no-such-model.gguf");

    @Test
    void each_setter_returns_a_new_value_and_leaves_the_old_one_alone() {
        LlamaSettings base = LlamaSettings.of(GGUF);

        LlamaSettings tuned = base.contextSize(512).threads(2).gpuLayers(3).logFile(Path.of("llama.log"));

        assertThat(base.contextSize()).isEqualTo(4096);
        assertThat(base.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(base.gpuLayers()).isZero();
        assertThat(base.logFile()).isNull();
        assertThat(tuned.modelPath()).isEqualTo(GGUF);
        assertThat(tuned.contextSize()).isEqualTo(512);
        assertThat(tuned.threads()).isEqualTo(2);
        assertThat(tuned.gpuLayers()).isEqualTo(3);
        assertThat(tuned.logFile()).isEqualTo(Path.of("llama.log"));
        assertThat(tuned).isEqualTo(LlamaSettings.of(GGUF).contextSize(512).threads(2).gpuLayers(3)
                .logFile(Path.of("llama.log")));
    }

    @Test
    void a_bad_value_is_refused_at_once_naming_the_setting_and_the_value() {
        LlamaSettings base = LlamaSettings.of(GGUF);

        assertThatThrownBy(() -> base.contextSize(8)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("contextSize").hasMessageContaining("at least 16").hasMessageContaining("was 8");
        assertThatThrownBy(() -> base.threads(0)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("threads").hasMessageContaining("was 0");
        assertThatThrownBy(() -> base.gpuLayers(-1)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gpuLayers").hasMessageContaining("was -1");
        assertThatThrownBy(() -> base.logFile(null)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("logFile");
        assertThatThrownBy(() -> LlamaSettings.of(null)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("modelPath");
    }
}
