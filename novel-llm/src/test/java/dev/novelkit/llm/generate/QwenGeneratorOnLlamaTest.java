package dev.novelkit.llm.generate;

import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.llm.llama.LlamaChatModel;
import dev.novelkit.llm.llama.TinyQwen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * QwenGenerator end to end over the local GGUF backend and the tiny Qwen2 model. The tiny model was trained on
 * shorter queries than the dataset's ("下面是前一个章节的结尾部分,请帮我进行扩写:" + line i → line i+1), so the
 * prompts are set to that template: that is also how a user plugs in the templates a model was trained with.
 */
class QwenGeneratorOnLlamaTest {
    private static final StoryPrompts TINY_PROMPTS = StoryPrompts.defaults()
            .queryTemplate(SampleKind.CONTINUATION, "下面是前一个章节的结尾部分,请帮我进行扩写:{context}");

    private static LlamaChatModel model;

    @BeforeAll
    static void load() {
        model = TinyQwen.load();
    }

    @AfterAll
    static void free() {
        model.close();
    }

    @Test
    void continues_the_memorised_line_greedily_and_streams_it_to_a_writer() {
        QwenGenerator generator = QwenGenerator.of(model).prompts(TINY_PROMPTS)
                .options(GenerationOptions.defaults().doSample(false)).maxTokens(64);
        StringWriter out = new StringWriter();

        ChatResponse r = generator.continueFrom("天下大势,分久必合,合久必分。", out);

        // MAKE.md: transformers and java-llama.cpp both give this line, 15 tokens with <|im_end|>
        assertThat(r.text()).isEqualTo("灞原风雨天地酒，归来巢欲鸿鸿踏雪。");
        assertThat(out).hasToString(r.text());
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage().completionTokens()).isEqualTo(15);
        assertThat(r.usage().promptTokens()).isEqualTo(model.encode(
                model.prompt(generator.messages(SampleKind.CONTINUATION, "天下大势,分久必合,合久必分。"))).length);
    }

    @Test
    void writes_a_two_chapter_story_with_the_seed_sampling() {
        QwenGenerator generator = QwenGenerator.of(model).prompts(TINY_PROMPTS).seed(3).maxTokens(48);
        StringBuilder streamed = new StringBuilder();

        Story story = generator.writeStory("春晓", 2, LongFormOptions.defaults().contextChars(20)
                .onText(streamed::append));

        assertThat(story.chapters()).hasSize(2).allSatisfy(c -> assertThat(c.text()).isNotBlank());
        assertThat(story.end()).isEqualTo(Story.End.COMPLETE);
        assertThat(streamed.toString()).isEqualTo(story.text());
        assertThat(story.text()).doesNotContain("<|im_end|>");
        assertThat(story.usage().completionTokens()).isPositive()
                .isEqualTo(story.chapters().stream().mapToLong(c -> c.usage().completionTokens()).sum());
    }

    @Test
    void a_length_bound_ends_a_real_generation_cleanly() {
        QwenGenerator generator = QwenGenerator.of(model).prompts(TINY_PROMPTS).seed(5).maxTokens(64);

        Story story = generator.continueStory("天下大势,分久必合,合久必分。", 5, LongFormOptions.defaults().maxChars(25));

        assertThat(story.end()).isEqualTo(Story.End.LENGTH_BOUND);
        assertThat(story.length()).isBetween(1L, 25L);
        assertThat(story.chapters().size()).isLessThan(5);
        // the tokens already sampled are counted, the cancelled rest is not generated
        assertThat(model.totalUsage().completionTokens()).isPositive();
    }
}
