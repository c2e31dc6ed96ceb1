package dev.novelkit.media.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.media.voice.openai.OpenAiSpeechBackend;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OpenAiSpeechBackendTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void posts_the_speech_request_and_reads_a_streamed_wav_header(@TempDir Path dir) throws Exception {
        byte[] wav = Tones.paddedTone(24000, 0.2, 1.0, 0.2).toBytes();
        // Streaming servers do not know the length up front and write 0xFFFFFFFF as the data size.
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, -1).putInt(4, -1);
        server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(wav)).build());
        OpenAiSpeechBackend backend = OpenAiSpeechBackend.of(server.url("/v1").toString()).apiKey("sk-test-123456789012")
                .model("gpt-4o-mini-tts");

        AudioClip clip = VoiceSynth.of(backend).speak("再等一等吧。",
                VoiceProfile.of("nova").style("sad").ratePercent(-20), dir.resolve("a.wav"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/v1/audio/speech");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-123456789012");
        JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini-tts");
        assertThat(body.get("input").asText()).isEqualTo("再等一等吧。");
        assertThat(body.get("voice").asText()).isEqualTo("nova");
        assertThat(body.get("response_format").asText()).isEqualTo("wav");
        assertThat(body.get("speed").asDouble()).isEqualTo(0.8);
        assertThat(body.get("instructions").asText()).contains("sad");
        assertThat(clip.seconds()).isCloseTo(1.08, within(0.01));
    }

    @Test
    void sends_no_instructions_to_models_without_them_and_maps_foreign_voice_names() {
        OpenAiSpeechBackend backend = OpenAiSpeechBackend.of("http://localhost:1/v1").model("tts-1");
        JsonNode body = backend.body("你好", VoiceProfile.of("zh-CN-YunxiNeural").style("angry").ratePercent(100));

        assertThat(body.has("instructions")).isFalse();
        assertThat(body.get("voice").asText()).isEqualTo("alloy");
        assertThat(body.get("speed").asDouble()).isEqualTo(2.0);
    }
}
