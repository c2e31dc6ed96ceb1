package dev.novelkit.llm.generate;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** QwenGenerator over a scripted model: the exact queries, options, rolling window, length bound and cancel. */
class QwenGeneratorTest {
    private static final ChatMessage SYSTEM = ChatMessage.system("You are a helpful assistant.");
    private final ScriptedChatModel model = new ScriptedChatModel();
    private final QwenGenerator generator = QwenGenerator.of(model);

    @Test
    void from_summary_sends_the_dataset_query_with_the_seed_system_and_sampling() {
        StorySummary summary = StorySummary.of("武侠,复仇", List.of(new CharacterNote("人物1", "林冲,八十万禁军教头")),
                "林冲遭陷害", "风雪山神庙", "雪夜上梁山");
        model.answer("林冲", "提着花枪。");

        ChatResponse r = generator.fromSummary(summary);

        assertThat(r.text()).isEqualTo("林冲提着花枪。");
        ScriptedChatModel.Call call = model.calls.get(0);
        assertThat(call.messages).containsExactly(SYSTEM, ChatMessage.user(
                "根据以下对小说的总结和描述,帮我生成一篇2000字左右的小说,要有情节叙述和人物对话:\n"
                        + summary.render() + "\n现在我们开始:"));
        assertThat(call.options).isEqualTo(GenerationOptions.defaults().doSample(true).topK(20).topP(0.9));
    }

    @Test
    void continue_from_and_expand_brief_use_their_dataset_templates() {
        model.answer("a").answer("b");

        generator.continueFrom("  他推开了门。  ");
        generator.expandBrief("渡口的灯火");

        assertThat(model.calls.get(0).user()).isEqualTo("下面是前一个章节的结尾部分,请帮我进行扩写,扩写的内容一定要贴合"
                + "前一个章节的内容,情节一定要生动且丰富,要同时有情节叙述和人物对话:他推开了门。");
        assertThat(model.calls.get(1).user()).isEqualTo("下面是前一个章节的简要概括,请帮我进行扩写,扩写的内容一定要贴合"
                + "概括中的内容,情节一定要生动且丰富,要同时有情节叙述和人物对话:\n渡口的灯火\n现在我们开始:");
        assertThat(model.calls.get(1).user()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.BRIEF, "渡口的灯火"));
    }

    @Test
    void the_prompts_the_dataset_was_built_with_are_the_ones_sent() {
        model.answer("x");

        generator.prompts(StoryPrompts.seedVerbatim()).expandBrief("简要");

        assertThat(model.calls.get(0).user()).contains("清洁叙述").contains("\n简要\n");
    }

    @Test
    void fluent_settings_make_new_generators_and_reach_the_model() {
        QwenGenerator tuned = generator.temperature(0.7).maxTokens(100).repetitionPenalty(1.1).seed(7).topK(40)
                .topP(0.8).system("你是一位小说家。");
        model.answer("x");

        tuned.expandBrief("简要");

        assertThat(generator.options()).isEqualTo(GenerationOptions.seedDefaults());
        assertThat(generator.system()).isEqualTo("You are a helpful assistant.");
        assertThat(model.calls.get(0).options).isEqualTo(GenerationOptions.seedDefaults().temperature(0.7)
                .maxTokens(100).repetitionPenalty(1.1).seed(7).topK(40).topP(0.8));
        assertThat(model.calls.get(0).messages.get(0)).isEqualTo(ChatMessage.system("你是一位小说家。"));
    }

    @Test
    void an_empty_system_sends_the_query_alone() {
        assertThat(generator.system("").messages(SampleKind.BRIEF, "简要")).hasSize(1)
                .allSatisfy(m -> assertThat(m.role()).isEqualTo(ChatMessage.Role.USER));
    }

    @Test
    void blank_input_is_refused_naming_it() {
        assertThatThrownBy(() -> generator.expandBrief("  ")).isInstanceOf(InvalidInputException.class)
                .hasMessage("brief: is empty");
        assertThatThrownBy(() -> generator.continueFrom("")).hasMessage("previous ending: is empty");
        assertThatThrownBy(() -> generator.fromSummary("\n")).hasMessage("summary: is empty");
        assertThat(model.calls).isEmpty();
    }

    @Test
    void streams_pieces_to_a_consumer_and_to_a_writer() {
        model.answer("春眠", "不觉晓，", "处处闻啼鸟。").answer("夜来", "风雨声。");
        List<String> pieces = new ArrayList<>();
        StringWriter out = new StringWriter();

        ChatResponse first = generator.expandBrief("春晓", pieces::add);
        ChatResponse second = generator.continueFrom("处处闻啼鸟。", out);

        assertThat(pieces).containsExactly("春眠", "不觉晓，", "处处闻啼鸟。");
        assertThat(first.text()).isEqualTo("春眠不觉晓，处处闻啼鸟。");
        assertThat(out).hasToString("夜来风雨声。").hasToString(second.text());
    }

    @Test
    void a_failing_writer_stops_generation() {
        model.answer("一", "二", "三", "四");
        Writer broken = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> generator.expandBrief("简要", broken)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("disk full");
        assertThat(model.calls.get(0).cancelled).isTrue();
        assertThat(model.calls.get(0).piecesRead).isEqualTo(1);
    }

    @Test
    void writes_chapters_by_rolling_the_continuation_prompt_over_the_last_characters() {
        model.answer("第一章开头。", "第一章结尾。")
                .answer("第二章。", "第二章收尾。")
                .answer("第三章。");
        StringBuilder streamed = new StringBuilder();
        List<Progress> progress = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                progress.add(p);
            }

            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };

        Story story = generator.writeStory("简要", 3, LongFormOptions.defaults().contextChars(8)
                .listener(listener).onText(streamed::append));

        assertThat(model.calls).hasSize(3);
        assertThat(model.calls.get(0).user()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.BRIEF, "简要"));
        assertThat(model.calls.get(1).user()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.CONTINUATION,
                "头。第一章结尾。"));
        // the window spans the chapter break: the last 8 characters of "…第一章结尾。\n\n第二章。第二章收尾。"
        assertThat(model.calls.get(2).user()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.CONTINUATION,
                "章。第二章收尾。"));
        assertThat(story.chapterTexts()).containsExactly("第一章开头。第一章结尾。", "第二章。第二章收尾。", "第三章。");
        assertThat(story.text()).isEqualTo("第一章开头。第一章结尾。\n\n第二章。第二章收尾。\n\n第三章。")
                .isEqualTo(streamed.toString());
        assertThat(story.end()).isEqualTo(Story.End.COMPLETE);
        assertThat(story.finishReasons()).containsOnly(FinishReason.STOP);
        assertThat(story.usage()).isEqualTo(model.calls.stream()
                .map(c -> new TokenUsage(c.messages.stream().mapToLong(m -> m.content().length()).sum(),
                        c.piecesRead)).reduce(TokenUsage.ZERO, TokenUsage::plus));
        assertThat(progress).extracting(Progress::done).containsExactly(0L, 1L, 2L, 3L);
        assertThat(progress).extracting(Progress::total).containsOnly(3L);
        assertThat(messages).containsExactly("chapter 1/3", "chapter 2/3", "chapter 3/3");
    }

    @Test
    void stops_at_the_length_bound_on_a_sentence_end_and_cancels_generation() {
        model.answer("甲乙丙。", "丁戊。")
                .answer("己庚。", "辛壬癸子。", "丑寅卯。", "辰巳午。")
                .answer("never");
        StringBuilder streamed = new StringBuilder();

        Story story = generator.writeStory("简要", 3, LongFormOptions.defaults().maxChars(12)
                .onText(streamed::append));

        // chapter 1 has 7 characters, so 5 are left: "己庚。" fits, "己庚。辛壬癸子。" would not
        assertThat(story.chapterTexts()).containsExactly("甲乙丙。丁戊。", "己庚。");
        assertThat(story.end()).isEqualTo(Story.End.LENGTH_BOUND);
        assertThat(story.finishReasons()).containsExactly(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(story.length()).isLessThanOrEqualTo(12);
        assertThat(streamed.toString()).isEqualTo(story.text());
        assertThat(model.calls).hasSize(2);
        assertThat(model.calls.get(1).cancelled).isTrue();
        assertThat(model.calls.get(1).piecesRead).isEqualTo(2);
    }

    @Test
    void cuts_exactly_at_the_bound_when_no_sentence_ends_within_it() {
        model.answer("一二三四五", "六七八九十");
        StringBuilder streamed = new StringBuilder();

        Story story = generator.writeStory("简要", 2, LongFormOptions.defaults().maxChars(7)
                .onText(streamed::append));

        assertThat(story.text()).isEqualTo("一二三四五六七").isEqualTo(streamed.toString());
        assertThat(story.end()).isEqualTo(Story.End.LENGTH_BOUND);
        assertThat(story.chapters()).hasSize(1);
    }

    @Test
    void a_story_that_fills_the_bound_exactly_writes_no_further_chapter() {
        model.answer("一二三。").answer("never");

        Story story = generator.writeStory("简要", 2, LongFormOptions.defaults().maxChars(4));

        assertThat(story.chapterTexts()).containsExactly("一二三。");
        assertThat(story.end()).isEqualTo(Story.End.LENGTH_BOUND);
        assertThat(model.calls).hasSize(1);
    }

    @Test
    void cancelling_keeps_what_was_written_and_stops_the_model() {
        model.answer("第一章。").answer("第二章第一句。", "第二章第二句。", "第三句。").answer("never");
        Cancellation cancellation = new Cancellation();
        StringBuilder streamed = new StringBuilder();

        Story story = generator.writeStory("简要", 3, LongFormOptions.defaults().cancellation(cancellation)
                .onText(piece -> {
                    streamed.append(piece);
                    if (piece.contains("第二章第一句")) {
                        cancellation.cancel();
                    }
                }));

        assertThat(story.end()).isEqualTo(Story.End.CANCELLED);
        assertThat(story.finishReasons()).containsExactly(FinishReason.STOP, FinishReason.CANCELLED);
        assertThat(story.chapterTexts()).containsExactly("第一章。", "第二章第一句。第二章第二句。");
        assertThat(streamed.toString()).isEqualTo(story.text());
        assertThat(model.calls).hasSize(2);
        assertThat(model.calls.get(1).cancelled).isTrue();
    }

    @Test
    void a_cancelled_run_writes_nothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        Story story = generator.writeStory("简要", 2, LongFormOptions.defaults().cancellation(cancellation));

        assertThat(story.chapters()).isEmpty();
        assertThat(story.end()).isEqualTo(Story.End.CANCELLED);
        assertThat(model.calls).isEmpty();
    }

    @Test
    void continue_story_starts_from_the_end_of_the_previous_text_and_returns_only_new_chapters() {
        model.answer("新的一章。").answer("再一章。");

        Story story = generator.continueStory("很久以前的故事。他推开了门。", 2,
                LongFormOptions.defaults().contextChars(6));

        assertThat(model.calls.get(0).user()).endsWith(":他推开了门。");
        assertThat(model.calls.get(1).user()).endsWith(":新的一章。");
        assertThat(story.chapterTexts()).containsExactly("新的一章。", "再一章。");
    }

    @Test
    void an_empty_first_chapter_is_retried_from_the_opening_query() {
        model.answer().answer("终于开始。");

        Story story = generator.writeStory("简要", 2, LongFormOptions.defaults());

        assertThat(model.calls.get(1).user()).isEqualTo(model.calls.get(0).user());
        assertThat(story.text()).isEqualTo("终于开始。");
    }

    @Test
    void a_summary_story_opens_with_the_summary_query() {
        StorySummary summary = new StorySummary("", List.of(), "", "", "", "写好的总结", false);
        model.answer("开篇。").answer("续篇。");

        generator.writeStory(summary, 2, LongFormOptions.defaults());

        assertThat(model.calls.get(0).user()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.SUMMARY, "写好的总结"));
        assertThat(model.calls.get(1).user()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.CONTINUATION, "开篇。"));
    }

    @Test
    void chapters_and_settings_are_checked_at_once_naming_the_setting() {
        assertThatThrownBy(() -> generator.writeStory("简要", 0, LongFormOptions.defaults()))
                .isInstanceOf(InvalidInputException.class).hasMessage("chapters: must be at least 1, was 0");
        assertThatThrownBy(() -> LongFormOptions.defaults().maxChars(0)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("maxChars: must be at least 1, was 0");
        assertThatThrownBy(() -> LongFormOptions.defaults().contextChars(0)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("contextChars: must be at least 1, was 0");
        assertThatThrownBy(() -> generator.temperature(3)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("temperature: must be 0..2, was 3.0");
        assertThatThrownBy(() -> QwenGenerator.of(null)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("model: must be set, was null");
    }
}
