package dev.novelkit.core.config;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four layers: flag > system property > environment variable > novelkit.properties. */
class SettingsTest {
    @Test
    void a_flag_beats_a_system_property_which_beats_the_environment_which_beats_the_file(@TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("novelkit.properties"),
                "image.backend=wanx\nvoice.backend=azure\nshot.backend=kling\nmax.shots=8\n");
        Map<String, String> sys = Map.of("novelkit.image.backend", "sdwebui", "novelkit.voice.backend", "openai");
        Map<String, String> env = Map.of("NOVELKIT_IMAGE_BACKEND", "card", "NOVELKIT_VOICE_BACKEND", "espeak",
                "NOVELKIT_SHOT_BACKEND", "wan");

        Settings s = Settings.of(Map.of(), sys, env, file, false).flag("image.backend", "--backend", "openai");

        assertThat(s.find("image.backend")).contains(new Settings.Value("openai", "--backend"));
        assertThat(s.find("voice.backend")).contains(new Settings.Value("openai", "-Dnovelkit.voice.backend"));
        assertThat(s.find("shot.backend")).contains(new Settings.Value("wan", "NOVELKIT_SHOT_BACKEND"));
        assertThat(s.find("max.shots")).contains(new Settings.Value("8", "novelkit.properties (max.shots)"));
        assertThat(s.source("music")).isEqualTo("--music");
    }

    @Test
    void backend_variables_come_from_system_properties_the_environment_or_the_file_under_either_name(
            @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("novelkit.properties"),
                "sd.webui.url=http://file:7860\nDASHSCOPE_API_KEY=sk-file\nOPENAI_BASE_URL=http://file/v1\n"
                        + "azure.speech.region=eastasia\n");
        Map<String, String> sys = Map.of("OPENAI_BASE_URL", "http://sysprop/v1", "java.home", "/opt/jdk",
                "kling.access.key", "ak-sys");
        Map<String, String> env = Map.of("OPENAI_BASE_URL", "http://env/v1", "DASHSCOPE_API_KEY", "sk-env",
                "JAVA_HOME", "/usr/lib/jvm");

        Map<String, String> vars = Settings.of(Map.of(), sys, env, file, false).environment();

        assertThat(vars).containsEntry("SD_WEBUI_URL", "http://file:7860")
                .containsEntry("DASHSCOPE_API_KEY", "sk-env")
                .containsEntry("OPENAI_BASE_URL", "http://sysprop/v1")
                .containsEntry("AZURE_SPEECH_REGION", "eastasia")
                .containsEntry("KLING_ACCESS_KEY", "ak-sys")
                .as("the JVM's own properties are not variables").containsEntry("JAVA_HOME", "/usr/lib/jvm");
    }

    @Test
    void a_properties_file_named_by_the_user_must_exist_and_the_default_one_may_be_missing(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> Settings.of(Map.of(), Map.of(), Map.of(), missing, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": no such properties file");
        assertThatThrownBy(() -> Settings.of(Map.of(), Map.of(), Map.of(), dir, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir + ": is a folder, not a properties file");
        assertThat(Settings.of(Map.of(), Map.of(), Map.of(), missing, false).find("image.backend")).isEmpty();
    }
}
