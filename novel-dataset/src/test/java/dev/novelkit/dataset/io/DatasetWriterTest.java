package dev.novelkit.dataset.io;

import dev.novelkit.core.dataset.RecordFormat;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.dataset.build.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetWriterTest {
    private static final StoryPrompts P = StoryPrompts.defaults();
    private static final String TRICKY = "他说：\"好，\"然后\n换行,逗号\r\n还有“引号”和\u2028分隔符\t制表 𠀀";

    @TempDir
    Path dir;

    static List<Sample> samples(String system) {
        return List.of(
                new Sample(SampleKind.SUMMARY, P.queryFor(SampleKind.SUMMARY, "小说的风格和主题:\n悬疑"), "第一段。", system, 0, "h0"),
                new Sample(SampleKind.CONTINUATION, P.queryFor(SampleKind.CONTINUATION, "前文。"), TRICKY, system, 1, "h1"),
                new Sample(SampleKind.BRIEF, P.queryFor(SampleKind.BRIEF, "概括"), "第二段，\"引\"。", system, 1, "h1"));
    }

    @Test
    void swift_lines_are_the_seed_layout_with_system_first_only_when_set() throws IOException {
        Path file = dir.resolve("train.jsonl");
        DatasetWriter.jsonl().write(file, List.of(Sample.of("问", "答"), Sample.of("问", "答").system("系统")));

        assertThat(Files.readString(file)).isEqualTo(
                "{\"query\":\"问\",\"response\":\"答\"}\n{\"system\":\"系统\",\"query\":\"问\",\"response\":\"答\"}\n");
    }

    @Test
    void each_format_has_its_own_field_layout() throws IOException {
        Sample s = Sample.of("问", "答").system("系统");
        assertThat(line(RecordFormat.MESSAGES, s)).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":\"系统\"},"
                + "{\"role\":\"user\",\"content\":\"问\"},{\"role\":\"assistant\",\"content\":\"答\"}]}");
        assertThat(line(RecordFormat.ALPACA, s)).isEqualTo(
                "{\"system\":\"系统\",\"instruction\":\"问\",\"input\":\"\",\"output\":\"答\"}");
        assertThat(line(RecordFormat.SHAREGPT, s)).isEqualTo(
                "{\"system\":\"系统\",\"conversation\":[{\"human\":\"问\",\"assistant\":\"答\"}]}");
    }

    private String line(RecordFormat f, Sample s) throws IOException {
        Path file = dir.resolve(f.id() + ".jsonl");
        DatasetWriter.jsonl().format(f).write(file, List.of(s));
        return Files.readString(file).strip();
    }

    @ParameterizedTest
    @EnumSource(RecordFormat.class)
    void every_format_reads_back_to_the_same_samples_with_their_kinds(RecordFormat format) {
        for (String system : List.of("", "你是小说家。")) {
            Path file = dir.resolve(format.id() + system.length() + ".jsonl");
            DatasetWriter.jsonl().format(format).write(file, samples(system));

            List<Sample> back = DatasetReader.defaults().read(file);

            assertThat(back).extracting(Sample::query, Sample::response, Sample::system, Sample::kind)
                    .isEqualTo(samples(system).stream().map(s -> org.assertj.core.groups.Tuple.tuple(
                            s.query(), s.response(), s.system(), s.kind())).toList());
            assertThat(back).allMatch(s -> s.paragraph() == -1);
        }
    }

    @Test
    void line_separators_that_split_lines_elsewhere_are_escaped() throws IOException {
        Path file = dir.resolve("t.jsonl");
        DatasetWriter.jsonl().write(file, List.of(Sample.of("a\u2028b\u0085c", "d\u2029e")));

        String text = Files.readString(file);
        assertThat(text).contains("\\u2028").contains("\\u0085").contains("\\u2029").hasLineCount(1);
        assertThat(DatasetReader.defaults().read(file).get(0).query()).isEqualTo("a\u2028b\u0085c");
    }

    @Test
    void csv_quotes_commas_quotes_and_line_breaks_per_rfc_4180() throws IOException {
        Path file = dir.resolve("train.csv");
        DatasetWriter.csv().write(file, List.of(Sample.of("a,b", "say \"hi\""), Sample.of("line1\nline2", "plain")));

        assertThat(Files.readString(file)).isEqualTo(
                "query,response\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"line1\nline2\",plain\r\n");
    }

    @ParameterizedTest
    @EnumSource(value = RecordFormat.class, names = {"SWIFT", "ALPACA"})
    void csv_reads_back_with_our_reader(RecordFormat format) throws IOException {
        Path file = dir.resolve(format.id() + ".csv");
        DatasetWriter.csv().format(format).write(file, samples("系统,带逗号"));

        List<Sample> back = DatasetReader.defaults().read(file);

        assertThat(back).isEqualTo(samples("系统,带逗号").stream()
                .map(s -> new Sample(s.kind(), s.query(), s.response(), s.system(), -1, "")).toList());
        String header = Files.readString(file).lines().findFirst().orElseThrow();
        assertThat(header).isEqualTo(format == RecordFormat.ALPACA ? "system,instruction,input,output" : "system,query,response");
    }

    @Test
    void csv_is_read_the_same_by_pythons_csv_module() throws Exception {
        assumeTrue(python3());
        Path file = dir.resolve("train.csv");
        DatasetWriter.csv().write(file, samples("sys"));
        Path out = dir.resolve("py.json");

        Process p = new ProcessBuilder("python3", "-c", """
                import csv, json, sys
                with open(sys.argv[1], newline='', encoding='utf-8') as f:
                    rows = list(csv.DictReader(f))
                json.dump(rows, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
                """, file.toString(), out.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Sample s = samples("sys").get(i);
            assertThat(rows.get(i).get("system").asText()).isEqualTo("sys");
            assertThat(rows.get(i).get("query").asText()).isEqualTo(s.query());
            assertThat(rows.get(i).get("response").asText()).isEqualTo(s.response());
        }
    }

    private static boolean python3() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void a_failure_midway_leaves_the_old_file_untouched() throws IOException {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, "old\n");
        Iterable<Sample> failing = () -> new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Sample next() {
                if (++n == 3) {
                    throw new IllegalStateException("disk on fire");
                }
                return Sample.of("q" + n, "r");
            }
        };

        assertThatThrownBy(() -> DatasetWriter.jsonl().write(file, failing)).hasMessageContaining("disk on fire");

        assertThat(Files.readString(file)).isEqualTo("old\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void a_streaming_write_appears_only_on_commit() throws IOException {
        Path file = dir.resolve("train.jsonl");
        try (DatasetWriter.Output out = DatasetWriter.jsonl().open(file)) {
            out.write(Sample.of("q", "r"));
            assertThat(file).doesNotExist();
        }
        assertThat(file).doesNotExist();

        try (DatasetWriter.Output out = DatasetWriter.jsonl().open(file)) {
            out.write(Sample.of("q", "r"));
            out.commit();
            assertThat(out.count()).isEqualTo(1);
        }
        assertThat(Files.readString(file)).isEqualTo("{\"query\":\"q\",\"response\":\"r\"}\n");
    }

    @Test
    void a_streaming_csv_without_a_system_column_refuses_a_system_prompt() {
        try (DatasetWriter.Output out = DatasetWriter.csv().open(dir.resolve("t.csv"))) {
            assertThatThrownBy(() -> out.write(Sample.of("q", "r").system("s")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("systemColumn(true)");
        }
    }

    @Test
    void merges_jsonl_files_in_order_and_drops_exact_duplicates_when_asked() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"query\":\"1\",\"response\":\"x\"}\n\n{\"query\":\"2\",\"response\":\"x\"}\n");
        Path b = Files.writeString(dir.resolve("b.jsonl"), "{\"query\":\"2\",\"response\":\"x\"}\n{\"query\":\"3\",\"response\":\"x\"}");
        Path out = dir.resolve("merged.jsonl");

        DatasetWriter.MergeReport kept = DatasetWriter.merge(List.of(a, b), out, false);
        assertThat(kept).isEqualTo(new DatasetWriter.MergeReport(2, 4, 0));

        DatasetWriter.MergeReport deduped = DatasetWriter.merge(List.of(a, b), out, true);
        assertThat(deduped).isEqualTo(new DatasetWriter.MergeReport(2, 3, 1));
        assertThat(Files.readAllLines(out)).containsExactly("{\"query\":\"1\",\"response\":\"x\"}",
                "{\"query\":\"2\",\"response\":\"x\"}", "{\"query\":\"3\",\"response\":\"x\"}");
    }

    @Test
    void merge_names_the_file_and_line_of_a_malformed_record_and_keeps_the_old_output() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"query\":\"1\",\"response\":\"x\"}\n{\"query\":\n");
        Path out = Files.writeString(dir.resolve("merged.jsonl"), "previous\n");

        assertThatThrownBy(() -> DatasetWriter.merge(List.of(a), out, false))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(a + ":2: malformed JSON");
        assertThat(Files.readString(out)).isEqualTo("previous\n");
    }

    @Test
    void merges_csv_files_with_one_header_and_multi_line_records() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        DatasetWriter.csv().write(a, List.of(Sample.of("一\n二", "x"), Sample.of("三", "y")));
        DatasetWriter.csv().write(b, List.of(Sample.of("三", "y"), Sample.of("四,五", "z")));
        Path out = dir.resolve("all.csv");

        assertThat(DatasetWriter.merge(List.of(a, b), out, true)).isEqualTo(new DatasetWriter.MergeReport(2, 3, 1));
        assertThat(DatasetReader.defaults().read(out)).extracting(Sample::query).containsExactly("一\n二", "三", "四,五");

        Path other = dir.resolve("other.csv");
        DatasetWriter.csv().write(other, List.of(Sample.of("q", "r").system("s")));
        assertThatThrownBy(() -> DatasetWriter.merge(List.of(a, other), out, false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("header");
    }

    @Test
    void split_is_seeded_keeps_a_paragraph_on_one_side_and_keeps_order() {
        List<Sample> all = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            for (SampleKind kind : SampleKind.values()) {
                all.add(new Sample(kind, kind + "-" + p, "段落" + p, "", p, "hash" + p));
            }
        }

        Split a = Split.of(all, 0.1, 42);
        Split b = Split.of(all, 0.1, 42);
        Split c = Split.of(all, 0.1, 7);

        assertThat(a).isEqualTo(b);
        assertThat(a.validation()).hasSize(6);
        assertThat(a.train()).hasSize(54);
        assertThat(c.validation()).isNotEqualTo(a.validation());
        var validationParagraphs = a.validation().stream().map(Sample::paragraph).distinct().toList();
        assertThat(a.train()).noneMatch(s -> validationParagraphs.contains(s.paragraph()));
        assertThat(a.train()).isSortedAccordingTo(java.util.Comparator.comparingInt(Sample::paragraph));
        assertThat(Split.of(all, 0, 1).validation()).isEmpty();
        assertThat(Split.of(all.subList(0, 6), 0.01, 1).validation()).hasSize(3);
    }

    @Test
    void shuffle_is_a_seeded_permutation() {
        List<Sample> all = samples("");
        assertThat(Split.shuffle(all, 3)).isEqualTo(Split.shuffle(all, 3)).containsExactlyInAnyOrderElementsOf(all);
    }
}
