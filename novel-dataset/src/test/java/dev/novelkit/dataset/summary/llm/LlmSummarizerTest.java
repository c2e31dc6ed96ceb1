package dev.novelkit.dataset.summary.llm;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.summary.StorySummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmSummarizerTest {
    private static final String PARAGRAPH = "林晚秋撑着伞穿过长街。沈砚在药铺等她。";
    static final String GOOD = """
            小说的风格和主题:
            古风悬疑
            人物形象:
            人物1:林晚秋,药铺学徒
            剧情概述:
            开头:雨夜送药
            高潮:黑衣人现身
            结尾:奔赴城隍庙
            """;
    private static final String PARTIAL = """
            小说的风格和主题:
            古风悬疑
            人物形象:
            人物1:林晚秋,药铺学徒
            剧情概述:林晚秋雨夜送药,遇到黑衣人。
            """;

    /** A chat model answering from a script and recording what it was asked. */
    static final class ScriptedModel implements ChatModel {
        final Deque<String> answers;
        final List<List<ChatMessage>> requests = new ArrayList<>();
        final List<GenerationOptions> options = new ArrayList<>();

        ScriptedModel(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public synchronized ChatResponse chat(List<ChatMessage> messages, GenerationOptions o) {
            requests.add(messages);
            options.add(o);
            String text = answers.isEmpty() ? "" : answers.poll();
            return new ChatResponse(text, null, FinishReason.STOP, "fake");
        }
    }

    @Test
    void asks_with_the_seed_messages() {
        ScriptedModel model = new ScriptedModel(GOOD);

        StorySummary s = LlmSummarizer.of(model).summarize(PARAGRAPH);

        assertThat(s.wellFormed()).isTrue();
        assertThat(model.requests).hasSize(1);
        List<ChatMessage> messages = model.requests.get(0);
        assertThat(messages).containsExactly(ChatMessage.system("You are a helpful assistant."),
                ChatMessage.user(StoryPrompts.defaults().summaryRequestFor(PARAGRAPH)));
        assertThat(s.text()).isEqualTo(GOOD.strip());
    }

    @Test
    void asks_again_when_the_format_was_not_followed() {
        ScriptedModel model = new ScriptedModel("这是一段关于雨夜的故事。", GOOD);

        StorySummary s = LlmSummarizer.of(model).summarize(PARAGRAPH);

        assertThat(model.requests).hasSize(2);
        assertThat(s.wellFormed()).isTrue();
        assertThat(s.climax()).isEqualTo("黑衣人现身");
    }

    @Test
    void keeps_the_most_complete_attempt_when_none_is_well_formed() {
        ScriptedModel model = new ScriptedModel("随便写写。", PARTIAL, "又是随便写写。");

        StorySummary s = LlmSummarizer.of(model).summarize(PARAGRAPH);

        assertThat(model.requests).hasSize(3);
        assertThat(s.wellFormed()).isFalse();
        assertThat(s.text()).isEqualTo(PARTIAL.strip());
    }

    @Test
    void uses_the_last_attempt_when_all_are_equally_bad() {
        ScriptedModel model = new ScriptedModel("第一次。", "第二次。");

        StorySummary s = LlmSummarizer.of(model).maxAttempts(2).summarize(PARAGRAPH);

        assertThat(s.wellFormed()).isFalse();
        assertThat(s.text()).isEqualTo("第二次。");
    }

    @Test
    void never_calls_more_than_max_attempts() {
        ScriptedModel model = new ScriptedModel("a", "b", "c", "d", "e");

        LlmSummarizer.of(model).maxAttempts(1).summarize(PARAGRAPH);

        assertThat(model.requests).hasSize(1);
    }

    @Test
    void an_empty_answer_every_time_is_a_non_retriable_backend_error() {
        ScriptedModel model = new ScriptedModel("", " ", "\n");

        assertThatThrownBy(() -> LlmSummarizer.of(model).summarize(PARAGRAPH))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("empty summary")
                .satisfies(e -> assertThat(((BackendException) e).isRetriable()).isFalse());
    }

    @Test
    void varies_a_fixed_seed_on_a_retry() {
        ScriptedModel model = new ScriptedModel("乱写", GOOD);

        LlmSummarizer.of(model).options(GenerationOptions.defaults().seed(42)).summarize(PARAGRAPH);

        assertThat(model.options).extracting(o -> o.seed().getAsLong()).containsExactly(42L, 43L);
    }

    @Test
    void brief_asks_with_the_brief_prompt_and_keeps_a_short_answer() {
        ScriptedModel model = new ScriptedModel("林晚秋雨夜送药，偶遇黑衣人，得知陈伯有难。");

        String brief = LlmSummarizer.of(model).brief(PARAGRAPH);

        assertThat(brief).isEqualTo("林晚秋雨夜送药，偶遇黑衣人，得知陈伯有难。");
        assertThat(model.requests.get(0).get(1).content()).isEqualTo(StoryPrompts.defaults().briefRequestFor(PARAGRAPH));
    }

    @Test
    void brief_is_trimmed_to_60_code_points_at_a_sentence_end() {
        String longBrief = "雨夜里，药铺学徒林晚秋替师父给老更夫陈伯送药，与伙计沈砚同行。"
                + "镇口遇到满脸伤疤的黑衣人苏远山，他自称陈伯故人，说有人今晚要取陈伯性命。"
                + "三人赶到河边小屋，人已被带走，只留下木炭写的城隍庙三字。";
        ScriptedModel model = new ScriptedModel(longBrief);

        String brief = LlmSummarizer.of(model).brief(PARAGRAPH);

        assertThat(brief.codePointCount(0, brief.length())).isLessThanOrEqualTo(60);
        assertThat(brief).isEqualTo("雨夜里，药铺学徒林晚秋替师父给老更夫陈伯送药，与伙计沈砚同行。");
    }

    @Test
    void brief_is_trimmed_at_a_comma_when_it_is_one_long_sentence() {
        String longBrief = "药铺学徒林晚秋在连绵三日的大雨中替师父给河边小屋里的老更夫陈伯送药，"
                + "途中与沉默寡言的伙计沈砚一起在镇口撞见满脸伤疤自称故人的黑衣人苏远山并得知陈伯有性命之忧";
        String brief = LlmSummarizer.of(new ScriptedModel(longBrief)).brief(PARAGRAPH);

        assertThat(brief).isEqualTo("药铺学徒林晚秋在连绵三日的大雨中替师父给河边小屋里的老更夫陈伯送药。");
    }

    @Test
    void brief_drops_a_label_line_breaks_and_wrapping_quotes() {
        ScriptedModel model = new ScriptedModel("好的，以下是简要概括：\n“林晚秋雨夜送药，\n偶遇黑衣人。”");

        assertThat(LlmSummarizer.of(model).brief(PARAGRAPH)).isEqualTo("林晚秋雨夜送药，偶遇黑衣人。");
    }

    @Test
    void brief_asks_again_after_an_empty_answer() {
        ScriptedModel model = new ScriptedModel("", "雨夜送药。");

        assertThat(LlmSummarizer.of(model).brief(PARAGRAPH)).isEqualTo("雨夜送药。");
        assertThat(model.requests).hasSize(2);
    }

    @Test
    void backend_errors_pass_through_without_format_retries() {
        ChatModel failing = new ChatModel() {
            int calls;

            @Override
            public String name() {
                return "failing";
            }

            @Override
            public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
                calls++;
                throw BackendException.forHttpStatus("failing", 503, "overloaded");
            }
        };

        assertThatThrownBy(() -> LlmSummarizer.of(failing).summarize(PARAGRAPH))
                .isInstanceOf(BackendException.class).hasMessageContaining("503");
    }

    @Test
    void the_name_is_for_reports_and_the_fingerprint_follows_each_request_prompt_alone() {
        ScriptedModel model = new ScriptedModel();
        LlmSummarizer plain = LlmSummarizer.of(model);
        assertThat(plain.name()).isEqualTo("llm:scripted");
        assertThat(plain.name("llm:qwen2-7b-instruct").name()).isEqualTo("llm:qwen2-7b-instruct");

        LlmSummarizer customBrief = plain.prompts(StoryPrompts.defaults().briefRequest("概括：{paragraph}"));

        assertThat(customBrief.fingerprint(SampleKind.BRIEF)).isNotEqualTo(plain.fingerprint(SampleKind.BRIEF));
        assertThat(customBrief.fingerprint(SampleKind.SUMMARY)).isEqualTo(plain.fingerprint(SampleKind.SUMMARY));
        assertThat(plain.name("other").fingerprint(SampleKind.SUMMARY)).isEqualTo(plain.fingerprint(SampleKind.SUMMARY));
        assertThat(plain.options(GenerationOptions.defaults().temperature(0.1)).fingerprint(SampleKind.SUMMARY))
                .isNotEqualTo(plain.fingerprint(SampleKind.SUMMARY));
    }
}
