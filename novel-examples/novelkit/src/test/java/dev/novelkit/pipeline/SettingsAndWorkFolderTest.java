package dev.novelkit.pipeline;

import dev.novelkit.core.config.Settings;
import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsAndWorkFolderTest {
    @Test
    void a_flag_beats_the_environment_which_beats_the_properties_file(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("novelkit.properties"),
                "image.backend = wanx\nvoice.backend=azure\nmax.shots=8\n");
        Map<String, String> flags = new HashMap<>();
        flags.put("image.backend", "openai");
        flags.put("voice.backend", null);
        Settings s = Settings.of(flags, Map.of("NOVELKIT_IMAGE_BACKEND", "sdwebui", "NOVELKIT_VOICE_BACKEND", "espeak"),
                file);

        assertThat(s.find("image.backend")).get().isEqualTo(new Settings.Value("openai", "--image-backend"));
        assertThat(s.find("voice.backend")).get().isEqualTo(new Settings.Value("espeak", "NOVELKIT_VOICE_BACKEND"));
        assertThat(s.find("max.shots")).get().isEqualTo(new Settings.Value("8", "novelkit.properties (max.shots)"));
        assertThat(s.get("shot.backend", "kenburns")).isEqualTo("kenburns");
    }

    @Test
    void a_bad_value_names_where_it_came_from() {
        Settings s = Settings.of(Map.of(), Map.of("NOVELKIT_MAX_SHOTS", "twelve"), null);
        assertThatThrownBy(() -> s.getInt("max.shots", 12)).isInstanceOf(InvalidInputException.class)
                .hasMessage("NOVELKIT_MAX_SHOTS: not a whole number: twelve");
    }

    @Test
    void an_output_is_made_once_and_reused_and_a_failed_step_leaves_nothing(@TempDir Path dir) {
        WorkFolder work = new WorkFolder(dir);
        String key = WorkFolder.key("voice", "espeak", "你好");

        Path first = work.output("voices", key, "wav", tmp -> Files.writeString(tmp, "RIFF"));
        Path second = work.output("voices", key, "wav", tmp -> {
            throw new AssertionError("must not be produced again");
        });
        assertThat(second).isEqualTo(first);
        assertThat(work.made()).isEqualTo(1);
        assertThat(work.reused()).isEqualTo(1);

        String other = WorkFolder.key("voice", "espeak", "再见");
        assertThatThrownBy(() -> work.output("voices", other, "wav", tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("engine crashed");
        })).hasMessageContaining("engine crashed");
        assertThat(dir.resolve("voices").resolve(other + ".wav")).doesNotExist();
        assertThat(dir.resolve("voices").resolve(other + ".part.wav")).doesNotExist();
        assertThat(WorkFolder.key("a", "b")).isNotEqualTo(WorkFolder.key("ab")).hasSize(16);
    }
}
