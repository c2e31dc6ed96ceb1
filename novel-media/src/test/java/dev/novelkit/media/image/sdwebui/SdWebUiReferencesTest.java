package dev.novelkit.media.image.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.TestImages;
import dev.novelkit.media.internal.HttpJson;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Character sheets as IP-Adapter units of the ControlNet extension, and img2img when the WebUI says the controlnet
 * script is not there (the 422 AUTOMATIC1111 answers for an unknown {@code alwayson_scripts} entry).
 */
class SdWebUiReferencesTest {
    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    SdWebUiImageGenerator generator() {
        return SdWebUiImageGenerator.fromEnv(Map.of("SD_WEBUI_URL", server.url("/").toString()))
                .retryPolicy(RetryPolicy.defaults().maxRetries(0))
                .deadlines(dev.novelkit.core.remote.Deadlines.of(Duration.ofSeconds(5)));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static String answer() {
        return "{\"images\":[\"" + TestImages.pngBase64(64, 112) + "\"],\"parameters\":{},\"info\":\"{\\\"seed\\\": 5}\"}";
    }

    private List<ReferenceImage> sheets() throws Exception {
        Path lin = Files.write(dir.resolve("lin.png"), TestImages.encoded("png", 120, 200));
        Path zhou = Files.write(dir.resolve("zhou.png"), TestImages.encoded("png", 100, 180));
        return List.of(ReferenceImage.of("林晚舟", lin), ReferenceImage.of("周伯", zhou));
    }

    @Test
    void each_sheet_becomes_an_ip_adapter_unit_in_alwayson_scripts() throws Exception {
        server.enqueue(json(200, answer()));
        List<ReferenceImage> sheets = sheets();

        GeneratedImage image = generator().generate(ImageRequest.of("(masterpiece:1.2), ferry", dir.resolve("a.png"))
                .size(540, 960).references(sheets));

        assertThat(image.info()).containsEntry("references", "林晚舟, 周伯 (IP-Adapter)");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sdapi/v1/txt2img");
        JsonNode body = HttpJson.mapper().readTree(request.getBody().utf8());
        assertThat(body.path("prompt").asText()).isEqualTo("(masterpiece:1.2), ferry");
        JsonNode units = body.path("alwayson_scripts").path("controlnet").path("args");
        assertThat(units).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode unit = units.get(i);
            assertThat(unit.path("enabled").asBoolean()).isTrue();
            assertThat(unit.path("module").asText()).isEqualTo("ip-adapter_clip_sd15");
            assertThat(unit.path("model").asText()).isEqualTo("ip-adapter_sd15");
            assertThat(unit.path("weight").asDouble()).isEqualTo(0.8);
            assertThat(unit.path("image").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(Files.readAllBytes(sheets.get(i).file())));
        }
    }

    @Test
    void without_the_controlnet_extension_it_falls_back_to_img2img_from_the_first_sheet_and_says_so() throws Exception {
        server.enqueue(json(422, "{\"detail\":\"always on script controlnet not found\"}"));
        server.enqueue(json(200, answer()));
        server.enqueue(json(200, answer()));
        List<ReferenceImage> sheets = sheets();
        SdWebUiImageGenerator sd = generator();

        GeneratedImage first = sd.generate(ImageRequest.of("ferry", dir.resolve("a.png")).references(sheets));
        GeneratedImage second = sd.generate(ImageRequest.of("inn", dir.resolve("b.png")).references(sheets));

        assertThat(first.info().get("references")).isEqualTo("林晚舟 (img2img: ControlNet extension not installed)");
        assertThat(second.info().get("references")).startsWith("林晚舟 (img2img");
        assertThat(sd.referenceSupport()).contains("ControlNet extension is not installed");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/sdapi/v1/txt2img");
        RecordedRequest fallback = server.takeRequest();
        assertThat(fallback.getUrl().encodedPath()).isEqualTo("/sdapi/v1/img2img");
        JsonNode body = HttpJson.mapper().readTree(fallback.getBody().utf8());
        assertThat(body.has("alwayson_scripts")).isFalse();
        assertThat(body.path("init_images").get(0).asText())
                .isEqualTo(Base64.getEncoder().encodeToString(Files.readAllBytes(sheets.get(0).file())));
        assertThat(body.path("denoising_strength").asDouble()).isEqualTo(0.75);
        // the next picture goes to img2img at once, without asking for ControlNet again
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/sdapi/v1/img2img");
    }

    @Test
    void a_request_without_sheets_sends_no_controlnet_units() throws Exception {
        server.enqueue(json(200, answer()));

        generator().generate(ImageRequest.of("ferry", dir.resolve("c.png")));

        JsonNode body = HttpJson.mapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(body.has("alwayson_scripts")).isFalse();
    }
}
