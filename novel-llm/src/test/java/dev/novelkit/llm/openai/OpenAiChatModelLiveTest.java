package dev.novelkit.llm.openai;

import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.GenerationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/** Talks to the real server the environment names; skipped unless NOVELKIT_LLM_BASE_URL is set. */
@EnabledIfEnvironmentVariable(named = "NOVELKIT_LLM_BASE_URL", matches = ".+")
class OpenAiChatModelLiveTest {
    @Test
    void answers_a_short_prompt_plainly_and_streamed() {
        try (OpenAiChatModel llm = OpenAiChatModel.fromEnv()) {
            GenerationOptions options = GenerationOptions.defaults().maxTokens(32).temperature(0);
            ChatResponse plain = llm.chat("用一句话介绍你自己。", options);
            StringBuilder pieces = new StringBuilder();
            ChatResponse streamed = llm.stream(java.util.List.of(dev.novelkit.core.llm.ChatMessage.user("数到五。")),
                    options, pieces::append);

            assertThat(plain.text()).isNotBlank();
            assertThat(streamed.text()).isEqualTo(pieces.toString()).isNotBlank();
            assertThat(llm.totalUsage().totalTokens()).isPositive();
        }
    }
}
