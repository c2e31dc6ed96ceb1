package dev.novelkit.dataset.io;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.dataset.build.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetReaderTest {
    @TempDir
    Path dir;

    @Test
    void a_malformed_line_is_named_by_file_and_line() throws Exception {
        Path f = Files.writeString(dir.resolve("d.jsonl"), "{\"query\":\"a\",\"response\":\"b\"}\n\n{\"query\":\"a\",\"response\"\n");

        assertThatThrownBy(() -> DatasetReader.defaults().read(f))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(f + ":3: malformed JSON");
    }

    @Test
    void a_record_without_the_fields_of_any_format_is_refused() throws Exception {
        Path f = Files.writeString(dir.resolve("d.jsonl"), "{\"question\":\"a\"}\n");
        assertThatThrownBy(() -> DatasetReader.defaults().read(f))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(f + ":1: not a training record");

        Path g = Files.writeString(dir.resolve("e.jsonl"), "{\"query\":\"a\"}\n");
        assertThatThrownBy(() -> DatasetReader.defaults().read(g)).hasMessageContaining("missing field \"response\"");

        Path h = Files.writeString(dir.resolve("h.jsonl"), "[1,2]\n");
        assertThatThrownBy(() -> DatasetReader.defaults().read(h)).hasMessageContaining(h + ":1: not a JSON object");
    }

    @Test
    void invalid_utf8_and_missing_files_are_named() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.write(f, new byte[]{'{', '"', 'q', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
        assertThatThrownBy(() -> DatasetReader.defaults().read(f))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> DatasetReader.defaults().read(dir.resolve("none.jsonl")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such file");
    }

    @Test
    void reads_multi_turn_messages_and_sharegpt_from_value_variants() throws Exception {
        Path f = Files.writeString(dir.resolve("d.jsonl"), """
                {"messages":[{"role":"system","content":"S"},{"role":"user","content":"u1"},{"role":"assistant","content":"a1"},{"role":"user","content":"u2"},{"role":"assistant","content":"a2"}]}
                {"conversations":[{"from":"human","value":"h"},{"from":"gpt","value":"g"}]}
                {"instruction":"做","input":"这个","output":"好"}
                """);

        assertThat(DatasetReader.defaults().read(f)).containsExactly(
                new Sample(null, "u2", "a2", "S", -1, ""), new Sample(null, "h", "g", "", -1, ""),
                new Sample(null, "做\n这个", "好", "", -1, ""));
    }

    @Test
    void recognises_seed_verbatim_queries() throws Exception {
        String q = dev.novelkit.core.prompt.StoryPrompts.seedVerbatim()
                .queryFor(dev.novelkit.core.prompt.SampleKind.BRIEF, "概括");
        Path f = dir.resolve("d.jsonl");
        DatasetWriter.jsonl().write(f, java.util.List.of(Sample.of(q, "r"), Sample.of("随便问", "r")));

        assertThat(DatasetReader.defaults().read(f)).extracting(Sample::kind)
                .containsExactly(dev.novelkit.core.prompt.SampleKind.BRIEF, null);
    }

    @Test
    void an_unterminated_csv_quote_is_named() throws Exception {
        Path f = Files.writeString(dir.resolve("d.csv"), "query,response\r\n\"open,x\r\n");
        assertThatThrownBy(() -> DatasetReader.defaults().read(f))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(f + ":2: malformed CSV: Missing closing quote");
    }
}
