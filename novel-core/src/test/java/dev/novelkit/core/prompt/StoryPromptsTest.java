package dev.novelkit.core.prompt;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoryPromptsTest {
    @Test
    void seed_verbatim_keeps_the_typo_and_defaults_fix_it() {
        assertThat(StoryPrompts.seedVerbatim().queryTemplate(SampleKind.BRIEF)).contains("清洁叙述");
        assertThat(StoryPrompts.defaults().queryTemplate(SampleKind.BRIEF)).contains("情节叙述").doesNotContain("清洁");
        assertThat(StoryPrompts.defaults().queryTemplate(SampleKind.CONTINUATION)).doesNotContain("  ");
    }

    @Test
    void summary_query_is_the_seed_string_around_the_summary() {
        String q = StoryPrompts.defaults().queryFor(SampleKind.SUMMARY, "S");
        assertThat(q).isEqualTo("根据以下对小说的总结和描述,帮我生成一篇2000字左右的小说,要有情节叙述和人物对话:\nS\n现在我们开始:");
    }

    @Test
    void continuation_query_puts_the_context_at_the_end_without_newlines() {
        String q = StoryPrompts.defaults().queryFor(SampleKind.CONTINUATION, "前文$1{x}");
        assertThat(q).isEqualTo("下面是前一个章节的结尾部分,请帮我进行扩写,扩写的内容一定要贴合前一个章节的内容,"
                + "情节一定要生动且丰富,要同时有情节叙述和人物对话:前文$1{x}");
    }

    @Test
    void summary_request_is_the_seed_system_string_followed_by_the_paragraph() {
        String r = StoryPrompts.seedVerbatim().summaryRequestFor("段落。");
        assertThat(r).startsWith("\n根据提供给你的小说段落,帮我生成一个小说/故事的总结,总结中要包含小说的人物形象")
                .contains("请参考下面的例子,输出要严格按照下面的格式!!!!!!!\n\n小说的风格和主题:\nxxxxxxxxxxxxxxxx\n\n人物形象:\n人物1:xxxxxx\n")
                .endsWith("结尾:xxxxxxx\n段落。");
        assertThat(StoryPrompts.seedVerbatim().briefRequestFor("P")).isEqualTo(
                "\n根据提供给你的小说段落,帮我生成一个小说/故事的总结,总结不需要特别详细,字数不要超过60个汉字字符!!!!!\n下面是小说/故事内容:\n\nP");
    }

    @Test
    void a_replaced_template_must_keep_its_placeholder() {
        StoryPrompts custom = StoryPrompts.defaults().queryTemplate(SampleKind.BRIEF, "扩写:{brief}");
        assertThat(custom.queryFor(SampleKind.BRIEF, "B")).isEqualTo("扩写:B");
        assertThatThrownBy(() -> StoryPrompts.defaults().queryTemplate(SampleKind.BRIEF, "no placeholder"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("{brief}");
    }

    @Test
    void a_request_with_a_paragraph_placeholder_is_filled_in_place() {
        StoryPrompts custom = StoryPrompts.defaults().briefRequest("概括:{paragraph}(60字内)");
        assertThat(custom.briefRequestFor("P")).isEqualTo("概括:P(60字内)");
    }
}
