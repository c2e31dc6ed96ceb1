package dev.novelkit.media.voice;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.media.voice.azure.AzureVoiceBackend;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AzureVoiceBackendTest {
    private static final String KEY = "azure-secret-key-0123456789abcdef";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private AzureVoiceBackend backend() {
        return AzureVoiceBackend.of("eastasia", KEY).endpoint(server.url("/cognitiveservices/v1").toString())
                .retryPolicy(RetryPolicy.defaults().initialDelay(Duration.ofMillis(1)));
    }

    private static MockResponse wav(double lead, double tone, double tail) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "audio/x-wav")
                .body(new Buffer().write(Tones.paddedTone(24000, lead, tone, tail).toBytes())).build();
    }

    @Test
    void sends_ssml_with_style_role_and_prosody_and_the_real_headers(@TempDir Path dir) throws Exception {
        server.enqueue(wav(0.1, 1.0, 0.1));
        VoiceProfile profile = VoiceProfile.of("zh-CN-YunxiNeural").style("sad").styleDegree(1.5).role("Boy")
                .ratePercent(10).pitchPercent(-5);

        VoiceSynth.of(backend()).speak("他说：“<别走> & 回来”", profile, dir.resolve("a.wav"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/cognitiveservices/v1");
        assertThat(request.getHeaders().get("Ocp-Apim-Subscription-Key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/ssml+xml");
        assertThat(request.getHeaders().get("X-Microsoft-OutputFormat")).isEqualTo("riff-24khz-16bit-mono-pcm");
        assertThat(request.getHeaders().get("User-Agent")).isNotBlank();
        assertThat(request.getBody().utf8()).isEqualTo("<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" "
                + "xmlns:mstts=\"https://www.w3.org/2001/mstts\" xml:lang=\"zh-CN\"><voice name=\"zh-CN-YunxiNeural\">"
                + "<mstts:express-as style=\"sad\" styledegree=\"1.50\" role=\"Boy\"><prosody rate=\"+10%\" pitch=\"-5%\">"
                + "他说：“&lt;别走&gt; &amp; 回来”</prosody></mstts:express-as></voice></speak>");
    }

    @Test
    void leaves_out_express_as_when_no_style_is_asked_for() {
        String ssml = backend().ssml("你好", VoiceProfile.of("zh-CN-XiaoxiaoNeural"));
        assertThat(ssml).doesNotContain("express-as").contains("<prosody rate=\"+0%\" pitch=\"+0%\">你好</prosody>");
    }

    @Test
    void trims_the_silence_the_service_pads_around_speech_and_reports_the_exact_duration(@TempDir Path dir) {
        server.enqueue(wav(0.5, 1.2, 0.8));

        AudioClip clip = VoiceSynth.of(backend()).speak("你好", VoiceProfile.of("zh-CN-XiaoxiaoNeural"),
                dir.resolve("b.wav"));

        assertThat(clip.seconds()).isCloseTo(1.2 + 2 * 0.04, within(0.01));
        assertThat(clip.trimmedLeadSeconds()).isCloseTo(0.46, within(0.01));
        assertThat(clip.trimmedTailSeconds()).isCloseTo(0.76, within(0.01));
        assertThat(clip.sampleRate()).isEqualTo(24000);
        assertThat(dev.novelkit.media.voice.internal.Wav.read(clip.file()).seconds()).isEqualTo(clip.seconds());
    }

    @Test
    void retries_a_rate_limit_then_succeeds(@TempDir Path dir) {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").body("slow down").build());
        server.enqueue(wav(0, 0.5, 0));

        AudioClip clip = VoiceSynth.of(backend()).narrate("旁白", dir.resolve("c.wav"));

        assertThat(clip.seconds()).isGreaterThan(0.4);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a_wrong_key_fails_at_once_without_showing_the_key(@TempDir Path dir) {
        server.enqueue(new MockResponse.Builder().code(401).body("invalid key " + KEY).build());

        assertThatThrownBy(() -> VoiceSynth.of(backend()).narrate("旁白", dir.resolve("d.wav")))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.httpStatus()).hasValue(401);
                })
                .hasMessageContaining("401").hasMessageNotContaining(KEY);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(backend().toString()).doesNotContain(KEY);
        assertThat(dir.resolve("d.wav")).doesNotExist();
    }

    @Test
    void a_server_answering_html_instead_of_audio_is_a_backend_error(@TempDir Path dir) {
        server.enqueue(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build());

        assertThatThrownBy(() -> VoiceSynth.of(backend()).narrate("旁白", dir.resolve("e.wav")))
                .isInstanceOf(BackendException.class).hasMessageContaining("not 16-bit PCM WAV");
        assertThat(dir.resolve("e.wav")).doesNotExist();
    }

    @Test
    void reads_region_and_key_from_the_environment() {
        AzureVoiceBackend b = AzureVoiceBackend.fromEnv(Map.of("AZURE_SPEECH_KEY", KEY, "AZURE_SPEECH_REGION", "eastasia"));
        assertThat(b.toString()).contains("https://eastasia.tts.speech.microsoft.com/cognitiveservices/v1")
                .doesNotContain(KEY);
        assertThatThrownBy(() -> AzureVoiceBackend.fromEnv(Map.of("AZURE_SPEECH_REGION", "eastasia")))
                .hasMessageContaining("AZURE_SPEECH_KEY");
    }
}
