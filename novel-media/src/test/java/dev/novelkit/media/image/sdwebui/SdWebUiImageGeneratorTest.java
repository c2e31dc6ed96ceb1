package dev.novelkit.media.image.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.TestImages;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.prompt.ImagePrompt;
import dev.novelkit.media.prompt.PromptStyle;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SdWebUiImageGeneratorTest {
    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    SdWebUiImageGenerator generator() {
        return SdWebUiImageGenerator.fromEnv(Map.of("SD_WEBUI_URL", server.url("/").toString()))
                .retryPolicy(RetryPolicy.defaults().maxRetries(2).initialDelay(Duration.ofMillis(5)))
                .deadlines(Deadlines.of(Duration.ofSeconds(5)));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static String answer(String image) {
        String info = "{\\\"prompt\\\": \\\"ferry\\\", \\\"seed\\\": 1234567, \\\"sd_model_name\\\": \\\"anything-v5\\\"}";
        return "{\"images\":[\"" + image + "\"],\"parameters\":{\"prompt\":\"ferry\",\"steps\":20},\"info\":\"" + info
                + "\"}";
    }

    @Test
    void sends_txt2img_and_writes_the_base64_png() throws Exception {
        server.enqueue(json(200, answer(TestImages.pngBase64(72, 128))));
        ImagePrompt prompt = new ImagePrompt(PromptStyle.STABLE_DIFFUSION, "(masterpiece:1.2), ferry", "lowres", "");
        Path out = dir.resolve("sd.png");

        GeneratedImage image = generator().steps(20).cfgScale(6.5).sampler("DPM++ 2M Karras")
                .generate(new ImageRequest(prompt, 540, 962, 99L, out, null, null, null, null, false));

        assertThat(image.width()).isEqualTo(72);
        assertThat(image.info()).containsEntry("seed", "1234567").containsEntry("model", "anything-v5");
        assertThat(TestImages.isPng(Files.readAllBytes(out))).isTrue();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sdapi/v1/txt2img");
        JsonNode body = HttpJson.mapper().readTree(request.getBody().utf8());
        assertThat(body.path("prompt").asText()).isEqualTo("(masterpiece:1.2), ferry");
        assertThat(body.path("negative_prompt").asText()).isEqualTo("lowres");
        assertThat(body.path("width").asInt()).isEqualTo(544);
        assertThat(body.path("height").asInt()).isEqualTo(960);
        assertThat(body.path("steps").asInt()).isEqualTo(20);
        assertThat(body.path("cfg_scale").asDouble()).isEqualTo(6.5);
        assertThat(body.path("seed").asLong()).isEqualTo(99);
        assertThat(body.path("sampler_name").asText()).isEqualTo("DPM++ 2M Karras");
    }

    @Test
    void a_data_url_image_and_no_seed_work_too() throws Exception {
        server.enqueue(json(200, answer("data:image/png;base64," + TestImages.pngBase64(64, 64))));

        GeneratedImage image = generator().generate(ImageRequest.of("x", dir.resolve("d.png")));

        assertThat(image.height()).isEqualTo(64);
        assertThat(HttpJson.mapper().readTree(server.takeRequest().getBody().utf8()).path("seed").asLong())
                .isEqualTo(-1);
    }

    @Test
    void basic_auth_is_sent_and_masked() throws Exception {
        server.enqueue(json(200, answer(TestImages.pngBase64(64, 64))));
        SdWebUiImageGenerator generator = generator().basicAuth("artist", "s3cret-password");

        generator.generate(ImageRequest.of("x", dir.resolve("a.png")));

        assertThat(server.takeRequest().getHeaders().get("Authorization")).startsWith("Basic ");
        assertThat(generator.toString()).doesNotContain("s3cret");
    }

    @Test
    void a_server_error_is_retried_then_reported() {
        server.enqueue(json(500, "{\"error\":\"OutOfMemoryError\",\"detail\":\"CUDA out of memory\"}"));
        server.enqueue(json(500, "{\"error\":\"OutOfMemoryError\",\"detail\":\"CUDA out of memory\"}"));
        server.enqueue(json(500, "{\"error\":\"OutOfMemoryError\",\"detail\":\"CUDA out of memory\"}"));

        BackendException e = assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", dir.resolve("e.png"))));

        assertThat(e.httpStatus()).hasValue(500);
        assertThat(e.getMessage()).contains("CUDA out of memory");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void malformed_answers_are_clear_backend_errors() {
        server.enqueue(json(200, "<html>Gateway</html>"));
        server.enqueue(json(200, "{\"images\":[],\"info\":\"{}\"}"));
        server.enqueue(json(200, "{\"images\":[\"%%%not-base64%%%\"]}"));

        assertThat(assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", dir.resolve("1.png")))).getMessage())
                .contains("malformed JSON");
        assertThat(assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", dir.resolve("2.png")))).getMessage())
                .contains("no image");
        assertThat(assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", dir.resolve("3.png")))).getMessage())
                .contains("base64");
    }
}
