package dev.novelkit.media.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.media.internal.HttpJson;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DashScopeTasksTest {
    static final String KEY = "sk-dashscope-0123456789abcdef";
    static final String PATH = "/api/v1/services/aigc/text2image/image-synthesis";

    @StartStop
    final MockWebServer server = new MockWebServer();

    DashScopeTasks tasks() {
        return DashScopeTasks.of(KEY).baseUrl(server.url("/").toString())
                .pollInterval(Duration.ofMillis(5)).maxPollInterval(Duration.ofMillis(20))
                .taskTimeout(Duration.ofSeconds(5))
                .deadlines(Deadlines.of(Duration.ofSeconds(5)))
                .limits(DashScopeTasks.DEFAULT_LIMITS.maxThrottlePause(Duration.ofMillis(20))
                        .retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20))));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse created(String id) {
        return json(200, "{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"" + id + "\"},"
                + "\"request_id\":\"4909100c-7b5a-9f92-bfe5-xxxxxx\"}");
    }

    static MockResponse status(String id, String status) {
        return json(200, "{\"request_id\":\"r-" + status + "\",\"output\":{\"task_id\":\"" + id + "\",\"task_status\":\""
                + status + "\",\"submit_time\":\"2025-01-08 16:03:59.840\"}}");
    }

    static MockResponse succeeded(String id, String url) {
        return json(200, "{\"request_id\":\"r-done\",\"output\":{\"task_id\":\"" + id + "\",\"task_status\":\"SUCCEEDED\","
                + "\"submit_time\":\"2025-01-08 16:03:59.840\",\"end_time\":\"2025-01-08 16:04:10.660\","
                + "\"results\":[{\"orig_prompt\":\"渡口\",\"actual_prompt\":\"江南渡口，黄昏\",\"url\":\"" + url + "\"}],"
                + "\"task_metrics\":{\"TOTAL\":1,\"SUCCEEDED\":1,\"FAILED\":0}},\"usage\":{\"image_count\":1}}");
    }

    static MockResponse failed(String id, String code, String message) {
        return json(200, "{\"request_id\":\"r-failed\",\"output\":{\"task_id\":\"" + id + "\",\"task_status\":\"FAILED\","
                + "\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    @Test
    void submits_with_the_async_header_and_polls_pending_running_succeeded() throws Exception {
        server.enqueue(created("t-1"));
        server.enqueue(status("t-1", "PENDING"));
        server.enqueue(status("t-1", "RUNNING"));
        server.enqueue(succeeded("t-1", "https://dashscope-result.oss.example.com/1.png"));
        List<String> messages = new ArrayList<>();

        DashScopeTask task = tasks().run(PATH, Map.of("model", "wanx2.1-t2i-turbo"), new Cancellation(),
                new ProgressListener() {
                    @Override
                    public void onMessage(String message) {
                        messages.add(message);
                    }
                });

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.resultUrls()).containsExactly("https://dashscope-result.oss.example.com/1.png");
        assertThat(task.usage().path("image_count").asInt()).isEqualTo(1);
        RecordedRequest create = server.takeRequest();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getUrl().encodedPath()).isEqualTo(PATH);
        assertThat(create.getHeaders().get("X-DashScope-Async")).isEqualTo("enable");
        assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = HttpJson.mapper().readTree(create.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("wanx2.1-t2i-turbo");
        for (int i = 0; i < 3; i++) {
            RecordedRequest poll = server.takeRequest();
            assertThat(poll.getMethod()).isEqualTo("GET");
            assertThat(poll.getUrl().encodedPath()).isEqualTo("/api/v1/tasks/t-1");
            assertThat(poll.getHeaders().get("X-DashScope-Async")).isNull();
        }
        assertThat(messages).contains("dashscope: task t-1 PENDING", "dashscope: task t-1 RUNNING",
                "dashscope: task t-1 SUCCEEDED");
    }

    @Test
    void a_failed_task_becomes_a_backend_error_with_its_code_and_message() {
        server.enqueue(created("t-2"));
        server.enqueue(status("t-2", "RUNNING"));
        server.enqueue(failed("t-2", "DataInspectionFailed", "Input data may contain inappropriate content."));

        BackendException e = assertThrows(BackendException.class, () -> tasks().run(PATH, Map.of()));

        assertThat(e.backend()).isEqualTo("dashscope");
        assertThat(e.getMessage()).contains("t-2").contains("DataInspectionFailed")
                .contains("Input data may contain inappropriate content.");
        assertThat(e.isRetriable()).isFalse();
    }

    @Test
    void a_slow_task_times_out_with_a_clear_message() {
        server.enqueue(created("t-3"));
        for (int i = 0; i < 200; i++) {
            server.enqueue(status("t-3", "RUNNING"));
        }
        DashScopeTasks tasks = DashScopeTasks.of(KEY).baseUrl(server.url("/").toString())
                .pollInterval(Duration.ofMillis(20)).taskTimeout(Duration.ofMillis(250));

        BackendException e = assertThrows(BackendException.class, () -> tasks.run(PATH, Map.of()));

        assertThat(e.getMessage()).contains("t-3").contains("still RUNNING").contains("timeout 0.3 s");
        assertThat(server.getRequestCount()).isBetween(3, 20);
    }

    @Test
    void throttled_submission_is_waited_out_and_resubmitted() throws Exception {
        server.enqueue(json(429, "{\"request_id\":\"r-429\",\"code\":\"Throttling.RateQuota\","
                + "\"message\":\"Requests rate limit exceeded, please try again later.\"}"));
        server.enqueue(created("t-4"));
        server.enqueue(succeeded("t-4", "https://x.example.com/4.png"));

        DashScopeTask task = tasks().run(PATH, Map.of());

        assertThat(task.id()).isEqualTo("t-4");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo(PATH);
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo(PATH);
    }

    @Test
    void a_task_failed_by_throttling_is_submitted_again_without_using_up_retries() {
        server.enqueue(created("t-5"));
        server.enqueue(failed("t-5", "Throttling.AllocationQuota", "Allocated quota exceeded"));
        server.enqueue(created("t-6"));
        server.enqueue(failed("t-6", "Throttling", "Requests throttling triggered."));
        server.enqueue(created("t-7"));
        server.enqueue(succeeded("t-7", "https://x.example.com/7.png"));
        DashScopeTasks tasks = tasks().retryPolicy(RetryPolicy.none());

        DashScopeTask task = tasks.run(PATH, Map.of());

        assertThat(task.id()).isEqualTo("t-7");
        assertThat(server.getRequestCount()).isEqualTo(6);
        assertThat(tasks.service().stats().throttles()).isEqualTo(2);
        assertThat(tasks.service().stats().retries()).isZero();
    }

    @Test
    void throttling_past_its_budget_ends_in_a_throttled_error() {
        DashScopeTasks tasks = tasks().limits(DashScopeTasks.DEFAULT_LIMITS.throttleBudget(Duration.ofMillis(150))
                .maxThrottlePause(Duration.ofMillis(5)));
        for (int i = 0; i < 200; i++) {
            server.enqueue(created("t-8"));
            server.enqueue(failed("t-8", "Throttling", "Requests throttling triggered."));
        }

        BackendException e = assertThrows(BackendException.class, () -> tasks.run(PATH, Map.of()));

        assertThat(e.isThrottled()).isTrue();
        assertThat(e.getMessage()).contains("Throttling");
    }

    @Test
    void http_errors_keep_the_server_message_but_never_the_key() {
        server.enqueue(json(401, "{\"code\":\"InvalidApiKey\",\"message\":\"Invalid API-key provided: " + KEY + "\"}"));

        BackendException e = assertThrows(BackendException.class, () -> tasks().submit(PATH, Map.of(), new Cancellation()));

        assertThat(e.httpStatus()).hasValue(401);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage()).contains("InvalidApiKey").doesNotContain(KEY);
        assertThat(tasks().toString()).doesNotContain(KEY).contains("****cdef");
    }

    @Test
    void an_unknown_task_is_reported_as_expired_or_wrong_region() {
        server.enqueue(status("gone", "UNKNOWN"));

        BackendException e = assertThrows(BackendException.class, () -> tasks().await("gone"));

        assertThat(e.getMessage()).contains("UNKNOWN").contains("24 hours");
    }

    @Test
    void cancelling_stops_polling_and_cancels_the_task() throws Exception {
        server.enqueue(json(200, "{\"request_id\":\"r-cancel\"}"));
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        assertThrows(CancelledException.class,
                () -> tasks().await("t-8", cancellation, ProgressListener.NONE));

        RecordedRequest cancel = server.takeRequest();
        assertThat(cancel.getMethod()).isEqualTo("POST");
        assertThat(cancel.getUrl().encodedPath()).isEqualTo("/api/v1/tasks/t-8/cancel");
    }

    @Test
    void a_video_task_result_url_is_found_too() {
        DashScopeTask task = DashScopeTasks.parse("v-1", HttpJson.mapper().valueToTree(Map.of(
                "output", Map.of("task_id", "v-1", "task_status", "SUCCEEDED",
                        "video_url", "https://x.example.com/v.mp4"))));

        assertThat(task.resultUrls()).containsExactly("https://x.example.com/v.mp4");
    }

    @Test
    void missing_key_names_the_environment_variable() {
        Exception e = assertThrows(RuntimeException.class, () -> DashScopeTasks.fromEnv(Map.of()));
        assertThat(e.getMessage()).contains("DASHSCOPE_API_KEY");
    }
}
