package dev.novelkit.core.text;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming form must give exactly the paragraphs of the list form. */
class StreamingTest {
    @TempDir
    Path dir;

    private static List<Paragraph> drain(ParagraphStream s) {
        List<Paragraph> out = new ArrayList<>();
        try (s) {
            s.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<NovelSplitter> splitters(Random rng) {
        int max = new int[]{2200, 200, 30, 3, 1}[rng.nextInt(5)];
        return List.of(NovelSplitter.seedCompatible().maxChars(max), NovelSplitter.sentences().maxChars(max),
                NovelSplitter.sentences().maxChars(max).overlap(max / 2));
    }

    @Test
    void streaming_a_reader_a_few_chars_at_a_time_gives_the_list_form_paragraphs() {
        Random rng = new Random(11);
        for (int round = 0; round < 150; round++) {
            String text = TextSamples.fuzz(rng, round % 15 == 0 ? 30_000 : 4_000);
            for (NovelSplitter splitter : splitters(rng)) {
                List<Paragraph> expected = splitter.split(Novel.of(text));
                assertThat(drain(splitter.stream(TextSamples.trickle(text, round))))
                        .as("round %d %s", round, splitter).isEqualTo(expected);
            }
        }
    }

    @Test
    void streaming_matches_the_list_form_on_a_text_large_enough_to_be_scanned_in_parallel() {
        String text = TextSamples.fuzz(new Random(3), 1_500_000) + TextSamples.lanternRiver().repeat(300);
        for (NovelSplitter splitter : List.of(NovelSplitter.seedCompatible(), NovelSplitter.sentences(),
                NovelSplitter.sentences().maxChars(500).overlap(100))) {
            List<Paragraph> expected = splitter.split(Novel.of(text));
            assertThat(drain(splitter.stream(new StringReader(text)))).as(splitter.toString()).isEqualTo(expected);
            assertThat(drain(splitter.stream(Novel.of(text)))).isEqualTo(expected);
        }
    }

    @Test
    void streaming_a_file_matches_reading_it_whole() throws Exception {
        String text = TextSamples.lanternRiver().replace("\n", "\r\n").repeat(40) + "😀尾声\n最后一句";
        Path utf8 = dir.resolve("utf8.txt");
        Path gbk = dir.resolve("gbk.txt");
        Path utf16 = dir.resolve("utf16.txt");
        Files.writeString(utf8, text, StandardCharsets.UTF_8);
        Files.writeString(gbk, text.replace("😀", ""), Charset.forName("GBK"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xFF);
        b.write(0xFE);
        b.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        Files.write(utf16, b.toByteArray());
        for (Path file : List.of(utf8, gbk, utf16)) {
            for (NovelSplitter splitter : List.of(NovelSplitter.seedCompatible(), NovelSplitter.sentences().maxChars(300))) {
                List<Paragraph> expected = splitter.split(Novel.read(file));
                assertThat(expected).hasSizeGreaterThan(10);
                assertThat(drain(splitter.stream(file))).as(file + " " + splitter).isEqualTo(expected);
            }
        }
    }

    @Test
    void stream_counts_the_utf8_bytes_it_read() throws Exception {
        Path file = dir.resolve("n.txt");
        Files.writeString(file, TextSamples.lanternRiver(), StandardCharsets.UTF_8);
        try (ParagraphStream s = NovelSplitter.sentences().stream(file)) {
            s.forEachRemaining(p -> { });
            assertThat(s.utf8Bytes()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void a_bad_byte_after_the_first_megabyte_fails_the_stream_with_its_offset() throws Exception {
        // Over 4 MB, so that Novel.read decodes it in two halves.
        byte[] good = "他说：“好的。”\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("late.txt");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(good);
        b.write(0xFE);
        b.writeBytes("尾。".getBytes(StandardCharsets.UTF_8));
        Files.write(file, b.toByteArray());
        assertThat(good.length).isGreaterThan(1 << 20);

        ParagraphStream s = NovelSplitter.sentences().stream(file);
        assertThatThrownBy(() -> s.forEachRemaining(p -> { })).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": not UTF-8, UTF-16, GB18030 or Big5 text (invalid byte 0xFE at offset " + good.length
                        + "); name its encoding (--encoding on the command line)");
        s.close();
        assertThatThrownBy(() -> Novel.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("offset " + good.length);
    }

    @Test
    void the_stream_form_closes_the_file() throws Exception {
        Path file = dir.resolve("n.txt");
        Files.writeString(file, TextSamples.lanternRiver(), StandardCharsets.UTF_8);
        long count;
        try (var paragraphs = NovelSplitter.sentences().stream(file).stream()) {
            count = paragraphs.count();
        }
        assertThat(count).isEqualTo(NovelSplitter.sentences().split(Novel.read(file)).size());
        Files.delete(file);
    }
}
