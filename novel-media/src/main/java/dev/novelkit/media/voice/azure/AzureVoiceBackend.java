package dev.novelkit.media.voice.azure;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidSettingException;
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
import java.util.Set;

/**
 * Azure Speech neural voices over REST (the voices Clipchamp offers): SSML with {@code mstts:express-as} for the
 * emotion (style, style degree, role) and {@code prosody} for rate and pitch, text escaped for XML, 24 kHz 16-bit
 * mono PCM back. Keys from {@code AZURE_SPEECH_KEY} and {@code AZURE_SPEECH_REGION}; the key never appears in
 * {@code toString()} or messages.
 */
public final class AzureVoiceBackend implements VoiceBackend {
    /** The output format asked for: RIFF WAV, so clips can be measured and trimmed without decoding. */
    public static final String OUTPUT_FORMAT = "riff-24khz-16bit-mono-pcm";
    private static final okhttp3.MediaType SSML = okhttp3.MediaType.get("application/ssml+xml");

    /** 8 lines in flight at once (Azure's neural voices take many; a 429 is waited out). */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(8);

    private final String endpoint;
    private final String key;
    private final String language;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private AzureVoiceBackend(String endpoint, String key, String language, RemoteLimits limits, Deadlines deadlines,
                              OkHttpClient httpClient) {
        this.endpoint = endpoint;
        this.key = key;
        this.language = language;
        this.limits = limits;
        this.deadlines = deadlines;
        this.httpClient = httpClient;
        this.http = HttpJson.of("azure", limits, deadlines, httpClient, key);
    }

    /** The backend for a region ("eastasia", "chinaeast2", ...) with this key. */
    public static AzureVoiceBackend of(String region, String key) {
        Require.that(region != null && region.matches("[a-z0-9-]+"), "AZURE_SPEECH_REGION", region,
                "must be a region such as eastasia");
        Require.that(key != null && !key.isBlank(), "AZURE_SPEECH_KEY", key, "must be an Azure Speech key");
        return new AzureVoiceBackend("https://" + region + ".tts.speech.microsoft.com/cognitiveservices/v1", key.strip(),
                "zh-CN", DEFAULT_LIMITS, Deadlines.DEFAULT, null);
    }

    /** From {@code AZURE_SPEECH_KEY} and {@code AZURE_SPEECH_REGION} (or {@code AZURE_SPEECH_ENDPOINT}). */
    public static AzureVoiceBackend fromEnv(Map<String, String> env) {
        String key = env.get("AZURE_SPEECH_KEY");
        String endpoint = env.get("AZURE_SPEECH_ENDPOINT");
        return endpoint != null && !endpoint.isBlank() ? of("eastasia", key).endpoint(endpoint)
                : of(env.get("AZURE_SPEECH_REGION"), key);
    }

    /** An explicit endpoint URL instead of the region's (a proxy, a sovereign cloud, a test server). */
    public AzureVoiceBackend endpoint(String url) {
        return new AzureVoiceBackend(Require.baseUrl("endpoint", url), key, language, limits, deadlines, httpClient);
    }

    /** Lines in flight at once, retries, throttling (default {@link #DEFAULT_LIMITS}). */
    public AzureVoiceBackend limits(RemoteLimits value) {
        return new AzureVoiceBackend(endpoint, key, language, Require.nonNull("limits", value), deadlines, httpClient);
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public AzureVoiceBackend retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /** Connect, first-byte and total deadline of each request (default {@link Deadlines#DEFAULT}). */
    public AzureVoiceBackend deadlines(Deadlines value) {
        return new AzureVoiceBackend(endpoint, key, language, limits, Require.nonNull("deadlines", value), httpClient);
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public AzureVoiceBackend httpClient(OkHttpClient value) {
        return new AzureVoiceBackend(endpoint, key, language, limits, deadlines, Require.nonNull("httpClient", value));
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(http.service());
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public String defaultVoice() {
        return "zh-CN-XiaoxiaoNeural";
    }

    @Override
    public VoiceCasting.Palette palette() {
        return VoiceCasting.AZURE;
    }

    /** Azure neural voices' list price: $16 per million characters. */
    @Override
    public double priceUsdPerCharacter() {
        return 16e-6;
    }

    @Override
    public Set<String> nativeStyles() {
        return Set.of("angry", "assistant", "calm", "chat", "cheerful", "depressed", "disgruntled", "embarrassed",
                "fearful", "gentle", "narration-relaxed", "newscast", "sad", "serious", "whispering", "excited");
    }

    /** The speaking styles Azure's neural voices take ({@code mstts:express-as}; each voice has some of them). */
    public static final Set<String> STYLES = Set.of("advertisement_upbeat", "affectionate", "angry", "assistant",
            "calm", "chat", "cheerful", "customerservice", "depressed", "disgruntled", "documentary-narration",
            "embarrassed", "empathetic", "envious", "excited", "fearful", "friendly", "gentle", "hopeful", "lyrical",
            "narration-professional", "narration-relaxed", "newscast", "newscast-casual", "newscast-formal",
            "poetry-reading", "sad", "serious", "shouting", "sports_commentary", "sports_commentary_excited",
            "terrified", "unfriendly", "whispering");

    /** Accepts neural voice names ({@code zh-CN-XiaoxiaoNeural}) and Azure's style names. */
    @Override
    public void check(VoiceProfile profile) {
        if (!profile.voice().matches("[a-z]{2,3}-[A-Za-z]{2,4}(-[A-Za-z]+)?-[A-Za-z0-9]+Neural")) {
            throw new InvalidSettingException("voice", profile.voice(), "must be an Azure neural voice name such as "
                    + defaultVoice());
        }
        String style = profile.style().toLowerCase(Locale.ROOT);
        if (!style.isEmpty() && !STYLES.contains(style)) {
            throw new InvalidSettingException("style", profile.style(), "is not an Azure speaking style ("
                    + String.join(", ", new java.util.TreeSet<>(STYLES)) + ")");
        }
    }

    /** The SSML document for one line. */
    public String ssml(String text, VoiceProfile profile) {
        String voice = profile.voice().contains("Neural") ? profile.voice() : defaultVoice();
        StringBuilder b = new StringBuilder();
        b.append("<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" ")
                .append("xmlns:mstts=\"https://www.w3.org/2001/mstts\" xml:lang=\"").append(language).append("\">")
                .append("<voice name=\"").append(escape(voice)).append("\">");
        boolean styled = !profile.style().isEmpty() || !profile.role().isEmpty();
        if (styled) {
            b.append("<mstts:express-as");
            if (!profile.style().isEmpty()) {
                b.append(" style=\"").append(escape(profile.style().toLowerCase(Locale.ROOT))).append('"')
                        .append(" styledegree=\"").append(String.format(Locale.ROOT, "%.2f", profile.styleDegree()))
                        .append('"');
            }
            if (!profile.role().isEmpty()) {
                b.append(" role=\"").append(escape(profile.role())).append('"');
            }
            b.append('>');
        }
        b.append("<prosody rate=\"").append(signed(profile.ratePercent())).append("\" pitch=\"")
                .append(signed(profile.pitchPercent())).append("\">").append(escape(text)).append("</prosody>");
        if (styled) {
            b.append("</mstts:express-as>");
        }
        return b.append("</voice></speak>").toString();
    }

    @Override
    public void synthesize(String text, VoiceProfile profile, Path out) {
        synthesize(text, profile, out, new Cancellation());
    }

    @Override
    public void synthesize(String text, VoiceProfile profile, Path out, Cancellation cancellation) {
        Request request = new Request.Builder().url(endpoint)
                .header("Ocp-Apim-Subscription-Key", key)
                .header("X-Microsoft-OutputFormat", OUTPUT_FORMAT)
                .header("User-Agent", "novelkit")
                .post(RequestBody.create(ssml(text, profile), SSML))
                .build();
        http.unit("voice " + out.getFileName(), cancellation, () -> {
            AtomicFiles.writeBytes(out, http.call(request, cancellation));
            return out;
        });
    }

    private static String signed(int percent) {
        return (percent >= 0 ? "+" : "") + percent + "%";
    }

    /** Escapes the five XML special characters. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String identity() {
        return String.join(" ", name(), endpoint, language);
    }

    @Override
    public String toString() {
        return "AzureVoiceBackend[endpoint=" + endpoint + ", key=" + Secrets.mask(key) + "]";
    }
}
