package dev.novelkit.media.image.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.HttpJson;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

import java.awt.Dimension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pictures from a Stable Diffusion WebUI (AUTOMATIC1111, Forge, SD.Next) started with {@code --api}:
 * {@code POST {base}/sdapi/v1/txt2img} with {@code {prompt, negative_prompt, width, height, steps, cfg_scale, seed,
 * sampler_name, n_iter: 1, batch_size: 1}}; the answer's {@code images[0]} (base64 PNG) is written and the seed the
 * WebUI actually used (from the {@code info} JSON string) is reported. Width and height are rounded to multiples of
 * 8 as the WebUI does. Generation is slow on a CPU: the first byte may take 10 minutes ({@link #DEFAULT_DEADLINES}).
 */
public final class SdWebUiImageGenerator implements ImageGenerator {
    /** The WebUI's default address. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7860";

    /** One picture at a time (a WebUI renders one), retried twice. */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(1).retryPolicy(RetryPolicy.defaults().maxRetries(2));
    /** Generation is slow on a CPU: the first byte may take 10 minutes, the whole answer 15. */
    public static final Deadlines DEFAULT_DEADLINES = Deadlines.DEFAULT.firstByte(Duration.ofMinutes(10))
            .total(Duration.ofMinutes(15));

    private final String baseUrl;
    private final int steps;
    private final double cfgScale;
    private final String sampler;
    private final String user;
    private final String password;
    private final String auth;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private SdWebUiImageGenerator(String baseUrl, int steps, double cfgScale, String sampler, String user,
                                  String password, RemoteLimits limits, Deadlines deadlines, OkHttpClient httpClient) {
        this.baseUrl = baseUrl;
        this.steps = steps;
        this.cfgScale = cfgScale;
        this.sampler = sampler;
        this.user = user;
        this.password = password;
        this.auth = user == null ? null : Credentials.basic(user, password, StandardCharsets.UTF_8);
        this.limits = limits;
        this.deadlines = deadlines;
        this.httpClient = httpClient;
        this.http = HttpJson.of("sdwebui", limits, deadlines, httpClient, password);
    }

    /** The WebUI at {@value #DEFAULT_BASE_URL}: 28 steps, cfg scale 7, sampler "Euler a", no authentication. */
    public static SdWebUiImageGenerator defaults() {
        return new SdWebUiImageGenerator(DEFAULT_BASE_URL, 28, 7, "Euler a", null, null, DEFAULT_LIMITS,
                DEFAULT_DEADLINES, null);
    }

    /** A generator from {@code SD_WEBUI_URL} (optional, default {@value #DEFAULT_BASE_URL}) in {@code env}. */
    public static SdWebUiImageGenerator fromEnv(Map<String, String> env) {
        String base = env.get("SD_WEBUI_URL");
        return base == null || base.isBlank() ? defaults() : defaults().baseUrl(base);
    }

    private SdWebUiImageGenerator with(String baseUrl, int steps, double cfgScale, String sampler, String user,
                                       String password, RemoteLimits limits, Deadlines deadlines,
                                       OkHttpClient httpClient) {
        return new SdWebUiImageGenerator(baseUrl, steps, cfgScale, sampler, user, password, limits, deadlines,
                httpClient);
    }

    /** The WebUI address, default {@value #DEFAULT_BASE_URL}. */
    public SdWebUiImageGenerator baseUrl(String value) {
        return with(Require.baseUrl("baseUrl", value), steps, cfgScale, sampler, user, password, limits, deadlines,
                httpClient);
    }

    /** Sampling steps 1..150 (default 28). */
    public SdWebUiImageGenerator steps(int value) {
        return with(baseUrl, Require.between("steps", value, 1, 150), cfgScale, sampler, user, password, limits,
                deadlines, httpClient);
    }

    /** Classifier-free guidance scale 1..30 (default 7). */
    public SdWebUiImageGenerator cfgScale(double value) {
        return with(baseUrl, steps, Require.between("cfgScale", value, 1, 30), sampler, user, password, limits,
                deadlines, httpClient);
    }

    /** The sampler name as the WebUI lists it (default "Euler a"; e.g. "DPM++ 2M Karras"). */
    public SdWebUiImageGenerator sampler(String value) {
        return with(baseUrl, steps, cfgScale, Require.nonBlank("sampler", value), user, password, limits, deadlines,
                httpClient);
    }

    /** HTTP basic credentials for a WebUI started with {@code --api-auth user:password}. */
    public SdWebUiImageGenerator basicAuth(String user, String password) {
        Require.nonNull("user", user);
        if (password == null) {
            throw new InvalidInputException("password", "must be set");
        }
        return with(baseUrl, steps, cfgScale, sampler, user, password, limits, deadlines, httpClient);
    }

    /** Pictures in flight at once, retries, throttling (default {@link #DEFAULT_LIMITS}). */
    public SdWebUiImageGenerator limits(RemoteLimits value) {
        return with(baseUrl, steps, cfgScale, sampler, user, password, Require.nonNull("limits", value), deadlines,
                httpClient);
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public SdWebUiImageGenerator retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /** Connect, first-byte and total deadline of each request (default {@link #DEFAULT_DEADLINES}). */
    public SdWebUiImageGenerator deadlines(Deadlines value) {
        return with(baseUrl, steps, cfgScale, sampler, user, password, limits, Require.nonNull("deadlines", value),
                httpClient);
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public SdWebUiImageGenerator httpClient(OkHttpClient value) {
        return with(baseUrl, steps, cfgScale, sampler, user, password, limits, deadlines,
                Require.nonNull("httpClient", value));
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(http.service());
    }

    @Override
    public String name() {
        return "sdwebui";
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        return generate(request, new Cancellation());
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Cancellation cancellation) {
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("prompt", request.prompt().positive());
        body.put("negative_prompt", request.prompt().negative());
        body.put("width", round8(request.width()));
        body.put("height", round8(request.height()));
        body.put("steps", steps);
        body.put("cfg_scale", cfgScale);
        body.put("seed", request.seed() == null ? -1 : request.seed());
        body.put("sampler_name", sampler);
        body.put("n_iter", 1);
        body.put("batch_size", 1);
        Headers.Builder headers = new Headers.Builder();
        if (auth != null) {
            headers.add("Authorization", auth);
        }
        JsonNode answer = http.unit("picture " + request.output().getFileName(), cancellation,
                () -> http.postJson(baseUrl + "/sdapi/v1/txt2img", headers.build(), body, cancellation));
        JsonNode image = answer.path("images").path(0);
        if (!image.isTextual() || image.asText().isBlank()) {
            throw BackendException.builder(name(), "answer has no image (images[0] missing)").build();
        }
        byte[] bytes = ImageFiles.decodeBase64(name(), image.asText());
        Dimension dim = ImageFiles.writePng(name(), bytes, request.output());
        Map<String, String> info = new LinkedHashMap<>();
        info.put("sampler", sampler);
        info.put("steps", String.valueOf(steps));
        JsonNode details = parseInfo(answer.path("info"));
        if (details.has("seed")) {
            info.put("seed", details.get("seed").asText());
        }
        if (details.hasNonNull("sd_model_name")) {
            info.put("model", details.get("sd_model_name").asText());
        }
        return new GeneratedImage(request.output(), dim.width, dim.height, name(), info);
    }

    /** The WebUI sends {@code info} as a JSON string inside the JSON; anything unreadable gives an empty object. */
    private static JsonNode parseInfo(JsonNode info) {
        try {
            if (info.isTextual()) {
                return HttpJson.mapper().readTree(info.asText());
            }
        } catch (IOException e) {
            // the seed is only informational
        }
        return info.isObject() ? info : HttpJson.mapper().createObjectNode();
    }

    private static int round8(int side) {
        return Math.max(64, (side + 4) / 8 * 8);
    }

    @Override
    public String toString() {
        return "SdWebUiImageGenerator[baseUrl=" + baseUrl + ", sampler=" + sampler + ", steps=" + steps
                + ", auth=" + (auth == null ? "(none)" : "****") + "]";
    }

}
