package dev.novelkit.examples;

import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.DatasetBuilder;
import dev.novelkit.dataset.build.DatasetResult;
import dev.novelkit.dataset.summary.llm.LlmSummarizer;
import dev.novelkit.examples.bench.FakeOpenAiServer;
import dev.novelkit.llm.openai.OpenAiChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The dataset stage over real HTTP: a flaky server's transient errors are retried, a broken paragraph is reported. */
class DatasetOverHttpTest {
    private static final String SUMMARY = """
            小说的风格和主题:
            古风
            人物形象:
            人物1:林晚舟,守渡口的姑娘
            剧情概述:
            开头:雨夜
            高潮:风浪
            结尾:靠岸""";

    @TempDir
    Path dir;

    @Test
    void transient_server_errors_are_retried_and_a_paragraph_that_keeps_failing_is_reported() {
        List<Paragraph> paragraphs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String text = "第" + i + "段：林晚舟撑着渡船在雨里等客人，沈砚提着木匣子走下石阶。".repeat(3);
            paragraphs.add(new Paragraph(i, 0, "", text, 0, text.length()));
        }
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 0, 0, messages -> {
            String user = messages.get(messages.size() - 1).content();
            int n = attempts.computeIfAbsent(user, k -> new AtomicInteger()).incrementAndGet();
            if (user.contains("第4段") && user.contains("60个汉字字符")) {
                throw new FakeOpenAiServer.HttpFailure(503, "overloaded");
            }
            if (n == 1) {
                throw new FakeOpenAiServer.HttpFailure(n % 2 == 1 ? 429 : 500, "try again");
            }
            return answer(messages);
        });
             OpenAiChatModel llm = OpenAiChatModel.of(server.baseUrl()).model(FakeOpenAiServer.MODEL)
                     .retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20)))
                     ) {
            DatasetResult r = DatasetBuilder.of(LlmSummarizer.of(llm).name("llm:fake"))
                    .journal(dir.resolve("journal.jsonl")).build(paragraphs);

            assertThat(r.failures()).hasSize(1);
            assertThat(r.failures().get(0).paragraph()).isEqualTo(4);
            assertThat(r.failures().get(0).kind()).isEqualTo(SampleKind.BRIEF);
            assertThat(r.failures().get(0).reason()).contains("503");
            assertThat(r.samples()).hasSize(6 + 5 + 5);
            assertThat(r.notWellFormed()).isZero();
            assertThat(attempts.values()).allSatisfy(a -> assertThat(a.get()).isGreaterThanOrEqualTo(2));
        }
    }

    private static String answer(List<ChatMessage> messages) {
        return messages.get(messages.size() - 1).content().contains("60个汉字字符") ? "雨夜渡口，林晚舟送沈砚过河。" : SUMMARY;
    }
}
