package dev.novelkit.llm.openai;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiSettingsTest {
    static final String DASH_KEY = "sk-dashscope-0123456789abcdef";
    static final String OPENAI_KEY = "sk-openai-0123456789abcdefXYZW";

    @Test
    void novelkit_variables_win_over_openai_and_dashscope() {
        OpenAiSettings s = OpenAiSettings.fromEnv(Map.of(
                "NOVELKIT_LLM_BASE_URL", "http://localhost:8000/v1", "NOVELKIT_LLM_API_KEY", "local-key",
                "NOVELKIT_LLM_MODEL", "qwen2-7b-instruct-lora", "OPENAI_BASE_URL", "https://example.com/v1",
                "OPENAI_API_KEY", OPENAI_KEY, "OPENAI_MODEL", "gpt-4o-mini", "DASHSCOPE_API_KEY", DASH_KEY));

        assertThat(s.baseUrl()).isEqualTo("http://localhost:8000/v1");
        assertThat(s.apiKey()).isEqualTo("local-key");
        assertThat(s.model()).isEqualTo("qwen2-7b-instruct-lora");
        assertThat(s.source()).isEqualTo("base URL from NOVELKIT_LLM_BASE_URL; API key from NOVELKIT_LLM_API_KEY; "
                + "model from NOVELKIT_LLM_MODEL");
    }

    @Test
    void falls_back_to_openai_variables() {
        OpenAiSettings s = OpenAiSettings.fromEnv(Map.of("OPENAI_BASE_URL", "http://vllm:8000/v1",
                "OPENAI_API_KEY", OPENAI_KEY, "OPENAI_MODEL", "Qwen/Qwen2-7B-Instruct", "DASHSCOPE_API_KEY", DASH_KEY));

        assertThat(s.baseUrl()).isEqualTo("http://vllm:8000/v1");
        assertThat(s.apiKey()).isEqualTo(OPENAI_KEY);
        assertThat(s.model()).isEqualTo("Qwen/Qwen2-7B-Instruct");
    }

    @Test
    void only_an_openai_key_means_openai_itself_which_needs_a_model() {
        assertThatThrownBy(() -> OpenAiSettings.fromEnv(Map.of("OPENAI_API_KEY", OPENAI_KEY)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("OPENAI_MODEL");
        OpenAiSettings s = OpenAiSettings.fromEnv(Map.of("OPENAI_API_KEY", OPENAI_KEY, "OPENAI_MODEL", "gpt-4o-mini"));
        assertThat(s.baseUrl()).isEqualTo(OpenAiSettings.OPENAI_BASE_URL);
    }

    @Test
    void a_dashscope_key_alone_selects_dashscope_compatible_mode_and_qwen2() {
        OpenAiSettings s = OpenAiSettings.fromEnv(Map.of("DASHSCOPE_API_KEY", DASH_KEY, "NOVELKIT_LLM_BASE_URL", " "));

        assertThat(s.baseUrl()).isEqualTo("https://dashscope.aliyuncs.com/compatible-mode/v1");
        assertThat(s.apiKey()).isEqualTo(DASH_KEY);
        assertThat(s.model()).isEqualTo("qwen2-7b-instruct");
        assertThat(s.source()).contains("DashScope default", "API key from DASHSCOPE_API_KEY");
    }

    @Test
    void the_dashscope_key_is_never_sent_to_another_host() {
        OpenAiSettings s = OpenAiSettings.fromEnv(Map.of("NOVELKIT_LLM_BASE_URL", "http://localhost:8000/v1",
                "DASHSCOPE_API_KEY", DASH_KEY));

        assertThat(s.apiKey()).isNull();
        assertThat(s.model()).isNull();
        assertThat(s.source()).contains("no API key", "model: the server's first");
    }

    @Test
    void explicit_values_win_over_the_environment() {
        OpenAiSettings s = OpenAiSettings.resolve("http://gpu-box:8000/v1", null, "my-lora",
                Map.of("NOVELKIT_LLM_BASE_URL", "http://localhost:8000/v1", "NOVELKIT_LLM_MODEL", "other"));

        assertThat(s.baseUrl()).isEqualTo("http://gpu-box:8000/v1");
        assertThat(s.model()).isEqualTo("my-lora");
        assertThat(s.source()).contains("base URL from given", "model from given");
    }

    @Test
    void nothing_set_is_a_clear_error_listing_the_variables() {
        assertThatThrownBy(() -> OpenAiSettings.fromEnv(Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NOVELKIT_LLM_BASE_URL").hasMessageContaining("OPENAI_BASE_URL")
                .hasMessageContaining("OPENAI_API_KEY").hasMessageContaining("DASHSCOPE_API_KEY");
        assertThatThrownBy(() -> OpenAiChatModel.fromEnv(Map.of())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void to_string_masks_the_key_and_from_env_builds_a_model() {
        OpenAiSettings s = OpenAiSettings.fromEnv(Map.of("DASHSCOPE_API_KEY", DASH_KEY));
        assertThat(s.toString()).doesNotContain(DASH_KEY).contains("apiKey=****cdef");

        try (OpenAiChatModel llm = OpenAiChatModel.fromEnv(Map.of("DASHSCOPE_API_KEY", DASH_KEY))) {
            assertThat(llm.baseUrl()).isEqualTo("https://dashscope.aliyuncs.com/compatible-mode/v1");
            assertThat(llm.model()).isEqualTo("qwen2-7b-instruct");
            assertThat(llm.name()).isEqualTo("openai");
            assertThat(llm.toString()).doesNotContain(DASH_KEY);
        }
    }
}
