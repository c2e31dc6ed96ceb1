package dev.novelkit.core.text;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** seedCompatible() must return exactly what the seed's Python get_novel_text returns. */
class SeedCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> javaSplit(String text, int max) {
        return NovelSplitter.seedCompatible().maxChars(max).split(text).stream().map(Paragraph::text).toList();
    }

    @Test
    void matches_the_golden_outputs_python_computed() throws Exception {
        List<Map<String, Object>> cases;
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("seed-golden.json.gz"))) {
            cases = JSON.readValue(in, new TypeReference<>() {
            });
        }
        assertThat(cases).hasSizeGreaterThan(25);
        for (Map<String, Object> c : cases) {
            assertThat(javaSplit((String) c.get("text"), (Integer) c.get("max")))
                    .as((String) c.get("name"))
                    .isEqualTo(c.get("expected"));
        }
    }

    @Test
    void matches_python_on_the_edge_cases() throws Exception {
        assumeTrue(PythonSeed.available(), "python3 not installed");
        List<String> texts = List.of("", "没有句号的一段话，一直说下去", "。", "。。", "a。", "长".repeat(50_000),
                "短句。" + "长".repeat(50_000) + "。尾。", "甲".repeat(2200) + "。乙。", "甲".repeat(2199) + "。乙。",
                "甲".repeat(1100) + "。" + "乙".repeat(1099) + "。丙", "  \u3000前后空白。  \n", "行一。\r\n行二。\r\n",
                "😀".repeat(2200) + "。𠀀", "𠀀".repeat(1500) + "。" + "😀".repeat(700) + "。x",
                TextSamples.lanternRiver(), TextSamples.lanternRiver().repeat(7));
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String t : texts) {
            cases.add(Map.of("text", t, "max", 2200));
        }
        List<List<String>> expected = PythonSeed.run(cases);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(javaSplit(texts.get(i), 2200)).as("case %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void matches_python_on_seeded_random_inputs() throws Exception {
        assumeTrue(PythonSeed.available(), "python3 not installed");
        Random rng = new Random(42);
        int[] limits = {2200, 2200, 100, 30, 5, 1};
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("text", TextSamples.fuzz(rng, i % 10 == 0 ? 12_000 : 3_000));
            c.put("max", limits[rng.nextInt(limits.length)]);
            cases.add(c);
        }
        List<List<String>> expected = PythonSeed.run(cases);
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> c = cases.get(i);
            assertThat(javaSplit((String) c.get("text"), (Integer) c.get("max"))).as("fuzz case %d", i)
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void reading_a_file_matches_the_seed_reading_it() throws Exception {
        assumeTrue(PythonSeed.available(), "python3 not installed");
        Path file = dir.resolve("novel.txt");
        String text = (TextSamples.lanternRiver() + "\r\n").repeat(5).replace("\n　　", "\r　　");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        List<List<String>> expected = PythonSeed.run(List.of(Map.of("file", file.toString())));

        List<String> fromList = NovelSplitter.seedCompatible().split(Novel.read(file)).stream()
                .map(Paragraph::text).toList();
        List<String> fromStream;
        try (ParagraphStream s = NovelSplitter.seedCompatible().stream(file)) {
            fromStream = s.stream().map(Paragraph::text).toList();
        }
        assertThat(fromList).isEqualTo(expected.get(0)).hasSizeGreaterThan(1);
        assertThat(fromStream).isEqualTo(expected.get(0));
    }

    @Test
    void offsets_cover_the_source_span_of_each_paragraph() {
        String text = "  开头。" + "甲".repeat(2196) + "。乙。\n丙";
        List<Paragraph> ps = NovelSplitter.seedCompatible().split(text);

        for (Paragraph p : ps) {
            String span = text.substring((int) p.start(), (int) p.end());
            assertThat(p.text()).isIn(span, span + "。");
        }
        assertThat(ps).hasSize(3);
        assertThat(ps.get(0).text()).isEqualTo("开头。");
        assertThat(ps.get(0).start()).isEqualTo(2);
        assertThat(ps.get(1).start()).isEqualTo(5);
        assertThat(ps.get(2).text()).isEqualTo("丙。");
        assertThat(ps.get(2).start()).isEqualTo(text.length() - 1);
        assertThat(ps.get(2).end()).isEqualTo(text.length());
        assertThat(ps.get(ps.size() - 1).end()).isEqualTo(text.length());
    }

    @Test
    void an_over_long_first_sentence_gives_an_empty_first_paragraph_as_the_seed_does() {
        List<Paragraph> ps = NovelSplitter.seedCompatible().split("长".repeat(50_000) + "。短。");

        assertThat(ps).extracting(Paragraph::text).containsExactly("", "长".repeat(50_000) + "。", "短。。");
        assertThat(ps.get(1).length()).isEqualTo(50_001);
    }

    @Test
    void counts_characters_outside_the_bmp_once_as_python_does() {
        String emoji = "😀".repeat(2199);
        List<Paragraph> ps = NovelSplitter.seedCompatible().split(emoji + "。x");

        assertThat(ps).extracting(Paragraph::text).containsExactly(emoji + "。", "x。");
        assertThat(ps.get(0).length()).isEqualTo(2200);
    }

    @Test
    void labels_each_paragraph_with_the_chapter_it_starts_in() {
        String text = "序言一句。\n第一章 起\n" + "甲".repeat(2000) + "。\n第二章 承\n" + "乙".repeat(300) + "。";
        List<Paragraph> ps = NovelSplitter.seedCompatible().split(Novel.of(text));

        assertThat(ps).extracting(Paragraph::chapter).containsExactly(0, 2);
        assertThat(ps).extracting(Paragraph::chapterTitle).containsExactly("", "第二章 承");
    }
}
