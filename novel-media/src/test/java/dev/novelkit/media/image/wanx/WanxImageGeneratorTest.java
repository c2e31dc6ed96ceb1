package dev.novelkit.media.image.wanx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.media.dashscope.DashScopeTasks;
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
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WanxImageGeneratorTest {
    static final String KEY = "sk-wanx-0123456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    WanxImageGenerator generator() {
        DashScopeTasks tasks = DashScopeTasks.of(KEY).baseUrl(server.url("/").toString())
                .pollInterval(Duration.ofMillis(5)).taskTimeout(Duration.ofSeconds(5))
                .deadlines(Deadlines.of(Duration.ofSeconds(5)))
                .retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(5)));
        return WanxImageGenerator.of(tasks);
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse task(String status, String extra) {
        return json("{\"request_id\":\"r\",\"output\":{\"task_id\":\"w-1\",\"task_status\":\"" + status + "\"" + extra
                + "},\"usage\":{\"image_count\":1}}");
    }

    @Test
    void creates_a_task_polls_it_and_downloads_the_result() throws Exception {
        String url = server.url("/oss/1d/wanx/result.png?Expires=1736&Signature=abc").toString();
        server.enqueue(json("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"w-1\"},\"request_id\":\"r0\"}"));
        server.enqueue(task("PENDING", ""));
        server.enqueue(task("RUNNING", ""));
        server.enqueue(task("SUCCEEDED", ",\"results\":[{\"orig_prompt\":\"渡口\",\"actual_prompt\":\"江南渡口\","
                + "\"url\":\"" + url + "\"}]"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.encoded("png", 81, 144))).build());
        Path out = dir.resolve("wanx.png");
        ImagePrompt prompt = new ImagePrompt(PromptStyle.PLAIN, "江南渡口，黄昏，两人告别", "文字, 水印", "");

        GeneratedImage image = generator().generate(new ImageRequest(prompt, 1080, 1920, 42L, out, null, null, null, null, false));

        assertThat(image.width()).isEqualTo(81);
        assertThat(image.height()).isEqualTo(144);
        assertThat(image.info()).containsEntry("task_id", "w-1").containsEntry("size", "808*1440")
                .containsEntry("actual_prompt", "江南渡口").containsEntry("seed", "42");
        assertThat(TestImages.isPng(Files.readAllBytes(out))).isTrue();

        RecordedRequest create = server.takeRequest();
        assertThat(create.getUrl().encodedPath()).isEqualTo(WanxImageGenerator.SERVICE_PATH);
        assertThat(create.getHeaders().get("X-DashScope-Async")).isEqualTo("enable");
        JsonNode body = HttpJson.mapper().readTree(create.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("wanx2.1-t2i-turbo");
        assertThat(body.path("input").path("prompt").asText()).isEqualTo("江南渡口，黄昏，两人告别");
        assertThat(body.path("input").path("negative_prompt").asText()).isEqualTo("文字, 水印");
        assertThat(body.path("parameters").path("size").asText()).isEqualTo("808*1440");
        assertThat(body.path("parameters").path("n").asInt()).isEqualTo(1);
        assertThat(body.path("parameters").path("seed").asLong()).isEqualTo(42);
        for (int i = 0; i < 3; i++) {
            assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/tasks/w-1");
        }
        RecordedRequest download = server.takeRequest();
        assertThat(download.getUrl().encodedPath()).isEqualTo("/oss/1d/wanx/result.png");
        assertThat(download.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void a_failed_task_reports_the_message_and_writes_nothing() {
        server.enqueue(json("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"w-1\"},\"request_id\":\"r0\"}"));
        server.enqueue(task("FAILED", ",\"code\":\"InvalidParameter\",\"message\":\"size must be in [512, 1440]\""));
        Path out = dir.resolve("failed.png");

        BackendException e = assertThrows(BackendException.class,
                () -> generator().generate(ImageRequest.of("x", out)));

        assertThat(e.getMessage()).contains("InvalidParameter").contains("size must be in [512, 1440]");
        assertThat(out).doesNotExist();
    }

    @Test
    void too_long_a_prompt_is_rejected_before_any_request() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> generator().generate(ImageRequest.of("字".repeat(801), dir.resolve("x.png"))));

        assertThat(e.input()).isEqualTo("prompt");
        assertThat(e.getMessage()).contains("801").contains("800");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void sizes_follow_what_each_model_accepts() {
        assertThat(WanxImageGenerator.wireSize("wanx-v1", 1080, 1920)).containsExactly(720, 1280);
        assertThat(WanxImageGenerator.wireSize("wanx-v1", 1920, 1080)).containsExactly(1280, 720);
        assertThat(WanxImageGenerator.wireSize("wanx2.1-t2i-turbo", 1920, 1080)).containsExactly(1440, 808);
        assertThat(WanxImageGenerator.wireSize("wanx2.1-t2i-turbo", 256, 256)).containsExactly(512, 512);
        assertThat(WanxImageGenerator.wireSize("wanx2.1-t2i-turbo", 1024, 1024)).containsExactly(1024, 1024);
    }
}
