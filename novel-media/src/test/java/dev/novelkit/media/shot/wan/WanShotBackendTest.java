package dev.novelkit.media.shot.wan;

import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.novelkit.media.MediaFixtures.still;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WanShotBackendTest {
    private static final String KEY = "sk-dashscope-test-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    private WanShotBackend wan() {
        return WanShotBackend.of(KEY).baseUrl(server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)))
                .polling(Duration.ofMillis(5), Duration.ofSeconds(5));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse created() {
        return json(200, "{\"request_id\":\"r-1\",\"output\":{\"task_id\":\"t-9\",\"task_status\":\"PENDING\"}}");
    }

    private static MockResponse status(String status, String extra) {
        return json(200, "{\"request_id\":\"r-2\",\"output\":{\"task_id\":\"t-9\",\"task_status\":\"" + status + "\"" + extra
                + "},\"usage\":{\"video_count\":1}}");
    }

    @Test
    void creates_an_async_task_polls_it_and_downloads_the_video() throws Exception {
        Path img = still(dir, "s.png", 480, 800, 0.2f);
        server.enqueue(created());
        server.enqueue(status("PENDING", ""));
        server.enqueue(status("RUNNING", ""));
        server.enqueue(status("SUCCEEDED", ",\"video_url\":\"" + server.url("/oss/t-9.mp4") + "\""));
        server.enqueue(new MockResponse.Builder().code(200).body("mp4-bytes").build());

        RenderedShot shot = wan().render(ShotRequest.of(img, 5).prompt("风吹灯笼").negativePrompt("模糊"),
                dir.resolve("wan.mp4"), new Cancellation());

        assertThat(Files.readString(shot.file())).isEqualTo("mp4-bytes");
        assertThat(shot.remoteId()).isEqualTo("t-9");
        RecordedRequest create = server.takeRequest();
        assertThat(create.getUrl().encodedPath()).isEqualTo("/api/v1/services/aigc/video-generation/video-synthesis");
        assertThat(create.getHeaders().get("X-DashScope-Async")).isEqualTo("enable");
        assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = JSON.readTree(create.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("wanx2.1-i2v-turbo");
        assertThat(body.path("input").path("prompt").asText()).isEqualTo("风吹灯笼");
        assertThat(body.path("input").path("negative_prompt").asText()).isEqualTo("模糊");
        String uri = body.path("input").path("img_url").asText();
        assertThat(uri).startsWith("data:image/png;base64,");
        assertThat(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))).isEqualTo(Files.readAllBytes(img));
        assertThat(body.path("parameters").path("resolution").asText()).isEqualTo("720P");
        assertThat(body.path("parameters").path("duration").asInt()).isEqualTo(5);
        RecordedRequest poll = server.takeRequest();
        assertThat(poll.getMethod()).isEqualTo("GET");
        assertThat(poll.getUrl().encodedPath()).isEqualTo("/api/v1/tasks/t-9");
    }

    @Test
    void a_failed_task_reports_dashscope_s_code_and_message() throws Exception {
        Path img = still(dir, "s.png", 480, 800, 0.2f);
        server.enqueue(created());
        server.enqueue(status("FAILED", ",\"code\":\"DataInspectionFailed\",\"message\":\"Input data may contain inappropriate content.\""));
        assertThatThrownBy(() -> wan().render(ShotRequest.of(img, 5), dir.resolve("w.mp4"), new Cancellation()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("DataInspectionFailed").hasMessageContaining("inappropriate");
    }

    @Test
    void a_throttled_task_is_submitted_again_through_the_shared_dashscope_client() throws Exception {
        Path img = still(dir, "s.png", 480, 800, 0.2f);
        server.enqueue(created());
        server.enqueue(status("FAILED", ",\"code\":\"Throttling.RateQuota\",\"message\":\"Requests rate limit exceeded\""));
        server.enqueue(created());
        server.enqueue(status("SUCCEEDED", ",\"video_url\":\"" + server.url("/oss/t-9.mp4") + "\""));
        server.enqueue(new MockResponse.Builder().code(200).body("mp4-bytes").build());

        RenderedShot shot = wan().render(ShotRequest.of(img, 8), dir.resolve("wan.mp4"), new Cancellation());

        assertThat(Files.readString(shot.file())).isEqualTo("mp4-bytes");
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
        assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
        RecordedRequest again = server.takeRequest();
        assertThat(again.getMethod()).isEqualTo("POST");
        assertThat(JSON.readTree(again.getBody().utf8()).path("parameters").path("duration").asInt()).isEqualTo(10);
    }

    @Test
    void a_rejected_key_is_not_retried_and_not_echoed() throws Exception {
        Path img = still(dir, "s.png", 480, 800, 0.2f);
        server.enqueue(json(401, "{\"code\":\"InvalidApiKey\",\"message\":\"Invalid API-key provided: " + KEY + "\"}"));
        assertThatThrownBy(() -> wan().render(ShotRequest.of(img, 5), dir.resolve("w.mp4"), new Cancellation()))
                .isInstanceOf(BackendException.class).hasMessageContaining("401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(wan().toString()).doesNotContain(KEY);
    }

    @Test
    void the_key_comes_from_the_environment() {
        assertThatThrownBy(() -> WanShotBackend.fromEnv(Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("DASHSCOPE_API_KEY");
        assertThat(WanShotBackend.fromEnv(Map.of("DASHSCOPE_API_KEY", KEY)).name()).isEqualTo("wan");
    }
}
