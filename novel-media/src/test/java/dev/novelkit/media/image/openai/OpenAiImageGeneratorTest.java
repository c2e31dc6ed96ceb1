package dev.novelkit.media.image.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.TestImages;
import dev.novelkit.media.internal.HttpJson;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenAiImageGeneratorTest {
    static final String KEY = "sk-test-openai-0123456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    OpenAiImageGenerator generator() {
        return OpenAiImageGenerator.fromEnv(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", server.url("/v1").toString()))
                .deadlines(Deadlines.of(Duration.ofSeconds(5)));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void b64_json_answer_is_decoded_into_the_output_file() throws Exception {
        server.enqueue(json(200, "{\"created\":1713833628,\"data\":[{\"b64_json\":\"" + TestImages.pngBase64(64, 112)
                + "\",\"revised_prompt\":\"A ferry on a misty river at dusk\"}]}"));
        Path out = dir.resolve("shots/1.png");

        GeneratedImage image = generator().model("dall-e-3")
                .generate(ImageRequest.of("江南渡口，黄昏", out).size(1080, 1920));

        assertThat(image.file()).isEqualTo(out);
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(112);
        assertThat(image.backend()).isEqualTo("openai");
        assertThat(image.info()).containsEntry("revised_prompt", "A ferry on a misty river at dusk")
                .containsEntry("size", "1024x1792");
        assertThat(TestImages.isPng(Files.readAllBytes(out))).isTrue();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/images/generations");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = HttpJson.mapper().readTree(request.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("dall-e-3");
        assertThat(body.path("prompt").asText()).isEqualTo("江南渡口，黄昏");
        assertThat(body.path("n").asInt()).isEqualTo(1);
        assertThat(body.path("size").asText()).isEqualTo("1024x1792");
        assertThat(body.path("response_format").asText()).isEqualTo("b64_json");
    }

    @Test
    void url_answer_is_downloaded_at_once_and_jpeg_becomes_png() throws Exception {
        String url = server.url("/files/img-abc.jpg").toString();
        server.enqueue(json(200, "{\"created\":1713833628,\"data\":[{\"url\":\"" + url + "\"}]}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/jpeg")
                .body(new Buffer().write(TestImages.encoded("jpg", 96, 96))).build());
        Path out = dir.resolve("url.png");

        GeneratedImage image = generator().responseFormat("url").generate(ImageRequest.of("moon", out));

        assertThat(image.width()).isEqualTo(96);
        assertThat(TestImages.isPng(Files.readAllBytes(out))).isTrue();
        JsonNode body = HttpJson.mapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(body.path("response_format").asText()).isEqualTo("url");
        RecordedRequest download = server.takeRequest();
        assertThat(download.getUrl().encodedPath()).isEqualTo("/files/img-abc.jpg");
        assertThat(download.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void gpt_image_models_get_no_response_format_and_their_own_sizes() throws Exception {
        server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + TestImages.pngBase64(80, 64) + "\"}],"
                + "\"usage\":{\"total_tokens\":100}}"));

        generator().model("gpt-image-1").generate(ImageRequest.of("x", dir.resolve("g.png")).size(1920, 1080));

        JsonNode body = HttpJson.mapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.path("size").asText()).isEqualTo("1536x1024");
    }

    @Test
    void compatible_servers_get_the_exact_size() {
        assertThat(OpenAiImageGenerator.wireSize("flux-dev", 1080, 1920)).isEqualTo("1080x1920");
        assertThat(OpenAiImageGenerator.wireSize("dall-e-3", 1024, 1024)).isEqualTo("1024x1024");
        assertThat(OpenAiImageGenerator.wireSize("dall-e-2", 300, 300)).isEqualTo("512x512");
    }

    @Test
    void an_error_answer_keeps_the_message_without_the_key_and_writes_nothing() {
        server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        Path out = dir.resolve("never.png");

        BackendException e = assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", out)));

        assertThat(e.httpStatus()).hasValue(401);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage()).contains("invalid_api_key").doesNotContain(KEY);
        assertThat(out).doesNotExist();
    }

    @Test
    void a_server_error_is_retried() {
        server.enqueue(json(500, "{\"error\":{\"message\":\"The server had an error\"}}"));
        server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + TestImages.pngBase64(64, 64) + "\"}]}"));

        GeneratedImage image = generator().retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(5)))
                .generate(ImageRequest.of("x", dir.resolve("r.png")));

        assertThat(image.width()).isEqualTo(64);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void an_answer_without_an_image_is_a_backend_error() {
        server.enqueue(json(200, "{\"created\":1,\"data\":[]}"));

        BackendException e = assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", dir.resolve("n.png"))));

        assertThat(e.getMessage()).contains("no image");
    }

    @Test
    void the_key_is_masked_and_required_for_openai_itself() {
        assertThat(generator().toString()).doesNotContain(KEY).contains("****cdef");
        Exception e = assertThrows(RuntimeException.class, () -> OpenAiImageGenerator.fromEnv(Map.of()));
        assertThat(e.getMessage()).contains("OPENAI_API_KEY");
    }
}
