package dev.novelkit.media.voice.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
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
import java.util.Optional;

/**
 * OpenAI-style speech ({@code POST /v1/audio/speech}), spoken by OpenAI and by many self-hosted TTS servers: WAV
 * back, the rate as {@code speed}; the emotion goes into {@code instructions} for models that take them
 * (gpt-4o-mini-tts), and is otherwise not rendered. Keys from {@code OPENAI_API_KEY}, base URL from
 * {@code OPENAI_BASE_URL}.
 */
public final class OpenAiSpeechBackend implements VoiceBackend {
    /** 8 lines in flight at once (a 429 is waited out). */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(8);
    /** The default speech model. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini-tts";

    private final String baseUrl;
    private final String apiKey;
    private final String model;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private OpenAiSpeechBackend(String baseUrl, String apiKey, String model, RemoteLimits limits, Deadlines deadlines,
                                OkHttpClient httpClient) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey == null ? "" : apiKey;
        this.model = model;
        this.limits = limits;
        this.deadlines = deadlines;
        this.httpClient = httpClient;
        this.http = HttpJson.of("openai-speech", limits, deadlines, httpClient, this.apiKey);
    }

    /** A speech server at {@code baseUrl} (such as {@code https://api.openai.com/v1}), no key, {@value #DEFAULT_MODEL}. */
    public static OpenAiSpeechBackend of(String baseUrl) {
        return new OpenAiSpeechBackend(Require.baseUrl("baseUrl", baseUrl), "", DEFAULT_MODEL, DEFAULT_LIMITS,
                Deadlines.DEFAULT, null);
    }

    /** From {@code OPENAI_BASE_URL} (default the OpenAI API), {@code OPENAI_API_KEY}, {@code OPENAI_TTS_MODEL}. */
    public static OpenAiSpeechBackend fromEnv(Map<String, String> env) {
        String key = env.get("OPENAI_API_KEY");
        String base = env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1");
        Require.that(key != null && !key.isBlank() || !base.contains("api.openai.com"), "OPENAI_API_KEY", key,
                "must be set for the OpenAI speech API");
        return of(base).apiKey(key).model(env.getOrDefault("OPENAI_TTS_MODEL", DEFAULT_MODEL));
    }

    /** Sent as {@code Authorization: Bearer}; null or blank: none (local servers). */
    public OpenAiSpeechBackend apiKey(String value) {
        return new OpenAiSpeechBackend(baseUrl, value == null ? "" : value.strip(), model, limits, deadlines, httpClient);
    }

    public OpenAiSpeechBackend model(String value) {
        return new OpenAiSpeechBackend(baseUrl, apiKey, Require.nonBlank("model", value), limits, deadlines, httpClient);
    }

    /** Lines in flight at once, retries, throttling (default {@link #DEFAULT_LIMITS}). */
    public OpenAiSpeechBackend limits(RemoteLimits value) {
        return new OpenAiSpeechBackend(baseUrl, apiKey, model, Require.nonNull("limits", value), deadlines, httpClient);
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public OpenAiSpeechBackend retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /** Connect, first-byte and total deadline of each request (default {@link Deadlines#DEFAULT}). */
    public OpenAiSpeechBackend deadlines(Deadlines value) {
        return new OpenAiSpeechBackend(baseUrl, apiKey, model, limits, Require.nonNull("deadlines", value), httpClient);
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public OpenAiSpeechBackend httpClient(OkHttpClient value) {
        return new OpenAiSpeechBackend(baseUrl, apiKey, model, limits, deadlines, Require.nonNull("httpClient", value));
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(http.service());
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
        synthesize(text, profile, out, new Cancellation());
    }

    @Override
    public void synthesize(String text, VoiceProfile profile, Path out, Cancellation cancellation) {
        Request.Builder request = new Request.Builder().url(baseUrl + "/audio/speech")
                .post(RequestBody.create(body(text, profile).toString(), HttpJson.JSON));
        if (!apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        Request r = request.build();
        http.unit("voice " + out.getFileName(), cancellation, () -> {
            AtomicFiles.writeBytes(out, http.call(r, cancellation));
            return out;
        });
    }

    @Override
    public String identity() {
        return String.join(" ", name(), baseUrl, model);
    }

    @Override
    public String toString() {
        return "OpenAiSpeechBackend[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }
}
