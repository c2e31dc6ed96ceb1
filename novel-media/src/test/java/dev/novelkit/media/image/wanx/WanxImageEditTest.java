package dev.novelkit.media.image.wanx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.TestImages;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.prompt.ImagePrompt;
import dev.novelkit.media.prompt.PromptStyle;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DashScope image editing (wan2.5-i2i-preview) with character sheets in {@code input.images}, an async task. */
class WanxImageEditTest {
    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    WanxImageGenerator generator() {
        DashScopeTasks tasks = DashScopeTasks.of("sk-wanx-edit-0123456789").baseUrl(server.url("/").toString())
                .pollInterval(Duration.ofMillis(5)).taskTimeout(Duration.ofSeconds(5))
                .deadlines(dev.novelkit.core.remote.Deadlines.of(Duration.ofSeconds(5)))
                .retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(5)));
        return WanxImageGenerator.of(tasks);
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void a_request_with_sheets_becomes_an_image_editing_task_with_the_sheets_as_data_uris() throws Exception {
        String url = server.url("/oss/edit/result.png?Expires=1&Signature=x").toString();
        server.enqueue(json("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"e-1\"},\"request_id\":\"r0\"}"));
        server.enqueue(json("{\"request_id\":\"r1\",\"output\":{\"task_id\":\"e-1\",\"task_status\":\"RUNNING\"}}"));
        server.enqueue(json("{\"request_id\":\"r2\",\"output\":{\"task_id\":\"e-1\",\"task_status\":\"SUCCEEDED\","
                + "\"results\":[{\"url\":\"" + url + "\"}]},\"usage\":{\"image_count\":1}}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.encoded("png", 96, 170))).build());
        Path lin = Files.write(dir.resolve("lin.png"), TestImages.encoded("png", 400, 700));
        Path su = Files.write(dir.resolve("su.jpg"), TestImages.encoded("jpg", 400, 700));
        Path out = dir.resolve("edit.png");
        ImagePrompt prompt = new ImagePrompt(PromptStyle.PLAIN, "白天，石阶。苏小满拉住林晚舟的袖子。", "文字", "");

        GeneratedImage image = generator().generate(ImageRequest.of(prompt, out).size(1080, 1920).seed(7)
                .references(List.of(ReferenceImage.of("苏小满", su), ReferenceImage.of("林晚舟", lin))));

        assertThat(image.info()).containsEntry("model", "wan2.5-i2i-preview").containsEntry("task_id", "e-1")
                .containsEntry("references", "苏小满, 林晚舟").containsEntry("size", "960*1704");
        assertThat(TestImages.isPng(Files.readAllBytes(out))).isTrue();
        RecordedRequest create = server.takeRequest();
        assertThat(create.getUrl().encodedPath()).isEqualTo("/api/v1/services/aigc/image2image/image-synthesis");
        assertThat(create.getHeaders().get("X-DashScope-Async")).isEqualTo("enable");
        JsonNode body = HttpJson.mapper().readTree(create.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(body.path("input").path("prompt").asText())
                .isEqualTo("Reference images: 1 = 苏小满, 2 = 林晚舟. 白天，石阶。苏小满拉住林晚舟的袖子。");
        assertThat(body.path("input").path("negative_prompt").asText()).isEqualTo("文字");
        JsonNode images = body.path("input").path("images");
        assertThat(images).hasSize(2);
        assertThat(images.get(0).asText()).isEqualTo("data:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(su)));
        assertThat(images.get(1).asText()).startsWith("data:image/png;base64,");
        assertThat(body.path("parameters").path("n").asInt()).isEqualTo(1);
        assertThat(body.path("parameters").path("size").asText()).isEqualTo("960*1704");
        assertThat(body.path("parameters").path("seed").asLong()).isEqualTo(7);
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/tasks/e-1");
    }

    @Test
    void more_than_three_sheets_are_refused_before_any_request() throws Exception {
        Path sheet = Files.write(dir.resolve("s.png"), TestImages.encoded("png", 400, 400));
        List<ReferenceImage> four = List.of(ReferenceImage.of("a", sheet), ReferenceImage.of("b", sheet),
                ReferenceImage.of("c", sheet), ReferenceImage.of("d", sheet));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> generator()
                .generate(ImageRequest.of("x", dir.resolve("x.png")).references(four)));

        assertThat(e.getMessage()).contains("wan2.5-i2i-preview").contains("at most 3");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void a_sheet_smaller_than_the_editing_model_takes_is_named_before_any_request() throws Exception {
        Path tiny = Files.write(dir.resolve("tiny.png"), TestImages.encoded("png", 200, 300));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> generator()
                .generate(ImageRequest.of("x", dir.resolve("x.png")).references(List.of(ReferenceImage.of("周伯", tiny)))));

        assertThat(e.getMessage()).contains("reference 周伯").contains("384 to 5000 px").contains("200x300");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void edit_sizes_keep_the_aspect_within_the_pixel_area_the_model_takes() {
        int[] tall = WanxImageGenerator.editSize(1080, 1920);
        assertThat(tall[0] * tall[1]).isBetween(768 * 768, 1280 * 1280);
        assertThat((double) tall[0] / tall[1]).isCloseTo(1080.0 / 1920, org.assertj.core.data.Offset.offset(0.01));
        assertThat(WanxImageGenerator.editSize(300, 300)).containsExactly(768, 768);
        int[] strip = WanxImageGenerator.editSize(4000, 500);
        assertThat((double) strip[0] / strip[1]).isLessThanOrEqualTo(4.0);
    }
}
