package dev.novelkit.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class OpenAiChatModelTest {
    static final String KEY = "sk-test-0123456789abcdefSECRET";
    static final ObjectMapper JSON = new ObjectMapper();
    static final RetryPolicy FAST = RetryPolicy.defaults().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5));

    @StartStop
    final MockWebServer server = new MockWebServer();

    OpenAiChatModel model() {
        return builder();
    }

    OpenAiChatModel builder() {
        return OpenAiChatModel.of(server.url("/v1").toString()).apiKey(KEY).model("qwen2-7b-instruct")
                .retryPolicy(FAST);
    }

    static String completion(String text, String finish, int prompt, int completion) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"qwen2-7b-instruct",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}
                """.formatted(quote(text), finish, prompt, completion, prompt + completion);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static JsonNode body(RecordedRequest request) throws Exception {
        return JSON.readTree(request.getBody().utf8());
    }

    @Test
    void sends_set_options_extra_fields_and_bearer_key_and_parses_the_answer() throws Exception {
        server.enqueue(json(200, completion("从前有座山。", "stop", 21, 7)));
        try (OpenAiChatModel llm = builder().extraBody(Map.of("enable_thinking", false))) {
            GenerationOptions options = GenerationOptions.defaults().temperature(0.7).topP(0.9).topK(20)
                    .repetitionPenalty(1.05).maxTokens(512).seed(42).stop(List.of("。。"));

            ChatResponse answer = llm.chat("讲个故事", options);

            assertThat(answer.text()).isEqualTo("从前有座山。");
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(answer.usage()).isEqualTo(new TokenUsage(21, 7));
            assertThat(answer.model()).isEqualTo("qwen2-7b-instruct");
            RecordedRequest request = server.takeRequest();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
            JsonNode body = body(request);
            assertThat(body.get("model").asText()).isEqualTo("qwen2-7b-instruct");
            assertThat(body.get("messages").toString()).isEqualTo(
                    "[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"讲个故事\"}]");
            assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
            assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
            assertThat(body.get("top_k").asInt()).isEqualTo(20);
            assertThat(body.get("repetition_penalty").asDouble()).isEqualTo(1.05);
            assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
            assertThat(body.get("seed").asLong()).isEqualTo(42);
            assertThat(body.get("stop").toString()).isEqualTo("[\"。。\"]");
            assertThat(body.get("enable_thinking").asBoolean()).isFalse();
            assertThat(body.has("stream")).isFalse();
        }
    }

    @Test
    void leaves_unset_options_out_of_the_body() throws Exception {
        server.enqueue(json(200, completion("好", "stop", 1, 1)));
        try (OpenAiChatModel llm = model()) {
            llm.chat(List.of(ChatMessage.user("你好")), GenerationOptions.defaults());
        }
        JsonNode body = body(server.takeRequest());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("model", "messages");
    }

    @Test
    void do_sample_false_sends_temperature_zero_and_per_call_options_beat_extra_body() throws Exception {
        server.enqueue(json(200, completion("好", "stop", 1, 1)));
        try (OpenAiChatModel llm = builder().extraBody(Map.of("top_k", 50, "temperature", 1.2))) {
            llm.chat("你好", GenerationOptions.seedDefaults().temperature(0.9).doSample(false));
        }
        JsonNode body = body(server.takeRequest());
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.get("top_k").asInt()).isEqualTo(20);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    }

    @Test
    void accepts_a_base_url_with_trailing_slash_or_the_full_completions_path() throws Exception {
        for (String suffix : List.of("/v1/", "/v1/chat/completions")) {
            server.enqueue(json(200, completion("好", "stop", 1, 1)));
            try (OpenAiChatModel llm = OpenAiChatModel.of(server.url(suffix).toString()).model("m")) {
                llm.chat("你好", GenerationOptions.defaults());
            }
            RecordedRequest request = server.takeRequest();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(request.getHeaders().get("Authorization")).isNull();
        }
    }

    @Test
    void empty_content_with_finish_reason_length_is_a_valid_answer() {
        server.enqueue(json(200, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":16}}"""));
        try (OpenAiChatModel llm = model()) {
            ChatResponse answer = llm.chat("你好", GenerationOptions.defaults().maxTokens(16));
            assertThat(answer.text()).isEmpty();
            assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(answer.model()).isEqualTo("qwen2-7b-instruct");
        }
    }

    @Test
    void client_errors_are_not_retried_and_name_the_status_and_a_hint() {
        record Case(int status, String hint) {
        }
        for (Case c : List.of(new Case(400, "bad request"), new Case(401, "check the API key"),
                new Case(404, "check the base URL and model name"))) {
            int before = server.getRequestCount();
            server.enqueue(json(c.status, "{\"error\":{\"message\":\"The model `qwen9` does not exist.\",\"type\":\"invalid_request_error\"}}"));
            try (OpenAiChatModel llm = model()) {
                assertThatThrownBy(() -> llm.chat("你好", GenerationOptions.defaults()))
                        .isInstanceOfSatisfying(BackendException.class, e -> {
                            assertThat(e.httpStatus()).hasValue(c.status);
                            assertThat(e.isRetriable()).isFalse();
                            assertThat(e.backend()).isEqualTo("openai");
                            assertThat(e.getMessage()).contains("HTTP " + c.status, c.hint,
                                    "The model `qwen9` does not exist.", "POST", "/v1/chat/completions");
                        });
            }
            assertThat(server.getRequestCount() - before).isEqualTo(1);
        }
    }

    @Test
    void rate_limit_is_waited_out_for_the_servers_retry_after_pause() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0.3")
                .body("{\"error\":{\"message\":\"Rate limit reached\"}}").build());
        server.enqueue(json(200, completion("好", "stop", 3, 1)));
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (OpenAiChatModel llm = builder().retryPolicy(FAST.maxDelay(Duration.ofSeconds(5)))) {
            ChatResponse answer;
            try (var ignored = llm.remoteService().orElseThrow().watch(new dev.novelkit.core.progress.ProgressListener() {
                @Override
                public void onMessage(String m) {
                    messages.add(m);
                }
            })) {
                answer = llm.chat("你好", GenerationOptions.defaults());
            }

            assertThat(answer.text()).isEqualTo("好");
            assertThat(messages).singleElement().asString().contains("Rate limit reached", "resubmitting in 0.3 s");
            assertThat(llm.remoteService().orElseThrow().stats().throttles()).isEqualTo(1);
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void server_errors_are_retried_until_success() {
        server.enqueue(json(500, "{\"detail\":\"CUDA out of memory\"}"));
        server.enqueue(new MockResponse.Builder().code(503).body("<html>Service Unavailable</html>").build());
        server.enqueue(json(200, completion("好", "stop", 3, 1)));
        try (OpenAiChatModel llm = model()) {
            assertThat(llm.chat("你好", GenerationOptions.defaults()).text()).isEqualTo("好");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void gives_up_after_the_retry_budget_with_a_retriable_error() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        }
        try (OpenAiChatModel llm = builder().retryPolicy(FAST.maxRetries(2))) {
            assertThatThrownBy(() -> llm.chat("你好", GenerationOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.httpStatus()).hasValue(503);
                        assertThat(e.isRetriable()).isTrue();
                        assertThat(e.getMessage()).contains("HTTP 503", "overloaded");
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void malformed_json_is_retried_then_reported_without_a_jackson_stack_trace() {
        server.enqueue(json(200, "{\"choices\": [ {\"message\": "));
        server.enqueue(json(200, "<html>gateway</html>"));
        try (OpenAiChatModel llm = builder().retryPolicy(FAST.maxRetries(1))) {
            assertThatThrownBy(() -> llm.chat("你好", GenerationOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.isRetriable()).isTrue();
                        assertThat(e.getMessage()).startsWith("openai: malformed answer from POST")
                                .contains("not valid JSON", "<html>gateway</html>");
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void an_answer_without_choices_is_malformed() {
        server.enqueue(json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"));
        try (OpenAiChatModel llm = builder().retryPolicy(RetryPolicy.none())) {
            assertThatThrownBy(() -> llm.chat("你好", GenerationOptions.defaults()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("no choices");
        }
    }

    @Test
    void http_200_with_an_error_object_is_a_backend_error() {
        server.enqueue(json(200, "{\"error\":{\"message\":\"Input data may contain inappropriate content.\",\"code\":\"data_inspection_failed\"}}"));
        server.enqueue(json(200, "{\"error\":{\"message\":\"busy\",\"code\":503}}"));
        server.enqueue(json(200, completion("好", "stop", 1, 1)));
        try (OpenAiChatModel llm = model()) {
            assertThatThrownBy(() -> llm.chat("你好", GenerationOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.isRetriable()).isFalse();
                        assertThat(e.getMessage()).contains("inappropriate content", "HTTP 200 with an error object");
                    });
            assertThat(llm.chat("你好", GenerationOptions.defaults()).text()).isEqualTo("好");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a_server_that_never_answers_fails_on_the_first_byte_deadline_naming_the_server() {
        server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.MINUTES)
                .body(completion("好", "stop", 1, 1)).build());
        try (OpenAiChatModel llm = builder().deadlines(OpenAiChatModel.DEFAULT_DEADLINES.firstByte(Duration.ofMillis(200)))
                .retryPolicy(RetryPolicy.none())) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                    () -> llm.chat("你好", GenerationOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.isRetriable()).isTrue();
                        assertThat(e.getMessage()).contains("no answer from POST " + server.url("/v1/chat/completions"),
                                "first-byte deadline of 200 ms");
                    }));
        }
    }

    @Test
    void keeps_requests_in_flight_within_the_bound_and_sums_usage() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                Thread.sleep(40);
                now.decrementAndGet();
                return json(200, completion("好", "stop", 10, 5));
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try (OpenAiChatModel llm = builder().maxInFlight(3)) {
            List<Future<ChatResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                answers.add(pool.submit(() -> llm.chat("你好", GenerationOptions.defaults())));
            }
            for (Future<ChatResponse> f : answers) {
                assertThat(f.get(10, TimeUnit.SECONDS).text()).isEqualTo("好");
            }
            assertThat(peak.get()).isEqualTo(3);
            assertThat(llm.totalUsage()).isEqualTo(new TokenUsage(240, 120));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void never_shows_the_key_in_to_string_or_error_messages() {
        server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". You can find your API key at https://platform.openai.com.\"}}"));
        try (OpenAiChatModel llm = model()) {
            assertThat(llm.toString()).doesNotContain(KEY).contains("****CRET");
            assertThatThrownBy(() -> llm.chat("你好", GenerationOptions.defaults()))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.getMessage())
                            .doesNotContain(KEY).contains("Incorrect API key provided: ****CRET"));
        }
    }

    @Test
    void lists_models_and_uses_the_first_when_no_model_is_set() throws Exception {
        String models = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2-7b-instruct-lora\",\"object\":\"model\",\"owned_by\":\"swift\"},{\"id\":\"qwen2-7b-instruct\",\"object\":\"model\"}]}";
        server.enqueue(json(200, models));
        server.enqueue(json(200, models));
        server.enqueue(json(200, completion("好", "stop", 1, 1)));
        try (OpenAiChatModel llm = OpenAiChatModel.of(server.url("/v1").toString())) {
            assertThat(llm.listModels()).containsExactly("qwen2-7b-instruct-lora", "qwen2-7b-instruct");
            assertThat(llm.model()).isNull();

            llm.chat("你好", GenerationOptions.defaults());

            assertThat(llm.model()).isEqualTo("qwen2-7b-instruct-lora");
        }
        RecordedRequest list = server.takeRequest();
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(list.getUrl().encodedPath()).isEqualTo("/v1/models");
        server.takeRequest();
        assertThat(body(server.takeRequest()).get("model").asText()).isEqualTo("qwen2-7b-instruct-lora");
    }

    @Test
    void list_models_against_a_server_that_is_not_up_fails_once_and_retriably() {
        String url = server.url("/v1").toString();
        server.close();
        try (OpenAiChatModel llm = OpenAiChatModel.of(url).deadlines(OpenAiChatModel.DEFAULT_DEADLINES.connect(Duration.ofSeconds(2)))) {
            assertThatThrownBy(llm::listModels).isInstanceOfSatisfying(BackendException.class, e -> {
                assertThat(e.isRetriable()).isTrue();
                assertThat(e.getMessage()).contains("GET", "/v1/models");
            });
        }
    }

    @Test
    void rejects_a_missing_or_malformed_base_url_naming_the_field() {
        assertThatThrownBy(() -> OpenAiChatModel.of(null))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("baseUrl: is missing");
        assertThatThrownBy(() -> OpenAiChatModel.of("localhost:8000"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("must be an http(s) URL, was \"localhost:8000\"");
        assertThatThrownBy(() -> OpenAiChatModel.of("http://localhost:8000/v1").maxInFlight(0))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("maxInFlight");
    }
}
