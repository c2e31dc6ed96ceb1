package dev.novelkit.dataset.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.dataset.TrainingLimits;
import dev.novelkit.core.llm.TokenCounter;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.dataset.tokenizer.QwenFixture;
import dev.novelkit.dataset.tokenizer.QwenTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetCleanerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHARS = "天下大势分久必合合久必分周末七国分争并入于秦及秦灭之后楚汉分争又并入于汉汉朝自高祖斩白蛇"
            + "而起义一统天下后来光武中兴传至献帝遂分为三国推其致乱之由殆始于桓灵二帝他说你我们这那来去看见走了的是不在有人心中山水风雨夜月";

    @TempDir
    Path dir;

    private final QwenTokenizer qwen = QwenFixture.shared();
    private final DatasetCleaner cleaner = DatasetCleaner.defaults().tokenCounter(qwen).threads(2);

    // ------------------------------------------------------------------ helpers

    /** Seeded Chinese prose of about {@code length} characters, sentences ending in 。 or ！ */
    static String prose(long seed, int length) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            int n = 5 + r.nextInt(20);
            for (int i = 0; i < n; i++) {
                b.append(CHARS.charAt(r.nextInt(CHARS.length())));
            }
            b.append(r.nextInt(4) == 0 ? "！" : r.nextInt(3) == 0 ? "，" : "。");
        }
        return b.toString();
    }

    static String swift(String query, String response) {
        ObjectNode o = JSON.createObjectNode();
        o.put("query", query);
        o.put("response", response);
        return o.toString();
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void keeps_clean_samples_byte_for_byte() throws IOException {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            in.add("{\"query\": \"续写：" + prose(i, 20) + "\", \"response\": \"" + prose(100 + i, 300) + "\"}");
        }
        Path out = dir.resolve("out.jsonl");
        CleaningReport report = cleaner.clean(write("in.jsonl", in), out);
        assertThat(lines(out)).isEqualTo(in);
        assertThat(report.samplesIn()).isEqualTo(20);
        assertThat(report.samplesOut()).isEqualTo(20);
        assertThat(report.removedTotal()).isZero();
        assertThat(report.formats()).containsEntry("swift", 20L);
        assertThat(report.charactersRemoved()).isZero();
    }

    @Test
    void cleans_every_format_and_writes_each_back_in_its_own_format() throws IOException {
        String dirty = "◆" + prose(1, 200) + "&nbsp;本章未完，请点击下一页继续阅读\u200B";
        String query = "续写：" + prose(2, 30) + "★";
        List<String> in = List.of(
                "{\"system\":\"You are a helpful assistant.\",\"query\":" + q(query) + ",\"response\":" + q(dirty) + "}",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":" + q(query)
                        + "},{\"role\":\"assistant\",\"content\":" + q(dirty.replace(prose(1, 200), prose(3, 200))) + "}]}",
                "{\"instruction\":" + q(query) + ",\"input\":\"\",\"output\":" + q(dirty.replace(prose(1, 200), prose(4, 200))) + "}",
                "{\"system\":\"sys\",\"conversation\":[{\"human\":" + q(query) + ",\"assistant\":"
                        + q(dirty.replace(prose(1, 200), prose(5, 200))) + "}]}",
                "{\"conversations\":[{\"from\":\"human\",\"value\":" + q(query) + "},{\"from\":\"gpt\",\"value\":"
                        + q(dirty.replace(prose(1, 200), prose(6, 200))) + "}]}");
        Path out = dir.resolve("out.jsonl");
        CleaningReport report = cleaner.clean(write("in.jsonl", in), out);

        List<String> got = lines(out);
        assertThat(got).hasSize(5);
        String cleanQuery = query.replace("★", "");
        JsonNode swift = parse(got.get(0));
        assertThat(swift.get("system").asText()).isEqualTo("You are a helpful assistant.");
        assertThat(swift.get("query").asText()).isEqualTo(cleanQuery);
        assertThat(swift.get("response").asText()).isEqualTo(prose(1, 200));
        JsonNode messages = parse(got.get(1));
        assertThat(messages.get("messages")).hasSize(3);
        assertThat(messages.get("messages").get(1).get("content").asText()).isEqualTo(cleanQuery);
        assertThat(messages.get("messages").get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get("messages").get(2).get("content").asText()).isEqualTo(prose(3, 200));
        JsonNode alpaca = parse(got.get(2));
        assertThat(alpaca.get("instruction").asText()).isEqualTo(cleanQuery);
        assertThat(alpaca.get("input").asText()).isEmpty();
        assertThat(alpaca.get("output").asText()).isEqualTo(prose(4, 200));
        JsonNode sharegpt = parse(got.get(3));
        assertThat(sharegpt.get("conversation").get(0).get("assistant").asText()).isEqualTo(prose(5, 200));
        JsonNode conversations = parse(got.get(4));
        assertThat(conversations.get("conversations").get(1).get("from").asText()).isEqualTo("gpt");
        assertThat(conversations.get("conversations").get(1).get("value").asText()).isEqualTo(prose(6, 200));

        assertThat(report.formats()).containsEntry("swift", 1L).containsEntry("messages", 1L)
                .containsEntry("alpaca", 1L).containsEntry("sharegpt", 2L);
        assertThat(report.samplesChanged()).isEqualTo(5);
        // per sample: ◆ ★ + " 本章未完，请点击下一页继续阅读" (&nbsp; became a space, then dropped at the end) + ZWSP
        assertThat(report.charactersRemoved()).isEqualTo(5L * ("◆★".length() + "&nbsp;本章未完，请点击下一页继续阅读\u200B".length()));
    }

    private static String q(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    @Test
    void filters_by_token_length_with_the_real_tokenizer() throws IOException {
        String response = "天下大势,分久必合,合久必分。"; // 14 tokens
        String query = "续写下文"; // a few tokens
        int queryTokens = qwen.count(query);
        Path in = write("in.jsonl", List.of(swift(query, response), swift(query, response.repeat(3))));

        CleaningReport minResponse = cleaner.responseTokens(15, Integer.MAX_VALUE).clean(in, dir.resolve("a.jsonl"));
        assertThat(minResponse.removed(RemovalReason.TOO_SHORT_TOKENS)).isEqualTo(1);
        assertThat(lines(dir.resolve("a.jsonl"))).containsExactly(swift(query, response.repeat(3)));

        CleaningReport maxTotal = cleaner.totalTokens(0, queryTokens + 14).clean(in, dir.resolve("b.jsonl"));
        assertThat(maxTotal.removed(RemovalReason.TOO_LONG_TOKENS)).isEqualTo(1);
        assertThat(lines(dir.resolve("b.jsonl"))).containsExactly(swift(query, response));
        assertThat(maxTotal.responseTokens().max()).isEqualTo(14);
        assertThat(maxTotal.totalTokens().max()).isEqualTo(queryTokens + 14);

        CleaningReport maxQuery = cleaner.queryTokens(0, queryTokens - 1).clean(in, dir.resolve("c.jsonl"));
        assertThat(maxQuery.removed(RemovalReason.TOO_LONG_TOKENS)).isEqualTo(2);
        assertThat(maxQuery.samplesOut()).isZero();
    }

    @Test
    void reports_token_statistics_of_kept_samples() throws IOException {
        List<String> in = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            in.add(swift("问" + i, "天下大势,分久必合,合久必分。".repeat(i)));
        }
        CleaningReport report = cleaner.nearDedup(false).clean(write("in.jsonl", in), dir.resolve("out.jsonl"));
        TokenStats response = report.responseTokens();
        assertThat(response.count()).isEqualTo(20);
        assertThat(response.min()).isEqualTo(14);
        assertThat(response.max()).isEqualTo(qwen.count("天下大势,分久必合,合久必分。".repeat(20)));
        assertThat(response.p50()).isEqualTo(qwen.count("天下大势,分久必合,合久必分。".repeat(10)));
        assertThat(response.mean()).isBetween(14.0 * 10, 14.0 * 11);
        assertThat(report.tokensCounted()).isEqualTo((long) (report.totalTokens().mean() * 20 + 0.5));
        assertThat(report.render()).contains("response").contains("p95").contains("tokens/s");
    }

    @Test
    void filters_by_character_length_per_field() throws IOException {
        Path in = write("in.jsonl", List.of(swift("问", prose(1, 30)), swift("问", prose(2, 500)),
                swift("问问问问问问问问问问问", prose(3, 100))));
        CleaningReport report = cleaner.responseChars(60, 400).queryChars(0, 10).clean(in, dir.resolve("out.jsonl"));
        assertThat(report.removed(RemovalReason.TOO_SHORT_CHARS)).isEqualTo(1);
        assertThat(report.removed(RemovalReason.TOO_LONG_CHARS)).isEqualTo(2);
        assertThat(report.samplesOut()).isZero();
    }

    @Test
    void drops_samples_made_of_special_characters_but_not_punctuation_heavy_prose() throws IOException {
        String emojiSpam = "😀😀😀😀😀好😀😀😀😀😀😀😀😀";
        String punctuated = "“啊？！”……“嗯。”——“哦！”“好，好，好。”";
        Path in = write("in.jsonl", List.of(swift("问", emojiSpam), swift("问", punctuated)));
        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));
        assertThat(report.removed(RemovalReason.SPECIAL_RATIO)).isEqualTo(1);
        assertThat(lines(dir.resolve("out.jsonl"))).containsExactly(swift("问", punctuated));
    }

    @Test
    void drops_mojibake_and_repairs_utf8_read_as_latin1() throws IOException {
        String latin1 = new String("他说你好。".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        Path in = write("in.jsonl", List.of(swift("问", "锟斤拷锟斤拷烫烫烫"), swift("问", "正文\uFFFD正文"),
                swift("问", latin1)));
        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));
        assertThat(report.removed(RemovalReason.MOJIBAKE)).isEqualTo(2);
        assertThat(report.mojibakeRepaired()).isEqualTo(1);
        assertThat(lines(dir.resolve("out.jsonl"))).containsExactly(swift("问", "他说你好。"));
    }

    @Test
    void drops_samples_that_are_empty_after_cleaning() throws IOException {
        Path in = write("in.jsonl", List.of(swift("问", "◆◆◆ 本章未完 ★"), swift("", "正文。"), swift("问", "正文。")));
        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));
        assertThat(report.removed(RemovalReason.EMPTY)).isEqualTo(2);
        assertThat(report.samplesOut()).isEqualTo(1);
    }

    @Test
    void removes_exact_duplicates_that_differ_only_in_whitespace_and_width() throws IOException {
        String text = prose(7, 300);
        Path in = write("in.jsonl", List.of(swift("续写", text), swift("续写 ", " " + text.replace("。", "。\n")),
                swift("ｘ续写", text), swift("x续写", text)));
        CleaningReport report = cleaner.nearDedup(false).clean(in, dir.resolve("out.jsonl"));
        assertThat(report.removed(RemovalReason.EXACT_DUPLICATE)).isEqualTo(2);
        assertThat(lines(dir.resolve("out.jsonl"))).containsExactly(swift("续写", text), swift("ｘ续写", text));
    }

    @Test
    void catches_a_near_duplicate_with_one_character_changed_and_keeps_different_texts() throws IOException {
        String original = prose(11, 400);
        char[] chars = original.toCharArray();
        chars[200] = chars[200] == '山' ? '水' : '山';
        String oneChanged = new String(chars);
        List<String> in = new ArrayList<>();
        in.add(swift("续写下面的段落", original));
        for (int i = 0; i < 30; i++) {
            in.add(swift("续写" + i, prose(1000 + i, 400)));
        }
        in.add(swift("续写下面的段落", oneChanged));
        CleaningReport report = cleaner.clean(write("in.jsonl", in), dir.resolve("out.jsonl"));
        assertThat(report.removed(RemovalReason.NEAR_DUPLICATE)).isEqualTo(1);
        assertThat(report.removed(RemovalReason.EXACT_DUPLICATE)).isZero();
        assertThat(report.samplesOut()).isEqualTo(31);
        assertThat(lines(dir.resolve("out.jsonl"))).doesNotContain(swift("续写下面的段落", oneChanged));

        CleaningReport strictThreshold = cleaner.nearDuplicateThreshold(1.0).clean(dir.resolve("in.jsonl"),
                dir.resolve("out2.jsonl"));
        assertThat(strictThreshold.removed(RemovalReason.NEAR_DUPLICATE)).isZero();
        CleaningReport noDedup = cleaner.nearDedup(false).clean(dir.resolve("in.jsonl"), dir.resolve("out3.jsonl"));
        assertThat(noDedup.samplesOut()).isEqualTo(32);
    }

    @Test
    void counts_malformed_lines_with_file_and_line_and_skips_blank_ones() throws IOException {
        Path in = write("in.jsonl", List.of(swift("问", "正文。"), "{not json", "", "[1,2]",
                "{\"title\":\"x\"}", "{\"query\":\"问\",\"response\":42}", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                swift("问", "正文二。")));
        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));
        assertThat(report.samplesIn()).isEqualTo(7);
        assertThat(report.samplesOut()).isEqualTo(2);
        assertThat(report.removed(RemovalReason.MALFORMED)).isEqualTo(5);
        assertThat(report.malformedLines()).hasSize(5);
        assertThat(report.malformedLines().get(0)).startsWith(in + ":2: invalid JSON");
        assertThat(report.malformedLines().get(1)).isEqualTo(in + ":4: not a JSON object");
        assertThat(report.malformedLines().get(2)).startsWith(in + ":5: not a training record");
        assertThat(report.malformedLines().get(3)).isEqualTo(in + ":6: field \"response\" is not a string");
        assertThat(report.malformedLines().get(4)).isEqualTo(in + ":7: \"messages\" has no assistant turn");
        assertThat(report.render()).contains("malformed").contains(in + ":2");
    }

    @Test
    void strict_mode_fails_on_the_first_malformed_line_and_writes_nothing() throws IOException {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            in.add(swift("问" + i, prose(i, 50)));
        }
        in.add("{\"query\": \"broken");
        Path input = write("in.jsonl", in);
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "previous content\n");
        assertThatThrownBy(() -> cleaner.strict(true).batchSize(16).clean(input, out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(input + ":1001: invalid JSON");
        assertThat(Files.readString(out)).isEqualTo("previous content\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("in.jsonl", "out.jsonl");
        }
    }

    @Test
    void cancellation_leaves_no_output_file() throws IOException {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            in.add(swift("问" + i, prose(i, 50)));
        }
        Path input = write("in.jsonl", in);
        Cancellation cancellation = new Cancellation();
        ProgressListener cancelAtFirstBatch = new ProgressListener() {
            @Override
            public void onProgress(Progress progress) {
                cancellation.cancel();
            }
        };
        Path out = dir.resolve("out.jsonl");
        assertThatThrownBy(() -> cleaner.threads(1).batchSize(10).clean(input, out, cancelAtFirstBatch, cancellation))
                .isInstanceOf(CancelledException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void keeps_input_order_and_the_same_result_with_many_threads() throws IOException {
        List<String> in = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 3000; i++) {
            int kind = r.nextInt(10);
            String text = kind == 0 ? prose(r.nextInt(50), 120) // many duplicates
                    : kind == 1 ? "◆" + prose(i, 80 + r.nextInt(200)) : prose(10_000 + i, 20 + r.nextInt(300));
            in.add(swift("第" + i + "段", text));
        }
        Path input = write("in.jsonl", in);
        // Responses only: the many repeated responses under different queries are then near duplicates.
        DatasetCleaner base = cleaner.totalTokens(40, 250).nearDedupOn(DatasetCleaner.NearDedupOn.RESPONSE);
        CleaningReport one = base.threads(1).batchSize(1000).clean(input, dir.resolve("one.jsonl"));
        CleaningReport many = base.threads(8).batchSize(7).clean(input, dir.resolve("many.jsonl"));
        List<String> out = lines(dir.resolve("many.jsonl"));
        assertThat(out).isEqualTo(lines(dir.resolve("one.jsonl")));
        assertThat(many.removed()).isEqualTo(one.removed());
        assertThat(one.removed(RemovalReason.NEAR_DUPLICATE)).isPositive();
        assertThat(one.removed(RemovalReason.TOO_LONG_TOKENS)).isPositive();
        assertThat(one.removed(RemovalReason.TOO_SHORT_TOKENS)).isPositive();
        List<Integer> order = out.stream().map(l -> Integer.parseInt(parse(l).get("query").asText().replaceAll("\\D", "")))
                .toList();
        assertThat(order).isSorted().doesNotHaveDuplicates();
        assertThat(many.samplesIn()).isEqualTo(3000);
        assertThat(many.samplesOut() + many.removedTotal()).isEqualTo(3000);
    }

    @Test
    void cleans_in_place_through_an_atomic_rename() throws IOException {
        Path file = write("data.jsonl", List.of(swift("问", "◆正文。"), swift("问", "◆正文。")));
        CleaningReport report = cleaner.clean(file, file);
        assertThat(lines(file)).containsExactly(swift("问", "正文。"));
        assertThat(report.removed(RemovalReason.EXACT_DUPLICATE)).isEqualTo(1);
    }

    @Test
    void an_in_place_clean_that_stops_midway_leaves_the_original_untouched() throws IOException {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(swift("第" + i + "段", "◆" + prose(i, 60)));
        }
        Path file = write("data.jsonl", records);
        byte[] before = Files.readAllBytes(file);
        Cancellation cancel = new Cancellation();
        ProgressListener cancelling = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                cancel.cancel();
            }
        };

        assertThatThrownBy(() -> cleaner.batchSize(10).threads(1).clean(file, file, cancelling, cancel))
                .isInstanceOf(CancelledException.class);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void samples_sharing_a_response_with_different_queries_are_all_kept_and_exact_copies_are_exact() throws Exception {
        String paragraph = prose(21, 1200);
        String summary = swift("根据以下对小说的总结和描述,帮我生成一篇小说:\n" + prose(22, 300), paragraph);
        String continuation = swift("下面是前一个章节的结尾部分,请帮我进行扩写:" + prose(23, 400), paragraph);
        String brief = swift("下面是前一个章节的简要概括,请帮我进行扩写:\n" + prose(24, 50), paragraph);
        Path in = write("in.jsonl", List.of(summary, continuation, brief, brief, summary.replace("小说", "小说 ")));

        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));

        assertThat(lines(dir.resolve("out.jsonl"))).containsExactly(summary, continuation, brief);
        assertThat(report.removed(RemovalReason.EXACT_DUPLICATE)).isEqualTo(2);
        assertThat(report.removed(RemovalReason.NEAR_DUPLICATE)).isZero();

        CleaningReport byResponse = cleaner.nearDedupOn(DatasetCleaner.NearDedupOn.RESPONSE)
                .clean(in, dir.resolve("by-response.jsonl"));
        assertThat(lines(dir.resolve("by-response.jsonl"))).containsExactly(summary);
        assertThat(byResponse.removed(RemovalReason.EXACT_DUPLICATE)).isEqualTo(4);
        assertThat(byResponse.removed(RemovalReason.NEAR_DUPLICATE)).isZero();
    }

    @Test
    void by_default_a_sample_longer_than_training_takes_is_dropped() throws IOException {
        String longText = prose(31, 6000);
        Path in = write("in.jsonl", List.of(swift("续写", longText), swift("续写", prose(32, 300))));
        assertThat(qwen.count(longText)).isGreaterThan(TrainingLimits.DEFAULT_MAX_LENGTH);

        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));

        assertThat(report.removed(RemovalReason.TOO_LONG_TOKENS)).isEqualTo(1);
        assertThat(report.samplesOut()).isEqualTo(1);
        assertThat(cleaner.totalTokens(0, Integer.MAX_VALUE).clean(in, dir.resolve("all.jsonl")).samplesOut())
                .isEqualTo(2);
    }

    @Test
    void handles_windows_line_ends_a_bom_and_a_missing_final_line_end() throws IOException {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, ("\uFEFF" + swift("问", "正文一。") + "\r\n" + swift("问", "正文二。")).getBytes(StandardCharsets.UTF_8));
        CleaningReport report = cleaner.clean(in, dir.resolve("out.jsonl"));
        assertThat(report.samplesOut()).isEqualTo(2);
        assertThat(lines(dir.resolve("out.jsonl"))).containsExactly(swift("问", "正文一。"), swift("问", "正文二。"));
    }

    @Test
    void rejects_missing_empty_and_binary_input_naming_the_file() throws IOException {
        Path missing = dir.resolve("missing.jsonl");
        assertThatThrownBy(() -> cleaner.clean(missing, dir.resolve("o.jsonl")))
                .isInstanceOf(InvalidInputException.class).hasMessage(missing + ": no such file");
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        assertThatThrownBy(() -> cleaner.clean(empty, dir.resolve("o.jsonl")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(empty + ": empty file");
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        Path binary = Files.write(dir.resolve("binary.jsonl"), noise);
        assertThatThrownBy(() -> cleaner.clean(binary, dir.resolve("o.jsonl")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(binary + ": not a JSONL dataset");
        assertThat(dir.resolve("o.jsonl")).doesNotExist();
    }

    @Test
    void treats_an_oversized_line_as_malformed() throws IOException {
        Path in = write("in.jsonl", List.of(swift("问", prose(1, 3000)), swift("问", "正文。")));
        CleaningReport report = cleaner.maxLineBytes(1000).clean(in, dir.resolve("out.jsonl"));
        assertThat(report.malformedLines()).containsExactly(in + ":1: line longer than 1000 bytes");
        assertThat(report.samplesOut()).isEqualTo(1);
    }

    @Test
    void needs_an_explicit_token_counter_and_valid_settings() {
        assertThatThrownBy(() -> DatasetCleaner.defaults().clean(dir.resolve("a"), dir.resolve("b")))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("tokenCounter: must be set");
        assertThatThrownBy(() -> cleaner.totalTokens(10, 5)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("totalTokens").hasMessageContaining("10..5");
        assertThatThrownBy(() -> cleaner.nearDuplicateThreshold(1.5)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("nearDuplicateThreshold");
    }

    @Test
    void counts_characters_when_given_the_code_point_counter() throws IOException {
        Path in = write("in.jsonl", List.of(swift("问", "一二三四五"), swift("问", "一二三")));
        CleaningReport report = DatasetCleaner.defaults().tokenCounter(TokenCounter.codePoints())
                .responseTokens(4, 100).clean(in, dir.resolve("out.jsonl"));
        assertThat(report.samplesOut()).isEqualTo(1);
        assertThat(report.responseTokens().max()).isEqualTo(5);
    }
}
