package dev.novelkit.media.image.openai;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.MultipartReader;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code POST /v1/images/edits} with character sheets as several {@code image[]} parts, as GPT image models take. */
class OpenAiImageEditsTest {
    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    OpenAiImageGenerator generator() {
        return OpenAiImageGenerator.fromEnv(Map.of("OPENAI_API_KEY", "sk-test-edits-0123456789",
                "OPENAI_BASE_URL", server.url("/v1").toString()))
                .deadlines(dev.novelkit.core.remote.Deadlines.of(Duration.ofSeconds(5)));
    }

    /** One form field or file of a recorded multipart request. */
    record Part(String name, String fileName, String contentType, byte[] body) {
    }

    static List<Part> parts(RecordedRequest request) throws Exception {
        String type = request.getHeaders().get("Content-Type");
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        List<Part> parts = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(request.getBody().toByteArray()),
                boundary)) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = part.headers().get("Content-Disposition");
                String name = field(disposition, "name");
                String file = field(disposition, "filename");
                parts.add(new Part(name, file, part.headers().get("Content-Type"), part.body().readByteArray()));
            }
        }
        return parts;
    }

    private static String field(String disposition, String key) {
        int at = disposition.indexOf(key + "=\"");
        if (at < 0) {
            return null;
        }
        int start = at + key.length() + 2;
        return disposition.substring(start, disposition.indexOf('"', start));
    }

    private Path sheet(String name, int w, int h) throws Exception {
        return Files.write(dir.resolve(name + ".png"), TestImages.encoded("png", w, h));
    }

    @Test
    void a_request_with_sheets_is_an_edit_carrying_one_image_part_per_sheet() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + TestImages.pngBase64(64, 96) + "\"}]}").build());
        Path lin = sheet("lin", 120, 200);
        Path zhou = Files.write(dir.resolve("zhou.jpg"), TestImages.encoded("jpg", 90, 160));
        Path out = dir.resolve("shot.png");
        ImageRequest request = ImageRequest.of("夜，对岸。林晚舟 (十九岁, 穿一件洗得发白的蓝布衫)。", out).size(1080, 1920)
                .references(List.of(ReferenceImage.of("林晚舟", lin), ReferenceImage.of("周伯", zhou)));

        GeneratedImage image = generator().generate(request);

        assertThat(image.info()).containsEntry("references", "林晚舟, 周伯").containsEntry("model", "gpt-image-1");
        assertThat(TestImages.isPng(Files.readAllBytes(out))).isTrue();
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/images/edits");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-edits-0123456789");
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
        List<Part> parts = parts(recorded);
        Map<String, String> fields = new LinkedHashMap<>();
        List<Part> images = new ArrayList<>();
        for (Part p : parts) {
            if (p.fileName() == null) {
                fields.put(p.name(), new String(p.body(), StandardCharsets.UTF_8));
            } else {
                images.add(p);
            }
        }
        assertThat(fields).containsEntry("model", "gpt-image-1").containsEntry("n", "1")
                .containsEntry("size", "1024x1536").doesNotContainKey("response_format");
        assertThat(fields.get("prompt")).isEqualTo("Reference images: 1 = 林晚舟, 2 = 周伯. "
                + "夜，对岸。林晚舟 (十九岁, 穿一件洗得发白的蓝布衫)。");
        assertThat(images).extracting(Part::name).containsExactly("image[]", "image[]");
        assertThat(images.get(0).body()).isEqualTo(Files.readAllBytes(lin));
        assertThat(images.get(0).contentType()).isEqualTo("image/png");
        assertThat(images.get(1).body()).isEqualTo(Files.readAllBytes(zhou));
        assertThat(images.get(1).contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void a_request_without_sheets_still_goes_to_generations() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + TestImages.pngBase64(64, 64) + "\"}]}").build());

        generator().generate(ImageRequest.of("青溪镇的雨", dir.resolve("plain.png")));

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/images/generations");
    }

    @Test
    void dall_e_models_take_no_references_and_say_so() throws Exception {
        OpenAiImageGenerator dalle = generator().model("dall-e-3");
        ImageRequest request = ImageRequest.of("x", dir.resolve("x.png"))
                .references(List.of(ReferenceImage.of("林晚舟", sheet("a", 64, 64))));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> dalle.generate(request));

        assertThat(dalle.maxReferences()).isZero();
        assertThat(dalle.referenceSupport()).contains("dall-e-3 takes no reference images");
        assertThat(e.getMessage()).contains("at most 0 reference pictures, was given 1");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void a_compatible_server_model_takes_references_when_told_how_many() {
        assertThat(generator().model("flux-kontext").maxReferences()).isZero();
        assertThat(generator().model("flux-kontext").maxReferences(4).maxReferences()).isEqualTo(4);
        assertThat(generator().maxReferences()).isEqualTo(16);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> generator().maxReferences(17));
        assertThat(e.getMessage()).isEqualTo("maxReferences: must be between 0 and 16, was 17");
    }

    @Test
    void a_missing_sheet_is_named_and_nothing_is_sent() {
        ImageRequest request = ImageRequest.of("x", dir.resolve("x.png"))
                .references(List.of(ReferenceImage.of("沈砚", dir.resolve("missing.png"))));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> generator().generate(request));

        assertThat(e.getMessage()).contains("reference 沈砚").contains("missing.png").contains("no such file");
        assertThat(server.getRequestCount()).isZero();
    }
}
