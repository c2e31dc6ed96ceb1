package dev.novelkit.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.novelkit.llm.openai.OpenAiChatModelTest.FAST;
import static dev.novelkit.llm.openai.OpenAiChatModelTest.JSON;
import static dev.novelkit.llm.openai.OpenAiChatModelTest.KEY;
import static dev.novelkit.llm.openai.OpenAiChatModelTest.completion;
import static dev.novelkit.llm.openai.OpenAiChatModelTest.json;
import static dev.novelkit.llm.openai.OpenAiChatModelTest.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class OpenAiStreamingTest {
    @StartStop
    final MockWebServer server = new MockWebServer();

    OpenAiChatModel builder() {
        return OpenAiChatModel.of(server.url("/v1").toString()).apiKey(KEY).model("qwen2-7b-instruct")
                .retryPolicy(FAST);
    }

    static String chunk(String content) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen2-7b-instruct\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(content) + "},\"finish_reason\":null}]}\n\n";
    }

    static final String ROLE = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    static final String STOP = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    static final String USAGE = "data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}\n\n";
    static final String DONE = "data: [DONE]\n\n";

    static MockResponse.Builder sse(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body);
    }

    @Test
    void streams_pieces_in_order_with_usage_through_comments_events_crlf_and_multi_line_data() throws Exception {
        String body = ": keep-alive\r\n\r\n" + ROLE.replace("\n", "\r\n")
                + "event: message\n" + chunk("从前")
                + "data: {\"choices\":[{\"index\":0,\n"
                + "data: \"delta\":{\"content\":\"有座山\"},\"finish_reason\":null}]}\n\n"
                + ": ping\n\n" + chunk("。") + STOP + USAGE + DONE;
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream; charset=utf-8")
                .chunkedBody(body, 7).build());
        try (OpenAiChatModel llm = builder()) {
            List<String> pieces = new ArrayList<>();
            ChatResponse answer;
            try (ChatStream stream = llm.stream(List.of(dev.novelkit.core.llm.ChatMessage.user("讲")), GenerationOptions.defaults())) {
                stream.forEach(pieces::add);
                answer = stream.response();
            }

            assertThat(pieces).containsExactly("从前", "有座山", "。");
            assertThat(answer.text()).isEqualTo("从前有座山。");
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(answer.usage()).isEqualTo(new TokenUsage(12, 4));
            assertThat(answer.model()).isEqualTo("qwen2-7b-instruct");
            assertThat(llm.totalUsage()).isEqualTo(new TokenUsage(12, 4));
        }
        RecordedRequest request = server.takeRequest();
        JsonNode sent = JSON.readTree(request.getBody().utf8());
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void the_consumer_form_delivers_every_piece_and_returns_the_whole_answer() {
        server.enqueue(sse(ROLE + chunk("一") + chunk("二") + STOP + USAGE + DONE).build());
        try (OpenAiChatModel llm = builder()) {
            StringBuilder seen = new StringBuilder();
            ChatResponse answer = llm.stream(List.of(dev.novelkit.core.llm.ChatMessage.user("数")),
                    GenerationOptions.defaults(), seen::append);
            assertThat(seen).hasToString("一二");
            assertThat(answer.text()).isEqualTo("一二");
        }
    }

    @Test
    void response_drains_a_stream_that_was_not_iterated() {
        server.enqueue(sse(chunk("甲") + chunk("乙") + STOP + DONE).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            ChatResponse answer = stream.response();
            assertThat(answer.text()).isEqualTo("甲乙");
            assertThat(answer.usage()).isEqualTo(TokenUsage.ZERO);
        }
    }

    @Test
    void http_errors_of_a_stream_surface_from_stream_and_server_errors_are_retried() {
        server.enqueue(json(401, "{\"error\":{\"message\":\"Invalid API key\"}}"));
        server.enqueue(json(503, "{\"error\":{\"message\":\"warming up\"}}"));
        server.enqueue(sse(chunk("好") + STOP + DONE).build());
        try (OpenAiChatModel llm = builder()) {
            assertThatThrownBy(() -> llm.stream(userMessage(), GenerationOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.httpStatus()).hasValue(401);
                        assertThat(e.getMessage()).contains("check the API key", "Invalid API key");
                    });
            try (ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
                assertThat(stream.response().text()).isEqualTo("好");
            }
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a_stream_cut_after_text_was_delivered_fails_retriably_and_is_not_retried() {
        StringBuilder body = new StringBuilder(ROLE);
        for (int i = 0; i < 40; i++) {
            body.append(chunk("字" + i));
        }
        server.enqueue(sse(body + STOP + DONE).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(sse(chunk("不该被请求") + STOP + DONE).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            List<String> pieces = new ArrayList<>();
            assertThatThrownBy(() -> stream.forEach(pieces::add))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.isRetriable()).isTrue();
                        assertThat(e.getMessage()).contains("broke after text was delivered");
                    });
            assertThat(pieces).isNotEmpty().hasSizeLessThan(40);
            assertThat(pieces.get(0)).isEqualTo("字0");
            assertThat(llm.totalUsage()).isEqualTo(TokenUsage.ZERO);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a_stream_that_ends_without_done_or_finish_reason_is_an_error() {
        server.enqueue(sse(ROLE + chunk("半句")).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            Iterator<String> it = stream.iterator();
            assertThat(it.next()).isEqualTo("半句");
            assertThatThrownBy(it::hasNext).isInstanceOf(BackendException.class)
                    .hasMessageContaining("ended before data: [DONE]");
        }
    }

    @Test
    void a_clean_end_after_a_finish_reason_without_done_is_accepted() {
        server.enqueue(sse(chunk("完") + STOP + USAGE).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            ChatResponse answer = stream.response();
            assertThat(answer.text()).isEqualTo("完");
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(answer.usage()).isEqualTo(new TokenUsage(12, 4));
        }
    }

    @Test
    void a_stream_cut_before_any_text_is_reopened_transparently() {
        server.enqueue(sse(ROLE).build());
        server.enqueue(sse(ROLE + chunk("完整") + STOP + USAGE + DONE).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            List<String> pieces = new ArrayList<>();
            stream.forEach(pieces::add);
            assertThat(pieces).containsExactly("完整");
            assertThat(stream.response().usage()).isEqualTo(new TokenUsage(12, 4));
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a_malformed_first_chunk_is_retried_like_a_malformed_answer() {
        server.enqueue(sse("data: <html>502 Bad Gateway</html>\n\n").build());
        server.enqueue(sse(chunk("好") + STOP + DONE).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            assertThat(stream.response().text()).isEqualTo("好");
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void closing_mid_stream_cancels_the_call_frees_the_slot_and_reports_cancelled() {
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            rest.append(chunk("慢" + i));
        }
        String first = chunk("快");
        // the rest of the body would take hours: a close that waited for it would never return
        server.enqueue(sse(first + rest + STOP + DONE).throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                1, TimeUnit.HOURS).build());
        server.enqueue(json(200, completion("下一个", "stop", 1, 1)));
        try (OpenAiChatModel llm = builder().maxInFlight(1)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults());
                Iterator<String> it = stream.iterator();
                assertThat(it.next()).isEqualTo("快");

                stream.close();

                assertThat(it.hasNext()).isFalse();
                ChatResponse answer = stream.response();
                assertThat(answer.text()).isEqualTo("快");
                assertThat(answer.finishReason()).isEqualTo(FinishReason.CANCELLED);
                assertThat(llm.chat("再来", GenerationOptions.defaults()).text()).isEqualTo("下一个");
            });
        }
    }

    @Test
    void close_from_another_thread_unblocks_a_reader_waiting_for_the_next_piece() throws Exception {
        String first = chunk("一");
        // the second piece would come in an hour: only the close can end the reader's wait
        server.enqueue(sse(first + chunk("二") + STOP + DONE).throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                1, TimeUnit.HOURS).build());
        try (OpenAiChatModel llm = builder()) {
            ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults());
            Iterator<String> it = stream.iterator();
            assertThat(it.next()).isEqualTo("一");
            CompletableFuture.runAsync(() -> {
                sleep(100);
                stream.close();
            });

            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThat(it.hasNext()).isFalse());

            assertThat(stream.response().finishReason()).isEqualTo(FinishReason.CANCELLED);
        }
    }

    @Test
    void a_caller_waiting_for_a_slot_can_be_interrupted() throws Exception {
        String first = chunk("占");
        server.enqueue(sse(first + chunk("位") + STOP + DONE).throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                1, TimeUnit.HOURS).build());
        try (OpenAiChatModel llm = builder().maxInFlight(1);
             ChatStream holder = llm.stream(userMessage(), GenerationOptions.defaults())) {
            assertThat(holder.iterator().next()).isEqualTo("占");
            CompletableFuture<Throwable> waiter = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    llm.chat("等", GenerationOptions.defaults());
                    waiter.complete(null);
                } catch (RuntimeException e) {
                    waiter.complete(e);
                }
            });
            t.start();
            sleep(100);
            assertThat(waiter).isNotDone();

            t.interrupt();

            assertThat(waiter.get(2, TimeUnit.SECONDS)).isInstanceOf(dev.novelkit.core.CancelledException.class)
                    .hasMessageContaining("was cancelled");
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void an_error_event_inside_the_stream_is_a_backend_error() {
        server.enqueue(sse("data: {\"error\":{\"message\":\"context length exceeded\",\"code\":400}}\n\n").build());
        try (OpenAiChatModel llm = builder().retryPolicy(RetryPolicy.none());
             ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            assertThatThrownBy(() -> stream.iterator().hasNext())
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.httpStatus()).hasValue(400);
                        assertThat(e.getMessage()).contains("context length exceeded");
                    });
        }
    }

    @Test
    void a_malformed_chunk_after_text_is_reported_as_a_broken_stream() {
        server.enqueue(sse(chunk("好") + "data: {\"choices\": [\n\n" + DONE).build());
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            Iterator<String> it = stream.iterator();
            assertThat(it.next()).isEqualTo("好");
            assertThatThrownBy(it::hasNext).isInstanceOf(BackendException.class)
                    .hasMessageContaining("broke after text was delivered").hasMessageContaining("not valid JSON");
        }
    }

    @Test
    void a_server_that_ignores_stream_and_answers_json_is_delivered_in_one_piece() {
        server.enqueue(json(200, completion("整段回答", "length", 5, 4)));
        try (OpenAiChatModel llm = builder(); ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            List<String> pieces = new ArrayList<>();
            stream.forEach(pieces::add);
            assertThat(pieces).containsExactly("整段回答");
            assertThat(stream.response().finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(llm.totalUsage()).isEqualTo(new TokenUsage(5, 4));
        }
    }

    @Test
    void a_malformed_json_answer_to_a_stream_request_is_retried_then_reported() {
        server.enqueue(json(200, "{\"choices\": ["));
        server.enqueue(json(200, "{\"object\":\"chat.completion\"}"));
        try (OpenAiChatModel llm = builder().retryPolicy(FAST.maxRetries(1))) {
            assertThatThrownBy(() -> llm.stream(userMessage(), GenerationOptions.defaults()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("no choices");
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a_stream_stalling_longer_than_the_first_byte_deadline_fails() {
        String first = chunk("一");
        server.enqueue(sse(first + chunk("二") + STOP + DONE).throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                1, TimeUnit.HOURS).build());
        try (OpenAiChatModel llm = builder().deadlines(OpenAiChatModel.DEFAULT_DEADLINES.firstByte(Duration.ofMillis(300)));
             ChatStream stream = llm.stream(userMessage(), GenerationOptions.defaults())) {
            Iterator<String> it = stream.iterator();
            assertThat(it.next()).isEqualTo("一");
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(it::hasNext)
                    .isInstanceOf(BackendException.class).hasMessageContaining("first-byte deadline of 300 ms"));
        }
    }

    static List<dev.novelkit.core.llm.ChatMessage> userMessage() {
        return List.of(dev.novelkit.core.llm.ChatMessage.user("讲个故事"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
