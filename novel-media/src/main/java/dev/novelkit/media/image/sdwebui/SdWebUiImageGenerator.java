package dev.novelkit.media.image.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.ConfigChecks;
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
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pictures from a Stable Diffusion WebUI (AUTOMATIC1111, Forge, SD.Next) started with {@code --api}:
 * {@code POST {base}/sdapi/v1/txt2img} with {@code {prompt, negative_prompt, width, height, steps, cfg_scale, seed,
 * sampler_name, n_iter: 1, batch_size: 1}}; the answer's {@code images[0]} (base64 PNG) is written and the seed the
 * WebUI actually used (from the {@code info} JSON string) is reported. Width and height are rounded to multiples of
 * 8 as the WebUI does. Generation is slow on a CPU: the read timeout is 10 minutes.
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

    private final String baseUrl;
    private final int steps;
    private final double cfgScale;
    private final String sampler;
    private final String auth;
    private final String ipAdapterModule;
    private final String ipAdapterModel;
    private final double ipAdapterWeight;
    private final int maxReferences;
    private final double denoisingStrength;
    private final AtomicBoolean noControlNet = new AtomicBoolean();
    private final HttpJson http;

    private SdWebUiImageGenerator(Builder b) {
        this.baseUrl = b.baseUrl;
        this.steps = b.steps;
        this.cfgScale = b.cfgScale;
        this.sampler = b.sampler;
        this.auth = b.user == null ? null : Credentials.basic(b.user, b.password, StandardCharsets.UTF_8);
        this.ipAdapterModule = b.ipAdapterModule;
        this.ipAdapterModel = b.ipAdapterModel;
        this.ipAdapterWeight = b.ipAdapterWeight;
        this.maxReferences = b.maxReferences;
        this.denoisingStrength = b.denoisingStrength;
        this.http = new HttpJson("sdwebui", b.client, b.retry, b.password);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder from {@code SD_WEBUI_URL} (optional, default {@value #DEFAULT_BASE_URL}) in {@code env}. */
    public static Builder fromEnv(Map<String, String> env) {
        String base = env.get("SD_WEBUI_URL");
        return base == null || base.isBlank() ? builder() : builder().baseUrl(base);
    }

    @Override
    public String name() {
        return "sdwebui";
    }

    @Override
    public int maxReferences() {
        return maxReferences;
    }

    @Override
    public String referenceSupport() {
        return noControlNet.get()
                ? "sdwebui: the ControlNet extension is not installed: img2img from the first reference instead"
                : "sdwebui: IP-Adapter (" + ipAdapterModule + ", " + ipAdapterModel + ") through ControlNet, up to "
                + maxReferences + " reference images; img2img when ControlNet is missing";
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        ObjectNode body = body(request);
        Headers headers = headers();
        if (request.references().isEmpty()) {
            return write(request, http.postJson(baseUrl + "/sdapi/v1/txt2img", headers, body), Map.of());
        }
        References.checkCount(name(), request.references(), maxReferences);
        if (!noControlNet.get()) {
            ObjectNode withUnits = body.deepCopy();
            ArrayNode units = withUnits.putObject("alwayson_scripts").putObject("controlnet").putArray("args");
            for (ReferenceImage reference : request.references()) {
                ObjectNode unit = units.addObject();
                unit.put("enabled", true);
                unit.put("image", References.base64(References.read(reference)));
                unit.put("module", ipAdapterModule);
                unit.put("model", ipAdapterModel);
                unit.put("weight", ipAdapterWeight);
                unit.put("resize_mode", "Crop and Resize");
                unit.put("control_mode", "Balanced");
            }
            try {
                return write(request, http.postJson(baseUrl + "/sdapi/v1/txt2img", headers, withUnits),
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
        img2img.put("denoising_strength", denoisingStrength);
        return write(request, http.postJson(baseUrl + "/sdapi/v1/img2img", headers, img2img),
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
        body.put("steps", steps);
        body.put("cfg_scale", cfgScale);
        body.put("seed", request.seed() == null ? -1 : request.seed());
        body.put("sampler_name", sampler);
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
        info.put("sampler", sampler);
        info.put("steps", String.valueOf(steps));
        JsonNode details = parseInfo(answer.path("info"));
        if (details.has("seed")) {
            info.put("seed", details.get("seed").asText());
        }
        if (details.hasNonNull("sd_model_name")) {
            info.put("model", details.get("sd_model_name").asText());
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
    public String toString() {
        return "SdWebUiImageGenerator[baseUrl=" + baseUrl + ", sampler=" + sampler + ", steps=" + steps
                + ", auth=" + (auth == null ? "(none)" : "****") + "]";
    }

    /** Immutable configuration of an {@link SdWebUiImageGenerator}. */
    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private int steps = 28;
        private double cfgScale = 7;
        private String sampler = "Euler a";
        private String user;
        private String password;
        private String ipAdapterModule = "ip-adapter_clip_sd15";
        private String ipAdapterModel = "ip-adapter_sd15";
        private double ipAdapterWeight = 0.8;
        private int maxReferences = 3;
        private double denoisingStrength = 0.75;
        private RetryPolicy retry = RetryPolicy.defaults().maxRetries(2);
        private OkHttpClient client;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.baseUrl = baseUrl;
            b.steps = steps;
            b.cfgScale = cfgScale;
            b.sampler = sampler;
            b.user = user;
            b.password = password;
            b.ipAdapterModule = ipAdapterModule;
            b.ipAdapterModel = ipAdapterModel;
            b.ipAdapterWeight = ipAdapterWeight;
            b.maxReferences = maxReferences;
            b.denoisingStrength = denoisingStrength;
            b.retry = retry;
            b.client = client;
            return b;
        }

        /** The WebUI address, default {@value SdWebUiImageGenerator#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String value) {
            Builder b = copy();
            b.baseUrl = ConfigChecks.baseUrl(value);
            return b;
        }

        /** Sampling steps 1..150 (default 28). */
        public Builder steps(int value) {
            if (value < 1 || value > 150) {
                throw new InvalidInputException("steps", "must be between 1 and 150, was " + value);
            }
            Builder b = copy();
            b.steps = value;
            return b;
        }

        /** Classifier-free guidance scale 1..30 (default 7). */
        public Builder cfgScale(double value) {
            if (!(value >= 1 && value <= 30)) {
                throw new InvalidInputException("cfg_scale", "must be between 1 and 30, was " + value);
            }
            Builder b = copy();
            b.cfgScale = value;
            return b;
        }

        /** The sampler name as the WebUI lists it (default "Euler a"; e.g. "DPM++ 2M Karras"). */
        public Builder sampler(String value) {
            Builder b = copy();
            b.sampler = ConfigChecks.nonBlank("sampler_name", value);
            return b;
        }

        /** HTTP basic credentials for a WebUI started with {@code --api-auth user:password}. */
        public Builder basicAuth(String user, String password) {
            Builder b = copy();
            b.user = Objects.requireNonNull(user, "user");
            b.password = Objects.requireNonNull(password, "password");
            return b;
        }

        /**
         * The IP-Adapter preprocessor and model as the ControlNet extension lists them ({@code GET
         * /controlnet/module_list}, {@code /controlnet/model_list}); default {@code ip-adapter_clip_sd15} with
         * {@code ip-adapter_sd15} (SDXL: {@code ip-adapter_clip_sdxl} with an SDXL IP-Adapter model).
         */
        public Builder ipAdapter(String module, String model) {
            Builder b = copy();
            b.ipAdapterModule = Require.nonBlank("ipAdapter module", module);
            b.ipAdapterModel = Require.nonBlank("ipAdapter model", model);
            return b;
        }

        /** How strongly each reference steers the picture, 0..2 (default 0.8). */
        public Builder ipAdapterWeight(double value) {
            Builder b = copy();
            b.ipAdapterWeight = Require.between("ipAdapterWeight", value, 0, 2);
            return b;
        }

        /** How many ControlNet units the WebUI has for references, 1..10 (default 3, the extension's default). */
        public Builder maxReferences(int value) {
            Builder b = copy();
            b.maxReferences = Require.between("maxReferences", value, 1, 10);
            return b;
        }

        /** How far img2img may move from the reference when ControlNet is missing, 0..1 (default 0.75). */
        public Builder denoisingStrength(double value) {
            Builder b = copy();
            b.denoisingStrength = Require.between("denoisingStrength", value, 0, 1);
            return b;
        }

        public Builder retry(RetryPolicy value) {
            Builder b = copy();
            b.retry = Objects.requireNonNull(value, "retry");
            return b;
        }

        public Builder client(OkHttpClient value) {
            Builder b = copy();
            b.client = Objects.requireNonNull(value, "client");
            return b;
        }

        public SdWebUiImageGenerator build() {
            Builder b = copy();
            if (b.client == null) {
                b.client = HttpJson.defaultClient().newBuilder().readTimeout(Duration.ofMinutes(10)).build();
            }
            return new SdWebUiImageGenerator(b);
        }

        @Override
        public String toString() {
            return "SdWebUiImageGenerator.Builder[baseUrl=" + baseUrl + ", auth=" + Secrets.mask(password) + "]";
        }
    }
}
