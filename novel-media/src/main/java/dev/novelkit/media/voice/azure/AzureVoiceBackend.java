package dev.novelkit.media.voice.azure;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
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

    private final String endpoint;
    private final String key;
    private final String language;
    private final HttpJson http;

    private AzureVoiceBackend(String endpoint, String key, String language, OkHttpClient client, RetryPolicy retry) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (key == null || key.isBlank()) {
            throw new InvalidInputException("AZURE_SPEECH_KEY", "an Azure Speech key is required");
        }
        this.key = key;
        this.language = language;
        this.http = new HttpJson("azure", client, retry, key);
    }

    /** The backend for a region ("eastasia", "chinaeast2", ...). */
    public static AzureVoiceBackend create(String region, String key) {
        if (region == null || !region.matches("[a-z0-9-]+")) {
            throw new InvalidInputException("AZURE_SPEECH_REGION", "a region such as eastasia is required, was " + region);
        }
        return endpoint("https://" + region + ".tts.speech.microsoft.com/cognitiveservices/v1", key);
    }

    /** The backend at an explicit endpoint URL (a proxy, a sovereign cloud, a test server). */
    public static AzureVoiceBackend endpoint(String url, String key) {
        return new AzureVoiceBackend(url, key, "zh-CN", HttpJson.defaultClient(), RetryPolicy.defaults());
    }

    /** From {@code AZURE_SPEECH_KEY} and {@code AZURE_SPEECH_REGION} (or {@code AZURE_SPEECH_ENDPOINT}). */
    public static AzureVoiceBackend fromEnv(Map<String, String> env) {
        String key = env.get("AZURE_SPEECH_KEY");
        String endpoint = env.get("AZURE_SPEECH_ENDPOINT");
        return endpoint != null && !endpoint.isBlank() ? endpoint(endpoint, key)
                : create(env.get("AZURE_SPEECH_REGION"), key);
    }

    public AzureVoiceBackend retryPolicy(RetryPolicy retry) {
        return new AzureVoiceBackend(endpoint, key, language, HttpJson.defaultClient(), retry);
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
        Request request = new Request.Builder().url(endpoint)
                .header("Ocp-Apim-Subscription-Key", key)
                .header("X-Microsoft-OutputFormat", OUTPUT_FORMAT)
                .header("User-Agent", "novelkit")
                .post(RequestBody.create(ssml(text, profile), SSML))
                .build();
        AtomicFiles.writeBytes(out, http.call(request));
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
    public String toString() {
        return "AzureVoiceBackend[endpoint=" + endpoint + ", key=" + Secrets.mask(key) + "]";
    }
}
