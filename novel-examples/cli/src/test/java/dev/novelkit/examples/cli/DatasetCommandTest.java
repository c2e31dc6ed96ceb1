package dev.novelkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.examples.bench.FakeOpenAiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOVEL = """
            第一章 雨夜

            青石镇的雨下了整整三天。林晚秋撑着油纸伞穿过长街，替师父给城外的陈伯送药。药铺的门半掩着，沈砚正蹲在柜台后面整理药材。
            “这么大的雨，你怎么还出门？”沈砚皱眉道。林晚秋笑着说：“陈伯的咳嗽又犯了，师父让我把新配的药送过去。”
            两人刚走到镇口，就看见一个穿黑衣的陌生人站在老槐树下。“姑娘，请问陈伯住在哪里？”黑衣人问。
            林晚秋愣住了。沈砚挡在她的前面：“你找陈伯做什么？”黑衣人摘下斗笠：“我叫苏远山，是陈伯的故人。有人要杀他！”

            第二章 城隍庙

            三人赶到河边的小屋，屋里却空无一人。墙角的泥地上，有人用木炭写了三个字：城隍庙。
            “是陈伯写的。”沈砚说，“他在告诉我们去哪里找他。”林晚秋把药包塞进怀里：“那我们就去城隍庙。”
            城隍庙的门虚掩着，烛火在风里摇晃。苏远山拔出短刀，低声说：“跟紧我。”
            """;
    private static final String SUMMARY = """
            小说的风格和主题:
            古风悬疑
            人物形象:
            人物1:林晚秋,药铺学徒
            剧情概述:
            开头:雨夜送药
            高潮:黑衣人现身
            结尾:奔赴城隍庙""";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = NovelKitCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path novel() throws IOException {
        return Files.writeString(dir.resolve("novel.txt"), NOVEL);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void builds_offline_and_a_second_run_reuses_the_journal_and_writes_the_same_file() throws IOException {
        Path outDir = dir.resolve("out");

        assertThat(run("dataset", "--input", novel().toString(), "--out", outDir.toString(), "--max-chars", "200"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("dataset: 3 paragraphs, 8 samples (3 summary, 2 continuation, 3 brief), "
                + "offline-hanlp/2: 6 calls made, 0 reused from journal, 0 failed");
        assertThat(err.toString()).contains("summarizer: offline (HanLP extractive approximation");
        byte[] first = Files.readAllBytes(outDir.resolve("train.jsonl"));
        List<JsonNode> samples = lines(outDir.resolve("train.jsonl"));
        assertThat(samples).hasSize(8).allSatisfy(n -> assertThat(n.fieldNames()).toIterable()
                .containsExactly("query", "response"));
        assertThat(samples.get(0).get("query").asText()).startsWith("根据以下对小说的总结和描述").contains("林晚秋");

        assertThat(run("dataset", "--input", dir.resolve("novel.txt").toString(), "--out", outDir.toString(),
                "--max-chars", "200")).isZero();
        assertThat(out.toString()).contains("0 calls made, 6 reused from journal");
        assertThat(Files.readAllBytes(outDir.resolve("train.jsonl"))).isEqualTo(first);
    }

    @Test
    void temporaries_a_killed_run_left_are_removed_even_of_files_this_run_does_not_write() throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Path train = Files.writeString(outDir.resolve(".train.jsonl.1234567890.tmp"), "half a dataset");
        Path val = Files.writeString(outDir.resolve(".val.csv.987654321.tmp"), "half a validation file");
        Path notOurs = Files.writeString(outDir.resolve(".notes.txt.1234567890.tmp"), "someone else's");

        assertThat(run("dataset", "--input", novel().toString(), "--out", outDir.toString(), "--max-chars", "200"))
                .as(err.toString()).isZero();

        assertThat(train).doesNotExist();
        assertThat(val).doesNotExist();
        assertThat(notOurs).exists();
        assertThat(outDir.resolve("train.jsonl")).isNotEmptyFile();
    }

    @Test
    void writes_validation_and_csv_files_in_the_chosen_format() throws IOException {
        Path outDir = dir.resolve("out");

        assertThat(run("dataset", "--input", novel().toString(), "--out", outDir.toString(), "--max-chars", "200",
                "--format", "messages", "--csv", "--val-ratio", "0.3", "--kinds", "summary,brief", "--system", "你是小说家。"))
                .as(err.toString()).isZero();

        List<JsonNode> train = lines(outDir.resolve("train.jsonl"));
        List<JsonNode> val = lines(outDir.resolve("val.jsonl"));
        assertThat(train.size() + val.size()).isEqualTo(6);
        assertThat(val).hasSize(2);
        assertThat(train.get(0).get("messages").get(0).get("content").asText()).isEqualTo("你是小说家。");
        assertThat(Files.readString(outDir.resolve("train.csv"))).startsWith("system,query,response\r\n");
        assertThat(outDir.resolve("val.csv")).exists();
    }

    @Test
    void summarizes_with_an_openai_compatible_server() throws IOException {
        Path outDir = dir.resolve("out");
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 0, 0, DatasetCommandTest::answer)) {
            assertThat(run("dataset", "--input", novel().toString(), "--out", outDir.toString(), "--max-chars", "200",
                    "--summarizer", "llm", "--llm-base-url", server.baseUrl(), "--llm-model", FakeOpenAiServer.MODEL))
                    .as(err.toString()).isZero();
            assertThat(server.calls()).isEqualTo(6);
        }
        assertThat(out.toString()).contains("llm:" + FakeOpenAiServer.MODEL + ": 6 calls made");
        List<JsonNode> samples = lines(outDir.resolve("train.jsonl"));
        assertThat(samples.get(0).get("query").asText()).contains(SUMMARY);
        assertThat(samples.get(1).get("query").asText()).contains("林晚秋雨夜送药。");
    }

    @Test
    void failed_calls_are_reported_with_exit_code_3_and_a_rerun_retries_only_them() throws IOException {
        Path outDir = dir.resolve("out");
        AtomicBoolean rejecting = new AtomicBoolean(true);
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 0, 0, messages -> {
            String user = messages.get(messages.size() - 1).content();
            if (rejecting.get() && user.contains("城隍庙的门虚掩着") && user.contains("60个汉字字符")) {
                throw new FakeOpenAiServer.HttpFailure(400, "content rejected");
            }
            return answer(messages);
        })) {
            String[] args = {"dataset", "--input", novel().toString(), "--out", outDir.toString(), "--max-chars",
                    "200", "--summarizer", "llm", "--llm-base-url", server.baseUrl(), "--llm-model",
                    FakeOpenAiServer.MODEL};
            assertThat(run(args)).isEqualTo(3);
            assertThat(err.toString()).contains("failed: paragraph 2 brief: openai: HTTP 400 bad request")
                    .contains("1 summarizer calls failed (paragraphs [2])");
            assertThat(lines(outDir.resolve("train.jsonl"))).hasSize(7);
            long callsBefore = server.calls();

            rejecting.set(false);
            assertThat(run(args)).isZero();
            assertThat(server.calls() - callsBefore).isEqualTo(1);
        }
        assertThat(out.toString()).contains("1 calls made, 5 reused from journal, 0 failed");
        assertThat(lines(outDir.resolve("train.jsonl"))).hasSize(8);
    }

    @Test
    void another_server_without_llm_model_is_asked_again_not_served_from_the_journal() throws IOException {
        Path outDir = dir.resolve("out");
        String novel = novel().toString();
        try (FakeOpenAiServer first = FakeOpenAiServer.start(0, 0, 0, DatasetCommandTest::answer);
             FakeOpenAiServer second = FakeOpenAiServer.start(0, 0, 0, DatasetCommandTest::answer)) {
            assertThat(run("dataset", "--input", novel, "--out", outDir.toString(), "--max-chars", "200",
                    "--summarizer", "llm", "--llm-base-url", first.baseUrl())).as(err.toString()).isZero();
            assertThat(out.toString()).contains("llm:" + FakeOpenAiServer.MODEL + ": 6 calls made");

            assertThat(run("dataset", "--input", novel, "--out", outDir.toString(), "--max-chars", "200",
                    "--summarizer", "llm", "--llm-base-url", second.baseUrl())).as(err.toString()).isZero();
            assertThat(second.calls()).isEqualTo(6);
            assertThat(out.toString()).contains("6 calls made, 0 reused from journal");

            assertThat(run("dataset", "--input", novel, "--out", outDir.toString(), "--max-chars", "200",
                    "--summarizer", "llm", "--llm-base-url", second.baseUrl())).as(err.toString()).isZero();
            assertThat(out.toString()).contains("0 calls made, 6 reused from journal");
        }
    }

    @Test
    void bad_options_and_inputs_are_one_line_and_exit_code_2() throws IOException {
        assertThat(run("dataset", "--out", dir.toString(), "--kinds", "summary,poem")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown kind \"poem\"");

        Path missing = dir.resolve("missing.txt");
        assertThat(run("dataset", "--input", missing.toString(), "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(missing.toString()).contains("no such file");

        Path binary = Files.write(dir.resolve("binary.txt"), new byte[]{1, 0, 2, 0, 3});
        assertThat(run("dataset", "--input", binary.toString(), "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("binary");
    }

    private static String answer(List<ChatMessage> messages) {
        String user = messages.get(messages.size() - 1).content();
        return user.contains("60个汉字字符") ? "林晚秋雨夜送药。" : SUMMARY;
    }
}
