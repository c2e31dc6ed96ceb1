package dev.novelkit.examples.bench;

import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.DatasetBuilder;
import dev.novelkit.dataset.build.DatasetResult;
import dev.novelkit.dataset.io.DatasetWriter;
import dev.novelkit.dataset.summary.llm.LlmSummarizer;
import dev.novelkit.dataset.summary.offline.OfflineSummarizer;
import dev.novelkit.llm.openai.OpenAiChatModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Wall time of dataset building with the LLM summarizer against a loopback OpenAI-compatible server that answers
 * each call in 300 ms and serves 8 at once ({@link FakeOpenAiServer}): the whole path of {@code novelkit dataset}
 * (HTTP client, summary parsing, journal appends, the final atomic train.jsonl). Target: within 10% of the ideal
 * calls × 300 ms / 8. A second run over the same journal shows the resume path (no call made).
 *
 * <p>With {@code --offline} it measures the offline (HanLP) summarizer instead: the one dictionary load, then
 * paragraphs per second over the bundled sample novel repeated {@code --repeat} times (each copy numbered so that
 * no paragraph is a duplicate of another).
 *
 * <pre>
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.DatasetBenchmark \
 *     [--paragraphs 80] [--latency-ms 300] [--server-concurrency 8] [--concurrency 8] [--no-journal]
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.DatasetBenchmark --offline \
 *     [--repeat 20] [--concurrency 2]
 * </pre>
 */
public final class DatasetBenchmark {
    private static final String SUMMARY = """
            小说的风格和主题:
            古风悬疑,雨夜渡口的往事
            人物形象:
            人物1:林晚舟,守渡口的姑娘,倔强能干
            人物2:沈砚,从苏州来的画师
            剧情概述:
            开头:雨夜里一位陌生客人要过河。
            高潮:河水暴涨,渡船险些倾覆。
            结尾:两人在对岸约定再见。""";
    private static final String BRIEF = "雨夜渡口，林晚舟冒险送画师沈砚过河，两人在风浪中结下情谊。";

    private DatasetBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (java.util.Arrays.asList(args).contains("--offline")) {
            offline(intArg(args, "--repeat", 20), intArg(args, "--concurrency", 2));
            return;
        }
        // Real servers (vLLM, swift deploy, uvicorn) disable Nagle's algorithm; the JDK's HttpServer behind
        // FakeOpenAiServer does not unless told, which adds a 40 ms delayed-ACK stall to every call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int paragraphs = intArg(args, "--paragraphs", 80);
        int latency = intArg(args, "--latency-ms", 300);
        int serverConcurrency = intArg(args, "--server-concurrency", 8);
        int concurrency = intArg(args, "--concurrency", 8);

        List<Paragraph> input = paragraphs(paragraphs);
        Path out = Files.createTempDirectory("novelkit-dataset-bench");
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, latency, serverConcurrency, DatasetBenchmark::answer);
             OpenAiChatModel llm = OpenAiChatModel.of(server.baseUrl())
                     .model(FakeOpenAiServer.MODEL).maxInFlight(Math.max(16, concurrency))
                     .retryPolicy(RetryPolicy.none())) {
            DatasetBuilder builder = DatasetBuilder.of(LlmSummarizer.of(llm).name("llm:" + FakeOpenAiServer.MODEL))
                    .concurrency(concurrency);
            if (!java.util.Arrays.asList(args).contains("--no-journal")) {
                builder = builder.journal(out.resolve("journal.jsonl"));
            }

            long t0 = System.nanoTime();
            DatasetResult first = builder.build(input);
            DatasetWriter.jsonl().write(out.resolve("train.jsonl"), first.samples());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long calls = server.calls();

            int parallel = Math.min(serverConcurrency > 0 ? serverConcurrency : concurrency, concurrency);
            double ideal = (double) calls * latency / parallel / 1000;
            double over = (seconds / ideal - 1) * 100;
            System.out.printf(Locale.ROOT, "dataset build (llm): %d paragraphs, %d samples, %d calls, server %d ms x %d"
                            + " at once, builder concurrency %d%n", input.size(), first.samples().size(), calls,
                    latency, serverConcurrency, concurrency);
            System.out.printf(Locale.ROOT, "  wall %.2f s, ideal %.2f s (calls x %d ms / %d): %.1f%% over ideal -> %s"
                            + " (target <= 10%%)%n", seconds, ideal, latency, parallel, over,
                    over <= 10 ? "PASS" : "FAIL");
            System.out.printf(Locale.ROOT, "  server peak concurrency %d, failures %d, not well formed %d%n",
                    server.peakConcurrent(), first.failures().size(), first.notWellFormed());

            long t1 = System.nanoTime();
            DatasetResult again = builder.build(input);
            DatasetWriter.jsonl().write(out.resolve("train.jsonl"), again.samples());
            double resumed = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "  re-run over the journal: %.3f s, %d calls made, %d reused, same samples: %s%n",
                    resumed, server.calls() - calls, again.callsReused(), again.samples().equals(first.samples()));
            if (first.failures().size() > 0 || !again.samples().equals(first.samples())) {
                System.exit(1);
            }
        } finally {
            deleteTree(out);
        }
    }

    private static void offline(int repeat, int concurrency) throws IOException {
        long t0 = System.nanoTime();
        Duration load = OfflineSummarizer.warmUp();
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        String sample;
        try (InputStream in = DatasetBenchmark.class.getClassLoader().getResourceAsStream("samples/dukou-denghuo.txt")) {
            sample = new String(Objects.requireNonNull(in, "bundled sample novel").readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Paragraph> one = NovelSplitter.sentences().split(Novel.of(sample));
        List<Paragraph> input = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            for (Paragraph p : one) {
                String text = "（第" + (r + 1) + "遍）" + p.text();
                input.add(new Paragraph(input.size(), p.chapter(), p.chapterTitle(), text, p.start(), p.end()));
            }
        }
        long chars = input.stream().mapToLong(Paragraph::length).sum();
        long t1 = System.nanoTime();
        DatasetResult r = DatasetBuilder.of(OfflineSummarizer.defaults()).concurrency(concurrency).build(input);
        double seconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "dataset build (offline HanLP): dictionaries loaded in %.2f s (first call %.2f s)%n",
                load.toMillis() / 1000.0, loadSeconds);
        System.out.printf(Locale.ROOT, "  %d paragraphs (%d chars), %d samples, concurrency %d: %.2f s, %.1f paragraphs/s,"
                        + " %.0f chars/s%n", r.paragraphs(), chars, r.samples().size(), concurrency, seconds,
                r.paragraphs() / seconds, chars / seconds);
    }

    /** Summary requests get a well-formed summary, brief requests a brief. */
    private static String answer(List<ChatMessage> messages) {
        String user = messages.get(messages.size() - 1).content();
        return user.contains("60个汉字字符") ? BRIEF : SUMMARY;
    }

    private static List<Paragraph> paragraphs(int n) {
        List<Paragraph> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; b.length() < 2000; k++) {
                b.append("第").append(i).append("段第").append(k).append("句：林晚舟撑着船，在雨里等了很久，沈砚终于来了。");
            }
            String text = b.toString();
            out.add(new Paragraph(i, i / 10, "第" + (i / 10 + 1) + "章", text, offset, offset + text.length()));
            offset += text.length();
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
