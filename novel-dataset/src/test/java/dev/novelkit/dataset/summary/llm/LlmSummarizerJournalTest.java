package dev.novelkit.dataset.summary.llm;

import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.DatasetBuilder;
import dev.novelkit.dataset.build.DatasetResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset journal is keyed on what the summarizer actually sends, to which server and model: prompts changed on
 * the summarizer alone are asked again (and sent), prompts changed on the builder alone ask nothing again, and
 * another server or model (discovered, not named) is asked again.
 */
class LlmSummarizerJournalTest {
    private static final StoryPrompts CUSTOM = StoryPrompts.defaults().summaryRequest("请总结：{paragraph}")
            .briefRequest("一句话概括：{paragraph}");

    @TempDir
    Path dir;

    /** Answers every summary and brief request; says which server and model it is as a real backend does. */
    static final class RecordingModel implements ChatModel {
        final List<String> userMessages = new CopyOnWriteArrayList<>();
        final String identity;

        RecordingModel(String identity) {
            this.identity = identity;
        }

        @Override
        public String name() {
            return "openai";
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
            String user = messages.get(messages.size() - 1).content();
            userMessages.add(user);
            String answer = user.contains("60") || user.contains("一句话") ? "林晚秋雨夜送药。" : LlmSummarizerTest.GOOD;
            return new ChatResponse(answer, null, FinishReason.STOP, "m");
        }
    }

    private final List<Paragraph> paragraphs = NovelSplitter.sentences()
            .split("第一章 雨夜\n林晚秋撑着伞穿过长街，沈砚在药铺等她。\n第二章 城隍庙\n黑衣人在城隍庙前拦住了她的去路。");

    private DatasetResult build(LlmSummarizer summarizer, StoryPrompts builderPrompts) {
        return DatasetBuilder.of(summarizer).prompts(builderPrompts).journal(dir.resolve("journal.jsonl"))
                .build(paragraphs);
    }

    @Test
    void prompts_changed_on_the_summarizer_alone_are_asked_again_with_the_new_prompts() {
        build(LlmSummarizer.of(new RecordingModel("openai http://a/v1 qwen")), StoryPrompts.defaults());

        RecordingModel again = new RecordingModel("openai http://a/v1 qwen");
        DatasetResult r = build(LlmSummarizer.of(again).prompts(CUSTOM), StoryPrompts.defaults());

        assertThat(r.callsReused()).isZero();
        assertThat(r.callsMade()).isEqualTo(4);
        assertThat(again.userMessages).allMatch(m -> m.startsWith("请总结：") || m.startsWith("一句话概括："));
    }

    @Test
    void prompts_changed_on_the_builder_alone_ask_nothing_again() {
        DatasetResult first = build(LlmSummarizer.of(new RecordingModel("openai http://a/v1 qwen")),
                StoryPrompts.defaults());

        RecordingModel again = new RecordingModel("openai http://a/v1 qwen");
        DatasetResult r = build(LlmSummarizer.of(again), CUSTOM);

        assertThat(again.userMessages).isEmpty();
        assertThat(r.callsReused()).isEqualTo(4);
        assertThat(r.samples()).isEqualTo(first.samples());
    }

    @Test
    void another_server_or_another_discovered_model_is_asked_again() {
        build(LlmSummarizer.of(new RecordingModel("openai http://a/v1 qwen")), StoryPrompts.defaults());

        RecordingModel otherServer = new RecordingModel("openai http://b/v1 qwen");
        RecordingModel otherModel = new RecordingModel("openai http://a/v1 llama3");
        RecordingModel same = new RecordingModel("openai http://a/v1 qwen");

        assertThat(build(LlmSummarizer.of(otherServer), StoryPrompts.defaults()).callsReused()).isZero();
        assertThat(build(LlmSummarizer.of(otherModel), StoryPrompts.defaults()).callsReused()).isZero();
        assertThat(build(LlmSummarizer.of(same), StoryPrompts.defaults()).callsReused()).isEqualTo(4);
        assertThat(same.userMessages).isEmpty();
    }
}
