package dev.novelkit.media.shot.kling;

import dev.novelkit.media.kling.KlingAuth;
import dev.novelkit.media.kling.KlingClient;
import dev.novelkit.media.kling.KlingTask;
import dev.novelkit.media.lipsync.kling.KlingLipSync;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.lipsync.LipSyncRequest;
import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.novelkit.media.MediaFixtures.still;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KlingTest {
    private static final String AK = "ak-test-0123456789abcdef";
    private static final String SK = "sk-test-secret-fedcba9876543210";
    private static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    private KlingClient client() {
        return KlingClient.of(AK, SK).baseUrl(server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().maxRetries(3).initialDelay(Duration.ofMillis(2)).maxDelay(Duration.ofMillis(10)))
                .limits(KlingClient.DEFAULT_LIMITS.maxThrottlePause(Duration.ofMillis(10))
                        .retryPolicy(RetryPolicy.defaults().maxRetries(3).initialDelay(Duration.ofMillis(2))
                                .maxDelay(Duration.ofMillis(10))))
                .pollInterval(Duration.ofMillis(5)).maxPollInterval(Duration.ofMillis(20));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse task(String status, String extra) {
        return json(200, "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"req-1\",\"data\":{\"task_id\":\"task-42\","
                + "\"task_status\":\"" + status + "\"" + extra + ",\"created_at\":1746773850590,\"updated_at\":1746773850590}}");
    }

    private MockResponse succeeded() {
        return task("succeed", ",\"task_status_msg\":\"\",\"task_result\":{\"videos\":[{\"id\":\"vid-7\",\"url\":\""
                + server.url("/files/result.mp4") + "\",\"duration\":\"5.1\"}]}");
    }

    @Test
    void the_token_is_an_hs256_jwt_with_the_documented_header_and_claims() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String jwt = KlingAuth.of(AK, SK).token();
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        Base64.Decoder d = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(d.decode(parts[0]));
        JsonNode payload = JSON.readTree(d.decode(parts[1]));
        assertThat(header).isEqualTo(JSON.readTree("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        assertThat(payload.path("iss").asText()).isEqualTo(AK);
        assertThat(payload.path("exp").asLong()).isCloseTo(now + 1800, within(3L));
        assertThat(payload.path("nbf").asLong()).isCloseTo(now - 5, within(3L));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SK.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(d.decode(parts[2])).isEqualTo(expected);
        assertThat(parts[2]).doesNotContain("=");
    }

    @Test
    void the_token_is_reused_until_a_minute_before_it_expires() {
        Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
        KlingAuth a = KlingAuth.of(AK, SK).clock(Clock.fixed(t0, ZoneOffset.UTC));
        String first = a.token();
        assertThat(a.token()).isSameAs(first);
        KlingAuth later = a.clock(Clock.fixed(t0.plusSeconds(1790), ZoneOffset.UTC));
        assertThat(later.token()).isNotEqualTo(first);
        assertThat(a.toString()).doesNotContain(AK).doesNotContain(SK);
        assertThat(client().toString()).doesNotContain(SK).doesNotContain(AK);
    }

    @Test
    void image_to_video_creates_polls_until_succeed_and_downloads_at_once() throws Exception {
        Path img = still(dir, "scene.png", 600, 900, 0.1f);
        byte[] video = "not really an mp4 but bytes".getBytes(StandardCharsets.UTF_8);
        server.enqueue(task("submitted", ""));
        server.enqueue(task("processing", ""));
        server.enqueue(task("processing", ""));
        server.enqueue(succeeded());
        server.enqueue(new MockResponse.Builder().code(200).body(new okio.Buffer().write(video)).build());

        KlingShotBackend kling = KlingShotBackend.of(client()).model("kling-v1-6").mode("pro").cfgScale(0.7);
        ShotRequest req = ShotRequest.of(img, 4).prompt("灯笼在风中摇晃").negativePrompt("模糊").move(CameraMove.ZOOM_IN);
        RenderedShot shot = kling.render(req, dir.resolve("shot.mp4"), new Cancellation());

        assertThat(Files.readAllBytes(shot.file())).isEqualTo(video);
        assertThat(shot.remoteId()).isEqualTo("vid-7");
        RecordedRequest create = server.takeRequest();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getUrl().encodedPath()).isEqualTo("/v1/videos/image2video");
        assertThat(create.getHeaders().get("Authorization")).startsWith("Bearer ey");
        JsonNode body = JSON.readTree(create.getBody().utf8());
        assertThat(body.path("model_name").asText()).isEqualTo("kling-v1-6");
        assertThat(body.path("image").asText()).doesNotStartWith("data:");
        assertThat(Base64.getDecoder().decode(body.path("image").asText())).isEqualTo(Files.readAllBytes(img));
        assertThat(body.path("prompt").asText()).isEqualTo("灯笼在风中摇晃");
        assertThat(body.path("negative_prompt").asText()).isEqualTo("模糊");
        assertThat(body.path("cfg_scale").asDouble()).isEqualTo(0.7);
        assertThat(body.path("mode").asText()).isEqualTo("pro");
        assertThat(body.path("duration").asText()).isEqualTo("5");
        assertThat(body.path("camera_control")).isEqualTo(JSON.readTree("{\"type\":\"simple\",\"config\":{\"zoom\":-5}}"));
        for (int i = 0; i < 3; i++) {
            RecordedRequest poll = server.takeRequest();
            assertThat(poll.getMethod()).isEqualTo("GET");
            assertThat(poll.getUrl().encodedPath()).isEqualTo("/v1/videos/image2video/task-42");
        }
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/files/result.mp4");
    }

    @Test
    void longer_shots_ask_for_ten_seconds_and_v2_models_get_no_cfg_scale() throws Exception {
        Path img = still(dir, "scene.png", 600, 900, 0.1f);
        var body = KlingShotBackend.of(client()).model("kling-v2-1").requestBody(ShotRequest.of(img, 8).move(CameraMove.STATIC));
        assertThat(body.path("duration").asText()).isEqualTo("10");
        assertThat(body.has("cfg_scale")).isFalse();
        assertThat(body.has("camera_control")).isFalse();
    }

    @Test
    void pictures_kling_cannot_take_are_refused_before_any_call() throws Exception {
        Path small = still(dir, "small.png", 200, 400, 0.1f);
        Path wide = still(dir, "wide.png", 1500, 400, 0.1f);
        KlingShotBackend kling = KlingShotBackend.of(client());
        assertThatThrownBy(() -> kling.render(ShotRequest.of(small, 5), dir.resolve("x.mp4"), new Cancellation()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("300 px");
        assertThatThrownBy(() -> kling.render(ShotRequest.of(wide, 5), dir.resolve("x.mp4"), new Cancellation()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("aspect");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rate_limit_1302_is_retried_after_a_pause() throws Exception {
        server.enqueue(json(429, "{\"code\":1302,\"message\":\"rate limit\",\"request_id\":\"r\"}"));
        server.enqueue(json(429, "{\"code\":1303,\"message\":\"parallel task over resource pack limit\",\"request_id\":\"r\"}"));
        server.enqueue(task("submitted", ""));
        KlingTask t = client().create(KlingShotBackend.PATH, Map.of("model_name", "kling-v1"), new Cancellation());
        assertThat(t.id()).isEqualTo("task-42");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a_used_up_resource_pack_1102_is_not_retried() {
        server.enqueue(json(429, "{\"code\":1102,\"message\":\"resource pack exhausted\",\"request_id\":\"r\"}"));
        assertThatThrownBy(() -> client().create(KlingShotBackend.PATH, Map.of("model_name", "kling-v1"), new Cancellation()))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.backend()).isEqualTo("kling");
                    assertThat(e.httpStatus()).hasValue(429);
                })
                .hasMessageContaining("1102").hasMessageContaining("resource pack");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a_failed_task_reports_kling_s_status_message() throws Exception {
        Path img = still(dir, "scene.png", 600, 900, 0.1f);
        server.enqueue(task("submitted", ""));
        server.enqueue(task("failed", ",\"task_status_msg\":\"Failure to pass the risk control system\""));
        assertThatThrownBy(() -> KlingShotBackend.of(client()).render(ShotRequest.of(img, 5), dir.resolve("s.mp4"), new Cancellation()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("task-42 failed").hasMessageContaining("risk control");
        assertThat(Files.exists(dir.resolve("s.mp4"))).isFalse();
    }

    @Test
    void a_task_that_never_finishes_times_out_as_retriable() {
        for (int i = 0; i < 50; i++) {
            server.enqueue(task("processing", ""));
        }
        KlingClient c = client().taskTimeout(Duration.ofMillis(60));
        assertThatThrownBy(() -> c.await(KlingShotBackend.PATH, "task-42", new Cancellation(), null))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isRetriable()).isTrue())
                .hasMessageContaining("still 'processing'");
    }

    @Test
    void an_unauthorised_key_is_not_retried_and_never_echoed() {
        server.enqueue(json(401, "{\"code\":1002,\"message\":\"Authorization is invalid: " + SK + "\",\"request_id\":\"r\"}"));
        assertThatThrownBy(() -> client().get(KlingShotBackend.PATH, "task-42", new Cancellation()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("authentication failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SK));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void lip_sync_with_an_audio_file_nests_the_fields_under_input() throws Exception {
        Path wav = dir.resolve("line.wav");
        Files.write(wav, new byte[]{82, 73, 70, 70, 1, 2, 3, 4});
        byte[] video = {1, 2, 3, 4, 5};
        server.enqueue(task("submitted", ""));
        server.enqueue(succeeded());
        server.enqueue(new MockResponse.Builder().code(200).body(new okio.Buffer().write(video)).build());
        Path out = KlingLipSync.of(client()).sync(LipSyncRequest.audio("https://example.com/shot.mp4", wav),
                dir.resolve("talking.mp4"), new Cancellation());
        assertThat(Files.readAllBytes(out)).isEqualTo(video);
        RecordedRequest create = server.takeRequest();
        assertThat(create.getUrl().encodedPath()).isEqualTo("/v1/videos/lip-sync");
        JsonNode input = JSON.readTree(create.getBody().utf8()).path("input");
        assertThat(input.path("video_url").asText()).isEqualTo("https://example.com/shot.mp4");
        assertThat(input.path("mode").asText()).isEqualTo("audio2video");
        assertThat(input.path("audio_type").asText()).isEqualTo("file");
        assertThat(Base64.getDecoder().decode(input.path("audio_file").asText())).isEqualTo(Files.readAllBytes(wav));
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/videos/lip-sync/task-42");
    }

    @Test
    void lip_sync_from_text_names_the_voice_and_a_kling_video_id() {
        var body = KlingLipSync.of(client()).requestBody(
                LipSyncRequest.text("https://x/v.mp4", "你来了。", "genshin_vindi2").videoId("vid-7").voiceSpeed(1.25));
        JsonNode input = body.path("input");
        assertThat(input.path("video_id").asText()).isEqualTo("vid-7");
        assertThat(input.has("video_url")).isFalse();
        assertThat(input.path("mode").asText()).isEqualTo("text2video");
        assertThat(input.path("text").asText()).isEqualTo("你来了。");
        assertThat(input.path("voice_id").asText()).isEqualTo("genshin_vindi2");
        assertThat(input.path("voice_language").asText()).isEqualTo("zh");
        assertThat(input.path("voice_speed").asDouble()).isEqualTo(1.3);
        assertThatThrownBy(() -> LipSyncRequest.text("https://x/v.mp4", "你好", "v").voiceSpeed(3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("voiceSpeed");
        assertThatThrownBy(() -> KlingLipSync.of(client()).requestBody(LipSyncRequest.text("https://x/v.mp4", "字".repeat(121), "v")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("120");
    }

    @Test
    void keys_come_from_the_environment_and_missing_ones_are_named() {
        assertThat(KlingClient.fromEnv(Map.of("KLING_ACCESS_KEY", AK, "KLING_SECRET_KEY", SK,
                "KLING_BASE_URL", "https://api-singapore.klingai.com/")).baseUrl()).isEqualTo(KlingClient.BASE_URL_GLOBAL);
        assertThatThrownBy(() -> KlingClient.fromEnv(Map.of("KLING_ACCESS_KEY", AK)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("KLING_SECRET_KEY");
    }

    @Test
    void a_task_recorded_by_a_killed_run_is_polled_again_instead_of_created_again() throws Exception {
        Path img = still(dir, "scene.png", 600, 900, 0.1f);
        Path taskFile = dir.resolve("shot.task");
        server.enqueue(task("submitted", ""));
        KlingShotBackend kling = KlingShotBackend.of(client());
        ShotRequest req = ShotRequest.of(img, 5).taskFile(taskFile);
        // the first run creates the task, records it, and is killed while polling (here: the poll fails for good)
        server.enqueue(json(401, "{\"code\":1002,\"message\":\"token expired\",\"request_id\":\"r\"}"));
        assertThatThrownBy(() -> kling.render(req, dir.resolve("shot.mp4"), new Cancellation()))
                .isInstanceOf(BackendException.class);
        RecordedRequest created = server.takeRequest();
        assertThat(created.getMethod()).isEqualTo("POST");
        String externalId = JSON.readTree(created.getBody().utf8()).path("external_task_id").asText();
        assertThat(externalId).startsWith("novelkit-");
        server.takeRequest();
        assertThat(Files.readAllLines(taskFile)).contains("task-42", externalId);

        server.enqueue(task("processing", ""));
        server.enqueue(succeeded());
        server.enqueue(new MockResponse.Builder().code(200).body("video").build());
        RenderedShot shot = kling.render(req, dir.resolve("shot.mp4"), new Cancellation());

        assertThat(Files.readString(shot.file())).isEqualTo("video");
        RecordedRequest again = server.takeRequest();
        assertThat(again.getMethod()).isEqualTo("GET");
        assertThat(again.getUrl().encodedPath()).isEqualTo("/v1/videos/image2video/task-42");
        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(taskFile).as("kept until the caller stored the video").exists();
    }

    @Test
    void a_run_killed_before_kling_answered_the_create_finds_its_task_by_its_external_id() throws Exception {
        Path img = still(dir, "scene.png", 600, 900, 0.1f);
        Path taskFile = dir.resolve("shot.task");
        KlingShotBackend kling = KlingShotBackend.of(client());
        ShotRequest req = ShotRequest.of(img, 5).taskFile(taskFile);
        // the first run recorded its intent, sent the create, and died before the answer
        server.enqueue(json(400, "{\"code\":1200,\"message\":\"bad\",\"request_id\":\"r\"}"));
        assertThatThrownBy(() -> kling.render(req, dir.resolve("shot.mp4"), new Cancellation()))
                .isInstanceOf(BackendException.class);
        String externalId = JSON.readTree(server.takeRequest().getBody().utf8()).path("external_task_id").asText();
        List<String> record = Files.readAllLines(taskFile);
        assertThat(record).hasSize(4).element(3).isEqualTo("");

        server.enqueue(task("processing", ""));
        server.enqueue(succeeded());
        server.enqueue(new MockResponse.Builder().code(200).body("video").build());
        kling.render(req, dir.resolve("shot.mp4"), new Cancellation());

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/videos/image2video/" + externalId);
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/videos/image2video/task-42");
    }
}
