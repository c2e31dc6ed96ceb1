package dev.novelkit.media.image.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.References;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pictures from a Stable Diffusion WebUI (AUTOMATIC1111, Forge, SD.Next) started with {@code --api}:
 * {@code POST {base}/sdapi/v1/txt2img} with {@code {prompt, negative_prompt, width, height, steps, cfg_scale, seed,
 * sampler_name, n_iter: 1, batch_size: 1}}; the answer's {@code images[0]} (base64 PNG) is written and the seed the
 * WebUI actually used (from the {@code info} JSON string) is reported. Width and height are rounded to multiples of
 * 8 as the WebUI does. Generation is slow on a CPU: the first byte may take 10 minutes ({@link #DEFAULT_DEADLINES}).
 *
 * <p>A request with {@link ImageRequest#references() reference pictures} (character sheets) adds one IP-Adapter
 * unit per picture through the ControlNet extension: {@code alwayson_scripts: {controlnet: {args: [{enabled, image,
 * module: "ip-adapter_clip_sd15", model: "ip-adapter_sd15", weight, resize_mode, control_mode}]}}} (as many as
 * the extension's unit count, 3 by default). When the WebUI answers that the {@code controlnet} script is not
 * found (the extension is not installed), the picture is made with {@code POST /sdapi/v1/img2img} from the first
 * reference instead ({@code init_images}, {@code denoising_strength}), and every later request goes there at once;
 * {@link #referenceSupport()} and the picture's info say so.
 */
public final class SdWebUiImageGenerator implements ImageGenerator {
    /** The WebUI's default address. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7860";
    /** One picture at a time (a WebUI renders one), retried twice. */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(1).retryPolicy(RetryPolicy.defaults().maxRetries(2));
    /** Generation is slow on a CPU: the first byte may take 10 minutes, the whole answer 15. */
    public static final Deadlines DEFAULT_DEADLINES = Deadlines.DEFAULT.firstByte(Duration.ofMinutes(10))
            .total(Duration.ofMinutes(15));

    /** Every setting, so that each setter changes one field. */
    private record Config(String baseUrl, int steps, double cfgScale, String sampler, String user, String password,
                          String ipAdapterModule, String ipAdapterModel, double ipAdapterWeight, int maxReferences,
                          double denoisingStrength, RemoteLimits limits, Deadlines deadlines,
                          OkHttpClient httpClient) {
        @Override
        public String toString() {
            return "Config[" + baseUrl + "]"; // never the password
        }
    }

    private final Config c;
    private final String auth;
    private final AtomicBoolean noControlNet = new AtomicBoolean();
    private final HttpJson http;

    private SdWebUiImageGenerator(Config c) {
        this.c = c;
        this.auth = c.user() == null ? null : Credentials.basic(c.user(), c.password(), StandardCharsets.UTF_8);
        this.http = HttpJson.of("sdwebui", c.limits(), c.deadlines(), c.httpClient(), c.password());
    }

    /** The WebUI at {@value #DEFAULT_BASE_URL}: 28 steps, cfg scale 7, sampler "Euler a", no authentication. */
    public static SdWebUiImageGenerator defaults() {
        return new SdWebUiImageGenerator(new Config(DEFAULT_BASE_URL, 28, 7, "Euler a", null, null,
                "ip-adapter_clip_sd15", "ip-adapter_sd15", 0.8, 3, 0.75, DEFAULT_LIMITS, DEFAULT_DEADLINES, null));
    }

    /** A generator from {@code SD_WEBUI_URL} (optional, default {@value #DEFAULT_BASE_URL}) in {@code env}. */
    public static SdWebUiImageGenerator fromEnv(Map<String, String> env) {
        String base = env.get("SD_WEBUI_URL");
        return base == null || base.isBlank() ? defaults() : defaults().baseUrl(base);
    }

    /** The WebUI address, default {@value #DEFAULT_BASE_URL}. */
    public SdWebUiImageGenerator baseUrl(String value) {
        return new SdWebUiImageGenerator(new Config(Require.baseUrl("baseUrl", value), c.steps(), c.cfgScale(),
                c.sampler(), c.user(), c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(),
                c.maxReferences(), c.denoisingStrength(), c.limits(), c.deadlines(), c.httpClient()));
    }

    /** Sampling steps 1..150 (default 28). */
    public SdWebUiImageGenerator steps(int value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), Require.between("steps", value, 1, 150), c.cfgScale(),
                c.sampler(), c.user(), c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(),
                c.maxReferences(), c.denoisingStrength(), c.limits(), c.deadlines(), c.httpClient()));
    }

    /** Classifier-free guidance scale 1..30 (default 7). */
    public SdWebUiImageGenerator cfgScale(double value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), Require.between("cfgScale", value, 1, 30),
                c.sampler(), c.user(), c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(),
                c.maxReferences(), c.denoisingStrength(), c.limits(), c.deadlines(), c.httpClient()));
    }

    /** The sampler name as the WebUI lists it (default "Euler a"; e.g. "DPM++ 2M Karras"). */
    public SdWebUiImageGenerator sampler(String value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(),
                Require.nonBlank("sampler", value), c.user(), c.password(), c.ipAdapterModule(), c.ipAdapterModel(),
                c.ipAdapterWeight(), c.maxReferences(), c.denoisingStrength(), c.limits(), c.deadlines(),
                c.httpClient()));
    }

    /** HTTP basic credentials for a WebUI started with {@code --api-auth user:password}. */
    public SdWebUiImageGenerator basicAuth(String user, String password) {
        Require.nonNull("user", user);
        Require.nonNull("password", password);
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), user, password,
                c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(), c.maxReferences(),
                c.denoisingStrength(), c.limits(), c.deadlines(), c.httpClient()));
    }

    /**
     * The IP-Adapter preprocessor and model as the ControlNet extension lists them ({@code GET
     * /controlnet/module_list}, {@code /controlnet/model_list}); default {@code ip-adapter_clip_sd15} with
     * {@code ip-adapter_sd15} (SDXL: {@code ip-adapter_clip_sdxl} with an SDXL IP-Adapter model).
     */
    public SdWebUiImageGenerator ipAdapter(String module, String model) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), Require.nonBlank("ipAdapter module", module), Require.nonBlank("ipAdapter model", model),
                c.ipAdapterWeight(), c.maxReferences(), c.denoisingStrength(), c.limits(), c.deadlines(),
                c.httpClient()));
    }

    /** How strongly each reference steers the picture, 0..2 (default 0.8). */
    public SdWebUiImageGenerator ipAdapterWeight(double value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), c.ipAdapterModule(), c.ipAdapterModel(), Require.between("ipAdapterWeight", value, 0, 2),
                c.maxReferences(), c.denoisingStrength(), c.limits(), c.deadlines(), c.httpClient()));
    }

    /** How many ControlNet units the WebUI has for references, 1..10 (default 3, the extension's default). */
    public SdWebUiImageGenerator maxReferences(int value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(),
                Require.between("maxReferences", value, 1, 10), c.denoisingStrength(), c.limits(), c.deadlines(),
                c.httpClient()));
    }

    /** How far img2img may move from the reference when ControlNet is missing, 0..1 (default 0.75). */
    public SdWebUiImageGenerator denoisingStrength(double value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(), c.maxReferences(),
                Require.between("denoisingStrength", value, 0, 1), c.limits(), c.deadlines(), c.httpClient()));
    }

    /** Pictures in flight at once, retries, throttling (default {@link #DEFAULT_LIMITS}). */
    public SdWebUiImageGenerator limits(RemoteLimits value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(), c.maxReferences(),
                c.denoisingStrength(), Require.nonNull("limits", value), c.deadlines(), c.httpClient()));
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public SdWebUiImageGenerator retryPolicy(RetryPolicy value) {
        return limits(c.limits().retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /** Connect, first-byte and total deadline of each request (default {@link #DEFAULT_DEADLINES}). */
    public SdWebUiImageGenerator deadlines(Deadlines value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(), c.maxReferences(),
                c.denoisingStrength(), c.limits(), Require.nonNull("deadlines", value), c.httpClient()));
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public SdWebUiImageGenerator httpClient(OkHttpClient value) {
        return new SdWebUiImageGenerator(new Config(c.baseUrl(), c.steps(), c.cfgScale(), c.sampler(), c.user(),
                c.password(), c.ipAdapterModule(), c.ipAdapterModel(), c.ipAdapterWeight(), c.maxReferences(),
                c.denoisingStrength(), c.limits(), c.deadlines(), Require.nonNull("httpClient", value)));
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
    public int maxReferences() {
        return c.maxReferences();
    }

    @Override
    public String referenceSupport() {
        return noControlNet.get()
                ? "sdwebui: the ControlNet extension is not installed: img2img from the first reference instead"
                : "sdwebui: IP-Adapter (" + c.ipAdapterModule() + ", " + c.ipAdapterModel() + ") through ControlNet, "
                + "up to " + c.maxReferences() + " reference images; img2img when ControlNet is missing";
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        return generate(request, new Cancellation());
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Cancellation cancellation) {
        return http.unit("picture " + request.output().getFileName(), cancellation, () -> make(request, cancellation));
    }

    private GeneratedImage make(ImageRequest request, Cancellation cancellation) {
        ObjectNode body = body(request);
        Headers headers = headers();
        String base = c.baseUrl();
        if (request.references().isEmpty()) {
            return write(request, http.postJson(base + "/sdapi/v1/txt2img", headers, body, cancellation), Map.of());
        }
        References.checkCount(name(), request.references(), c.maxReferences());
        if (!noControlNet.get()) {
            ObjectNode withUnits = body.deepCopy();
            ArrayNode units = withUnits.putObject("alwayson_scripts").putObject("controlnet").putArray("args");
            for (ReferenceImage reference : request.references()) {
                ObjectNode unit = units.addObject();
                unit.put("enabled", true);
                unit.put("image", References.base64(References.read(reference)));
                unit.put("module", c.ipAdapterModule());
                unit.put("model", c.ipAdapterModel());
                unit.put("weight", c.ipAdapterWeight());
                unit.put("resize_mode", "Crop and Resize");
                unit.put("control_mode", "Balanced");
            }
            try {
                return write(request, http.postJson(base + "/sdapi/v1/txt2img", headers, withUnits, cancellation),
                        Map.of("references", References.names(request.references()) + " (IP-Adapter)"));
            } catch (BackendException e) {
                if (!isMissingControlNet(e)) {
                    throw e;
                }
                noControlNet.set(true);
            }
        }
        ReferenceImage first = request.references().get(0);
        ObjectNode img2img = body.deepCopy();
        img2img.putArray("init_images").add(References.base64(References.read(first)));
        img2img.put("denoising_strength", c.denoisingStrength());
        return write(request, http.postJson(base + "/sdapi/v1/img2img", headers, img2img, cancellation),
                Map.of("references", first.label() + " (img2img: ControlNet extension not installed)"));
    }

    /** The WebUI's answer when an {@code alwayson_scripts} entry names a script it does not have. */
    static boolean isMissingControlNet(BackendException e) {
        String m = e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return e.httpStatus().orElse(0) == 422 && m.contains("controlnet") && m.contains("not found");
    }

    private ObjectNode body(ImageRequest request) {
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("prompt", request.prompt().positive());
        body.put("negative_prompt", request.prompt().negative());
        body.put("width", round8(request.width()));
        body.put("height", round8(request.height()));
        body.put("steps", c.steps());
        body.put("cfg_scale", c.cfgScale());
        body.put("seed", request.seed() == null ? -1 : request.seed());
        body.put("sampler_name", c.sampler());
        body.put("n_iter", 1);
        body.put("batch_size", 1);
        return body;
    }

    private Headers headers() {
        Headers.Builder headers = new Headers.Builder();
        if (auth != null) {
            headers.add("Authorization", auth);
        }
        return headers.build();
    }

    private GeneratedImage write(ImageRequest request, JsonNode answer, Map<String, String> extra) {
        JsonNode image = answer.path("images").path(0);
        if (!image.isTextual() || image.asText().isBlank()) {
            throw BackendException.builder(name(), "answer has no image (images[0] missing)").build();
        }
        byte[] bytes = ImageFiles.decodeBase64(name(), image.asText());
        Dimension dim = ImageFiles.writePng(name(), bytes, request.output());
        Map<String, String> info = new LinkedHashMap<>();
        info.put("sampler", c.sampler());
        info.put("steps", String.valueOf(c.steps()));
        JsonNode details = parseInfo(answer.path("info"));
        if (details.has("seed")) {
            info.put("seed", details.get("seed").asText());
        }
        if (details.hasNonNull("sd_model_name")) {
            info.put("model", http.redact(details.get("sd_model_name").asText()));
        }
        info.putAll(extra);
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
    public String identity() {
        return String.join(" ", name(), c.baseUrl(), String.valueOf(c.steps()), String.valueOf(c.cfgScale()), c.sampler(),
                c.ipAdapterModule(), c.ipAdapterModel(), String.valueOf(c.ipAdapterWeight()), String.valueOf(c.denoisingStrength()));
    }

    @Override
    public String toString() {
        return "SdWebUiImageGenerator[baseUrl=" + c.baseUrl() + ", sampler=" + c.sampler() + ", steps=" + c.steps()
                + ", auth=" + (auth == null ? "(none)" : "****") + "]";
    }
}
