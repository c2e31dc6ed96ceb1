package dev.novelkit.media.consistency.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.media.consistency.VisionJudge;
import dev.novelkit.media.image.TestImages;
import dev.novelkit.media.internal.HttpJson;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The vision judge speaks OpenAI chat completions with image_url content parts. */
class OpenAiVisionJudgeTest {
    static final String KEY = "sk-vision-0123456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    OpenAiVisionJudge judge() {
        return OpenAiVisionJudge.fromEnv(Map.of("OPENAI_BASE_URL", server.url("/v1").toString(), "OPENAI_API_KEY", KEY),
                "qwen-vl-max").retryPolicy(RetryPolicy.defaults().maxRetries(0));
    }

    static MockResponse completion(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"qwen-vl-max\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + escaped
                        + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":30,"
                        + "\"total_tokens\":930}}").build();
    }

    @Test
    void asks_with_the_sheet_and_the_picture_as_image_parts_and_reads_the_verdict() throws Exception {
        server.enqueue(completion("```json\n{\"similarity\": 0.35, \"drifted\": true, \"reason\": \"she wears red\"}\n```"));
        Path sheet = Files.write(dir.resolve("sheet.png"), TestImages.encoded("png", 64, 96));
        Path picture = Files.write(dir.resolve("shot.jpg"), TestImages.encoded("jpg", 96, 64));

        VisionJudge.Verdict v = judge().compare("林晚舟", "林晚舟 (十九岁, 蓝布衫)", sheet, picture);

        assertThat(v.similarity()).isEqualTo(0.35);
        assertThat(v.drifted()).isTrue();
        assertThat(v.reason()).isEqualTo("she wears red");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = HttpJson.mapper().readTree(request.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("qwen-vl-max");
        JsonNode content = body.path("messages").get(0).path("content");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(content.get(0).path("type").asText()).isEqualTo("text");
        assertThat(content.get(0).path("text").asText()).contains("林晚舟 (十九岁, 蓝布衫)").contains("JSON only");
        assertThat(content.get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(sheet)));
        assertThat(content.get(2).path("image_url").path("url").asText()).startsWith("data:image/jpeg;base64,");
    }

    @Test
    void an_answer_without_json_is_a_backend_error_without_the_key() throws Exception {
        server.enqueue(completion("They look alike to me."));
        Path sheet = Files.write(dir.resolve("sheet.png"), TestImages.encoded("png", 32, 32));

        BackendException e = assertThrows(BackendException.class, () -> judge().compare("a", "", sheet, sheet));

        assertThat(e.getMessage()).contains("without JSON").doesNotContain(KEY);
        assertThat(judge().toString()).doesNotContain(KEY);
    }

    @Test
    void a_similarity_out_of_range_is_clamped_and_drift_follows_it_when_unsaid() {
        VisionJudge.Verdict v = OpenAiVisionJudge.parse("{\"similarity\": 1.7}");
        assertThat(v.similarity()).isEqualTo(1.0);
        assertThat(v.drifted()).isFalse();
        assertThat(OpenAiVisionJudge.parse("{\"similarity\": 0.1}").drifted()).isTrue();
    }
}
