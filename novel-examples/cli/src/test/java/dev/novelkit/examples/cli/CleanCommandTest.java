package dev.novelkit.examples.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CleanCommandTest {
    @TempDir
    static Path tokenizerDir;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The real Qwen tokenizer of the test resources, unpacked once for this class. */
    @BeforeAll
    static void unpackTokenizer() throws IOException {
        try (InputStream in = new GZIPInputStream(
                CleanCommandTest.class.getClassLoader().getResourceAsStream("qwen-tokenizer/tokenizer.json.gz"))) {
            Files.copy(in, tokenizerDir.resolve("tokenizer.json"));
        }
    }

    private int run(String... args) {
        CommandLine cl = NovelKitCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path input() throws IOException {
        return Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"query\":\"续写\",\"response\":\"◆天下大势,分久必合,合久必分。本章未完，请点击下一页继续阅读\"}",
                "{\"query\":\"续写\",\"response\":\"天下大势,分久必合,合久必分。\"}",
                "{\"query\":\"续写\",\"response\":\"周末七国分争，并入于秦。及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖斩白蛇而起义，一统天下。\"}",
                "{\"query\":\"续写\",\"response\":\"短。\"}",
                "not json"), StandardCharsets.UTF_8);
    }

    @Test
    void clean_with_defaults_keeps_every_sample_of_novelkits_own_dataset_of_the_bundled_novel() throws IOException {
        Path ds = dir.resolve("ds");
        assertThat(run("dataset", "--out", ds.toString())).as(err.toString()).isZero();
        Path train = ds.resolve("train.jsonl");
        List<String> samples = Files.readAllLines(train, StandardCharsets.UTF_8);
        assertThat(samples).hasSizeGreaterThan(20);
        Path cleaned = dir.resolve("clean.jsonl");
        out.getBuffer().setLength(0);

        assertThat(run("clean", "--input", train.toString(), "--out", cleaned.toString(), "--tokenizer",
                tokenizerDir.toString())).as(err.toString()).isZero();

        assertThat(Files.readAllLines(cleaned, StandardCharsets.UTF_8)).hasSameSizeAs(samples);
        assertThat(out.toString()).containsPattern("samples out\\s+" + samples.size() + "\\s+\\(100\\.0%\\)");
    }

    @Test
    void an_in_place_clean_replaces_the_input_only_with_the_finished_file() throws IOException {
        Path in = input();

        assertThat(run("clean", "--input", in.toString(), "--out", in.toString(), "--tokenizer",
                tokenizerDir.toString())).as(err.toString()).isZero();

        assertThat(Files.readAllLines(in, StandardCharsets.UTF_8)).hasSize(3).noneMatch(l -> l.contains("◆"));
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(in);
        }
    }

    @Test
    void cleans_with_the_real_tokenizer_and_prints_the_report() throws IOException {
        Path in = input();
        Path cleaned = dir.resolve("out.jsonl");
        int code = run("clean", "--input", in.toString(), "--out", cleaned.toString(),
                "--tokenizer", tokenizerDir.toString(), "--min-tokens", "10", "--threads", "2");
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(cleaned, StandardCharsets.UTF_8)).containsExactly(
                "{\"query\":\"续写\",\"response\":\"天下大势,分久必合,合久必分。\"}",
                "{\"query\":\"续写\",\"response\":\"周末七国分争，并入于秦。及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖斩白蛇而起义，一统天下。\"}");
        String report = out.toString();
        assertThat(report).contains("samples in", "samples out", "exact_duplicate", "too_short_tokens", "malformed",
                in + ":5", "tokens/s", "p95");
        assertThat(report).containsPattern("samples out\\s+2");
    }

    @Test
    void token_length_options_use_tokens_not_characters() throws IOException {
        Path in = input();
        // the 14-token sentence has 15 characters: a 14-token maximum keeps it
        int code = run("clean", "--input", in.toString(), "--out", dir.resolve("o.jsonl").toString(),
                "--tokenizer", tokenizerDir.resolve("tokenizer.json").toString(), "--max-response-tokens", "14",
                "--no-dedup", "--no-symbols");
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("o.jsonl"), StandardCharsets.UTF_8))
                .contains("{\"query\":\"续写\",\"response\":\"天下大势,分久必合,合久必分。\"}")
                .hasSize(2);
    }

    @Test
    void refuses_to_run_without_a_tokenizer() throws IOException {
        assumeTrue(System.getenv("NOVELKIT_TOKENIZER") == null, "NOVELKIT_TOKENIZER is set");
        int code = run("clean", "--input", input().toString(), "--out", dir.resolve("o.jsonl").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--tokenizer").contains("NOVELKIT_TOKENIZER")
                .contains("never fall back to character counts");
        assertThat(dir.resolve("o.jsonl")).doesNotExist();
    }

    @Test
    void reports_a_bad_tokenizer_path_and_a_missing_input_in_one_line() throws IOException {
        int code = run("clean", "--input", input().toString(), "--out", dir.resolve("o.jsonl").toString(),
                "--tokenizer", dir.resolve("nowhere").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("novelkit clean: " + dir.resolve("nowhere")).doesNotContain("\n");

        StringWriter second = new StringWriter();
        CommandLine cl = NovelKitCli.commandLine();
        cl.setErr(new PrintWriter(second, true));
        int missing = cl.execute("clean", "--input", dir.resolve("missing.jsonl").toString(), "--out",
                dir.resolve("o.jsonl").toString(), "--tokenizer", tokenizerDir.toString());
        assertThat(missing).isEqualTo(2);
        assertThat(second.toString()).contains("missing.jsonl: no such file");
    }

    @Test
    void rejects_an_out_of_range_threshold() throws IOException {
        int code = run("clean", "--input", input().toString(), "--out", dir.resolve("o.jsonl").toString(),
                "--tokenizer", tokenizerDir.toString(), "--near-dup-threshold", "1.5");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nearDuplicateThreshold");
    }
}
