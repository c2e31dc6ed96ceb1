package dev.novelkit.examples.bench;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.llm.openai.OpenAiChatModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeOpenAiServerTest {
    static final RetryPolicy FAST = RetryPolicy.defaults().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5));

    @Test
    void answers_plain_and_streamed_calls_and_lists_its_model() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start();
             OpenAiChatModel llm = OpenAiChatModel.of(server.baseUrl()).retryPolicy(FAST)) {
            assertThat(llm.listModels()).containsExactly(FakeOpenAiServer.MODEL);

            ChatResponse plain = llm.chat(List.of(ChatMessage.user("你好")), GenerationOptions.defaults());
            List<String> pieces = new ArrayList<>();
            ChatResponse streamed = llm.stream(List.of(ChatMessage.user("一二三四五六七八九十")),
                    GenerationOptions.defaults(), pieces::add);

            assertThat(plain.text()).isEqualTo("收到：你好");
            assertThat(plain.usage()).isEqualTo(new TokenUsage(2, 5));
            assertThat(plain.model()).isEqualTo(FakeOpenAiServer.MODEL);
            assertThat(streamed.text()).isEqualTo("收到：一二三四五六七八九十");
            assertThat(pieces).containsExactly("收到：一二三四五", "六七八九十");
            assertThat(streamed.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(streamed.usage()).isEqualTo(new TokenUsage(10, 13));
            assertThat(server.calls()).isEqualTo(2);
        }
    }

    @Test
    void takes_the_latency_and_serves_at_most_max_concurrent_at_once() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 100, 2, FakeOpenAiServer::echo);
             OpenAiChatModel llm = OpenAiChatModel.of(server.baseUrl()).maxInFlight(8)) {
            long start = System.nanoTime();
            List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> llm.chat("你好", GenerationOptions.defaults())));
            }
            calls.forEach(CompletableFuture::join);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(server.peakConcurrent()).isEqualTo(2);
            assertThat(millis).isGreaterThanOrEqualTo(300);
            assertThat(server.calls()).isEqualTo(6);
        }
    }

    @Test
    void an_http_failure_from_the_answer_function_reaches_the_client_as_that_status() {
        AtomicInteger n = new AtomicInteger();
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 0, 0, m -> {
            int call = n.incrementAndGet();
            if (call == 1) {
                throw new FakeOpenAiServer.HttpFailure(503, "warming up");
            }
            if (m.get(m.size() - 1).content().equals("坏")) {
                throw new FakeOpenAiServer.HttpFailure(400, "bad paragraph");
            }
            return "好";
        }); OpenAiChatModel llm = OpenAiChatModel.of(server.baseUrl()).retryPolicy(FAST)) {
            assertThat(llm.chat("你好", GenerationOptions.defaults()).text()).isEqualTo("好");
            assertThatThrownBy(() -> llm.chat("坏", GenerationOptions.defaults()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("HTTP 400").hasMessageContaining("bad paragraph");
            assertThat(server.calls()).isEqualTo(3);
        }
    }
}
