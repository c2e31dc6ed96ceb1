package dev.novelkit.media.shot.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.kling.KlingClient;
import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.video.VideoFormat;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static dev.novelkit.media.MediaFixtures.still;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shots with character sheets go through Kling multi-image-to-video: the still and the sheets in image_list. */
class KlingMultiImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    private KlingClient client() {
        return KlingClient.of("ak-multi-0123456789", "sk-multi-secret-0123456789").baseUrl(server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().maxRetries(1).initialDelay(Duration.ofMillis(2)))
                .pollInterval(Duration.ofMillis(5)).maxPollInterval(Duration.ofMillis(20));
    }

    private static MockResponse task(String status, String extra) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"req-m\",\"data\":{\"task_id\":\"multi-9\","
                        + "\"task_status\":\"" + status + "\"" + extra + ",\"created_at\":1722769557708,"
                        + "\"updated_at\":1722769557708}}").build();
    }

    @Test
    void a_shot_with_sheets_sends_the_still_and_the_sheets_to_multi_image_to_video() throws Exception {
        Path scene = still(dir, "scene.png", 540, 960, 0.1f);
        Path lin = still(dir, "lin.png", 540, 960, 0.8f);
        Path zhou = still(dir, "zhou.png", 540, 960, 0.4f);
        byte[] video = "multi-image video bytes".getBytes(StandardCharsets.UTF_8);
        server.enqueue(task("submitted", ""));
        server.enqueue(task("processing", ""));
        server.enqueue(task("succeed", ",\"task_result\":{\"videos\":[{\"id\":\"v-m\",\"url\":\""
                + server.url("/files/multi.mp4") + "\",\"duration\":\"5.1\"}]}"));
        server.enqueue(new MockResponse.Builder().code(200).body(new okio.Buffer().write(video)).build());
        ShotRequest request = ShotRequest.of(scene, 4).prompt("晚舟跳起来抓住竹篙").negativePrompt("模糊")
                .format(VideoFormat.PORTRAIT_1080P).move(CameraMove.ZOOM_IN)
                .references(List.of(ReferenceImage.of("林晚舟", lin), ReferenceImage.of("周伯", zhou)));

        RenderedShot shot = KlingShotBackend.of(client()).model("kling-v2-1")
                .render(request, dir.resolve("shot.mp4"), new Cancellation());

        assertThat(Files.readAllBytes(shot.file())).isEqualTo(video);
        RecordedRequest create = server.takeRequest();
        assertThat(create.getUrl().encodedPath()).isEqualTo("/v1/videos/multi-image2video");
        assertThat(create.getHeaders().get("Authorization")).startsWith("Bearer ey");
        JsonNode body = JSON.readTree(create.getBody().utf8());
        assertThat(body.path("model_name").asText()).isEqualTo("kling-v1-6");
        JsonNode list = body.path("image_list");
        assertThat(list).hasSize(3);
        Base64.Decoder b64 = Base64.getDecoder();
        assertThat(b64.decode(list.get(0).path("image").asText())).isEqualTo(Files.readAllBytes(scene));
        assertThat(b64.decode(list.get(1).path("image").asText())).isEqualTo(Files.readAllBytes(lin));
        assertThat(b64.decode(list.get(2).path("image").asText())).isEqualTo(Files.readAllBytes(zhou));
        assertThat(body.path("prompt").asText())
                .isEqualTo("Reference images: 1 = scene, 2 = 林晚舟, 3 = 周伯. 晚舟跳起来抓住竹篙");
        assertThat(body.path("negative_prompt").asText()).isEqualTo("模糊");
        assertThat(body.path("aspect_ratio").asText()).isEqualTo("9:16");
        assertThat(body.path("duration").asText()).isEqualTo("5");
        assertThat(body.path("mode").asText()).isEqualTo("std");
        assertThat(body.has("camera_control")).isFalse();
        assertThat(body.has("cfg_scale")).isFalse();
        for (int i = 0; i < 2; i++) {
            assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/videos/multi-image2video/multi-9");
        }
    }

    @Test
    void a_shot_without_sheets_still_goes_to_image_to_video() throws Exception {
        Path scene = still(dir, "scene.png", 540, 960, 0.1f);
        server.enqueue(task("submitted", ""));
        server.enqueue(task("succeed", ",\"task_result\":{\"videos\":[{\"id\":\"v\",\"url\":\""
                + server.url("/files/one.mp4") + "\",\"duration\":\"5\"}]}"));
        server.enqueue(new MockResponse.Builder().code(200).body("x").build());

        KlingShotBackend.of(client()).render(ShotRequest.of(scene, 5), dir.resolve("one.mp4"), new Cancellation());

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/videos/image2video");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/videos/image2video/multi-9");
    }

    @Test
    void at_most_three_sheets_go_with_the_still_and_multi_image_can_be_turned_off() throws Exception {
        Path scene = still(dir, "scene.png", 540, 960, 0.1f);
        ReferenceImage sheet = ReferenceImage.of("x", scene);
        KlingShotBackend kling = KlingShotBackend.of(client());

        assertThat(kling.maxReferences()).isEqualTo(3);
        assertThat(kling.multiImage(false).maxReferences()).isZero();
        assertThatThrownBy(() -> kling.render(ShotRequest.of(scene, 5).references(List.of(sheet, sheet, sheet, sheet)),
                dir.resolve("x.mp4"), new Cancellation())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 3");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void the_aspect_ratio_is_the_nearest_multi_image_to_video_takes() {
        assertThat(KlingShotBackend.aspectRatio(1080, 1920)).isEqualTo("9:16");
        assertThat(KlingShotBackend.aspectRatio(1920, 1080)).isEqualTo("16:9");
        assertThat(KlingShotBackend.aspectRatio(1000, 1100)).isEqualTo("1:1");
    }
}
