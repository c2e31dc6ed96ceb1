package dev.novelkit.dataset.prompt;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SummaryPromptBuilderTest {
    @TempDir
    Path dir;

    @Test
    void unchanged_builders_give_the_seed_prompts() {
        assertThat(SummaryPromptBuilder.defaults().build()).isEqualTo(StoryPrompts.defaults());
        assertThat(SummaryPromptBuilder.seedVerbatim().build()).isEqualTo(StoryPrompts.seedVerbatim());
        assertThat(SummaryPromptBuilder.seedVerbatim().build().queryTemplate(SampleKind.BRIEF)).contains("清洁叙述");
    }

    @Test
    void replaces_a_request_and_fills_its_own_placeholders() {
        StoryPrompts p = SummaryPromptBuilder.defaults()
                .summaryRequest("用不超过{words}字总结：{paragraph}（只输出总结）")
                .value("words", "200")
                .build();

        assertThat(p.summaryRequestFor("段落。")).isEqualTo("用不超过200字总结：段落。（只输出总结）");
        assertThat(p.briefRequest()).isEqualTo(StoryPrompts.defaults().briefRequest());
    }

    @Test
    void is_immutable() {
        SummaryPromptBuilder base = SummaryPromptBuilder.defaults();
        base.briefRequest("概括：{paragraph}");
        assertThat(base.build()).isEqualTo(StoryPrompts.defaults());
    }

    @Test
    void a_placeholder_without_value_is_an_error_naming_the_prompt() {
        assertThatThrownBy(() -> SummaryPromptBuilder.defaults().summaryRequest("总结{paragrah}").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("summary request").hasMessageContaining("{paragrah}");
    }

    @Test
    void a_query_template_without_its_placeholder_is_an_error() {
        assertThatThrownBy(() -> SummaryPromptBuilder.defaults().query(SampleKind.CONTINUATION, "续写：").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("{context}");
    }

    @Test
    void loads_templates_from_utf8_files_dropping_bom_and_crlf() throws Exception {
        Path request = dir.resolve("summary.txt");
        Files.write(request, "\uFEFF请总结下面的段落：\r\n{paragraph}\r\n".getBytes(StandardCharsets.UTF_8));
        Path query = dir.resolve("brief-query.txt");
        Files.writeString(query, "根据概括扩写：\n{brief}\n");

        StoryPrompts p = SummaryPromptBuilder.defaults()
                .summaryRequestFile(request)
                .queryFile(SampleKind.BRIEF, query)
                .build();

        assertThat(p.summaryRequestFor("P")).isEqualTo("请总结下面的段落：\nP\n");
        assertThat(p.queryFor(SampleKind.BRIEF, "B")).isEqualTo("根据概括扩写：\nB");
    }

    @Test
    void a_missing_or_empty_template_file_is_named_in_the_error() throws Exception {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> SummaryPromptBuilder.defaults().briefRequestFile(missing))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");

        Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n");
        assertThatThrownBy(() -> SummaryPromptBuilder.defaults().summaryRequestFile(empty))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(empty.toString())
                .hasMessageContaining("empty");

        Path gbk = dir.resolve("gbk.txt");
        Files.write(gbk, "总结：{paragraph}".getBytes("GBK"));
        assertThatThrownBy(() -> SummaryPromptBuilder.defaults().summaryRequestFile(gbk))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void reserved_placeholder_names_cannot_be_given_values() {
        assertThatThrownBy(() -> SummaryPromptBuilder.defaults().value("paragraph", "x"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("is filled by the dataset stage itself");
    }
}
