package dev.novelkit.media.voice.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.voice.VoiceBackend;
import dev.novelkit.media.voice.VoiceCasting;
import dev.novelkit.media.voice.VoiceProfile;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI-style speech ({@code POST /v1/audio/speech}), spoken by OpenAI and by many self-hosted TTS servers: WAV
 * back, the rate as {@code speed}; the emotion goes into {@code instructions} for models that take them
 * (gpt-4o-mini-tts), and is otherwise not rendered. Keys from {@code OPENAI_API_KEY}, base URL from
 * {@code OPENAI_BASE_URL}.
 */
public final class OpenAiSpeechBackend implements VoiceBackend {
    private final String baseUrl;
    private final String apiKey;
    private final String model;
    private final HttpJson http;

    private OpenAiSpeechBackend(String baseUrl, String apiKey, String model, OkHttpClient client, RetryPolicy retry) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
        this.apiKey = apiKey == null ? "" : apiKey;
        this.model = Objects.requireNonNull(model, "model");
        this.http = new HttpJson("openai-speech", client, retry, this.apiKey);
    }

    /** A speech server at {@code baseUrl} (such as {@code https://api.openai.com/v1}). */
    public static OpenAiSpeechBackend create(String baseUrl, String apiKey, String model) {
        return new OpenAiSpeechBackend(baseUrl, apiKey, model, HttpJson.defaultClient(), RetryPolicy.defaults());
    }

    /** From {@code OPENAI_BASE_URL} (default the OpenAI API), {@code OPENAI_API_KEY}, {@code OPENAI_TTS_MODEL}. */
    public static OpenAiSpeechBackend fromEnv(Map<String, String> env) {
        String key = env.get("OPENAI_API_KEY");
        String base = env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1");
        if ((key == null || key.isBlank()) && base.contains("api.openai.com")) {
            throw new InvalidInputException("OPENAI_API_KEY", "an API key is required for the OpenAI speech API");
        }
        return create(base, key, env.getOrDefault("OPENAI_TTS_MODEL", "gpt-4o-mini-tts"));
    }

    public OpenAiSpeechBackend retryPolicy(RetryPolicy retry) {
        return new OpenAiSpeechBackend(baseUrl, apiKey, model, HttpJson.defaultClient(), retry);
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String defaultVoice() {
        return "alloy";
    }

    @Override
    public VoiceCasting.Palette palette() {
        return VoiceCasting.OPENAI;
    }

    /** OpenAI speech's list price: $15 per million characters. */
    @Override
    public double priceUsdPerCharacter() {
        return 15e-6;
    }

    /** The JSON request body for one line. */
    public ObjectNode body(String text, VoiceProfile profile) {
        if (text.length() > 4096) {
            throw new InvalidInputException("speech text", "longer than the API's 4096 characters: " + text.length());
        }
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", model);
        body.put("input", text);
        body.put("voice", profile.voice().contains("Neural") || profile.voice().startsWith("cmn")
                ? defaultVoice() : profile.voice());
        body.put("response_format", "wav");
        double speed = Math.max(0.25, Math.min(4.0, 1 + profile.ratePercent() / 100.0));
        body.put("speed", Math.round(speed * 100) / 100.0);
        if (!profile.style().isEmpty() && model.toLowerCase(Locale.ROOT).contains("gpt-4o")) {
            body.put("instructions", "Speak Mandarin Chinese in a " + profile.style() + " tone.");
        }
        return body;
    }

    @Override
    public void synthesize(String text, VoiceProfile profile, Path out) {
        Request.Builder request = new Request.Builder().url(baseUrl + "/audio/speech")
                .post(RequestBody.create(body(text, profile).toString(), HttpJson.JSON));
        if (!apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        AtomicFiles.writeBytes(out, http.call(request.build()));
    }

    @Override
    public String toString() {
        return "OpenAiSpeechBackend[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }
}
