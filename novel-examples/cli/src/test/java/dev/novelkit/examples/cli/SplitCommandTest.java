package dev.novelkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SplitCommandTest {
    private static final String NOVEL = "《小城》\n\n第一章 雨\n　　雨下了一夜。她说：“明天会晴的。”\n\n第二章 晴\n"
            + "　　天真的晴了！大家都走到街上，看着河面上的光，谁也没有说话。".repeat(20);

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(json.readTree(line));
        }
        return nodes;
    }

    @Test
    void writes_one_json_object_per_paragraph_and_prints_the_summary_line() throws Exception {
        Path in = dir.resolve("novel.txt");
        Files.writeString(in, NOVEL, StandardCharsets.UTF_8);
        Path jsonl = dir.resolve("out/paragraphs.jsonl");

        int code = run("split", "--input", in.toString(), "--out", jsonl.toString(), "--max-chars", "200");

        List<Paragraph> expected = NovelSplitter.sentences().maxChars(200).split(Novel.read(in));
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out().strip()).matches("split: " + expected.size()
                + " paragraphs, \\d+\\.\\d MB in \\d+ ms \\(\\d+\\.\\d MB/s\\)");
        List<JsonNode> nodes = lines(jsonl);
        assertThat(nodes).hasSize(expected.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            Paragraph p = expected.get(i);
            assertThat(n.get("index").asInt()).isEqualTo(i);
            assertThat(n.get("chapter").asInt()).isEqualTo(p.chapter());
            assertThat(n.get("chapterTitle").asText()).isEqualTo(p.chapterTitle());
            assertThat(n.get("text").asText()).isEqualTo(p.text());
            assertThat(n.get("start").asLong()).isEqualTo(p.start());
            assertThat(n.get("end").asLong()).isEqualTo(p.end());
        }
        assertThat(nodes.get(1).get("chapterTitle").asText()).isEqualTo("第一章 雨");
        assertThat(dir.resolve("out")).isDirectoryContaining(p -> p.getFileName().toString().equals("paragraphs.jsonl"));
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.count()).as("no temporary file left behind").isEqualTo(1);
        }
    }

    @Test
    void seed_mode_with_a_forced_encoding_reads_gbk() throws Exception {
        Path in = dir.resolve("gbk.txt");
        Files.writeString(in, NOVEL, Charset.forName("GBK"));
        Path jsonl = dir.resolve("seed.jsonl");

        int code = run("split", "--input", in.toString(), "--out", jsonl.toString(), "--mode", "seed",
                "--encoding", "GBK", "--max-chars", "100");

        assertThat(code).as(cli.err()).isZero();
        List<String> texts = lines(jsonl).stream().map(n -> n.get("text").asText()).toList();
        assertThat(texts).isEqualTo(NovelSplitter.seedCompatible().maxChars(100).split(NOVEL).stream()
                .map(Paragraph::text).toList());
    }

    @Test
    void an_empty_file_is_a_one_line_error_with_exit_code_2_and_no_output_file() throws Exception {
        Path in = dir.resolve("empty.txt");
        Files.write(in, new byte[0]);
        Path jsonl = dir.resolve("p.jsonl");

        int code = run("split", "--input", in.toString(), "--out", jsonl.toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit split: " + in + ": empty file");
        assertThat(cli.out()).isEmpty();
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().contains("p.jsonl"));
    }

    @Test
    void a_bad_mode_or_overlap_is_bad_input() throws Exception {
        Path in = dir.resolve("novel.txt");
        Files.writeString(in, NOVEL, StandardCharsets.UTF_8);

        assertThat(run("split", "--input", in.toString(), "--out", dir.resolve("a.jsonl").toString(), "--mode", "fast"))
                .isEqualTo(2);
        assertThat(run("split", "--input", in.toString(), "--out", dir.resolve("b.jsonl").toString(), "--overlap", "5000"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("--mode: must be seed or sentence, was fast").contains("--overlap");
    }

    @Test
    void an_existing_output_survives_a_failed_run() throws Exception {
        Path in = dir.resolve("bin.dat");
        Files.write(in, new byte[]{1, 2, 0, 3});
        Path jsonl = dir.resolve("keep.jsonl");
        Files.writeString(jsonl, "{\"old\":true}\n");

        int code = run("split", "--input", in.toString(), "--out", jsonl.toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("binary file");
        assertThat(Files.readString(jsonl)).isEqualTo("{\"old\":true}\n");
    }
}
