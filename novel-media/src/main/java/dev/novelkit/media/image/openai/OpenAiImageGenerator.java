package dev.novelkit.media.image.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.ConfigChecks;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.internal.References;
import okhttp3.Headers;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.awt.Dimension;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Pictures from an OpenAI-compatible images API: {@code POST {base}/images/generations} with
 * {@code {model, prompt, n: 1, size: "1024x1024", response_format}}, the answer's {@code b64_json} decoded or its
 * {@code url} downloaded at once. The requested size is mapped to the nearest size the model supports (DALL-E 3:
 * 1024x1024, 1792x1024, 1024x1792; GPT image models: 1024x1024, 1536x1024, 1024x1536; DALL-E 2: squares); other
 * models (compatible servers) get the exact size. OpenAI takes no seed and no negative prompt: both are ignored.
 *
 * <p>A request with {@link ImageRequest#references() reference pictures} (character sheets) goes to
 * {@code POST {base}/images/edits} instead: multipart form data with {@code model}, {@code prompt} (led by a line
 * saying whose picture each reference is), {@code n}, {@code size} and one {@code image[]} part per reference. GPT
 * image models take up to 16 (the default {@link #maxReferences()} for {@code gpt-image-*}); DALL-E 2 edits one
 * picture with a mask rather than following references, and DALL-E 3 has no edits, so both take none here; a
 * compatible server's model takes none unless {@link Builder#maxReferences(int)} says otherwise.
 */
public final class OpenAiImageGenerator implements ImageGenerator {
    /** The default base URL, {@code https://api.openai.com/v1}. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** The default model: a GPT image model, which also takes reference pictures. */
    public static final String DEFAULT_MODEL = "gpt-image-1";
    /** How many {@code image[]} parts GPT image models take in one edit. */
    public static final int GPT_IMAGE_MAX_REFERENCES = 16;

    private final String apiKey;
    private final String baseUrl;
    private final String model;
    private final String responseFormat;
    private final String quality;
    private final String size;
    private final int maxReferences;
    private final HttpJson http;

    private OpenAiImageGenerator(Builder b) {
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        this.model = b.model;
        this.responseFormat = b.responseFormat != null ? b.responseFormat
                : model.startsWith("gpt-image") ? "" : "b64_json";
        this.quality = b.quality;
        this.size = b.size;
        this.maxReferences = b.maxReferences != null ? b.maxReferences
                : model.startsWith("gpt-image") ? GPT_IMAGE_MAX_REFERENCES : 0;
        this.http = new HttpJson("openai", b.client, b.retry, apiKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder configured from the environment: {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL} (optional,
     * default {@value #DEFAULT_BASE_URL}) and {@code OPENAI_IMAGE_MODEL} (optional). Pass {@code System.getenv()}.
     */
    public static Builder fromEnv(Map<String, String> env) {
        Builder b = builder();
        String key = env.get("OPENAI_API_KEY");
        if (key != null && !key.isBlank()) {
            b = b.apiKey(key.strip());
        }
        String base = env.get("OPENAI_BASE_URL");
        if (base != null && !base.isBlank()) {
            b = b.baseUrl(base.strip());
        }
        String model = env.get("OPENAI_IMAGE_MODEL");
        if (model != null && !model.isBlank()) {
            b = b.model(model.strip());
        }
        return b;
    }

    @Override
    public String name() {
        return "openai";
    }

    /**
     * An estimate from list prices: GPT image models $0.063 (medium quality, 1024x1536; edits also pay for the
     * reference pictures' input tokens), DALL-E 3 standard 1024x1024 $0.04; other models and servers as DALL-E 3.
     */
    @Override
    public double priceUsd() {
        return model.startsWith("gpt-image") ? 0.063 : 0.04;
    }

    @Override
    public int maxReferences() {
        return maxReferences;
    }

    @Override
    public String referenceSupport() {
        return maxReferences == 0 ? "openai: " + model + " takes no reference images (no multi-image edits)"
                : "openai: " + model + " edits with up to " + maxReferences + " reference images";
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        String wireSize = size != null ? size : wireSize(model, request.width(), request.height());
        if (!request.references().isEmpty()) {
            return edit(request, wireSize);
        }
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", model);
        body.put("prompt", request.prompt().positive());
        body.put("n", 1);
        body.put("size", wireSize);
        if (!responseFormat.isEmpty()) {
            body.put("response_format", responseFormat);
        }
        if (quality != null) {
            body.put("quality", quality);
        }
        Headers.Builder headers = new Headers.Builder();
        if (apiKey != null) {
            headers.add("Authorization", "Bearer " + apiKey);
        }
        JsonNode answer = http.postJson(baseUrl + "/images/generations", headers.build(), body);
        return write(request, wireSize, answer);
    }

    /** {@code POST /images/edits}: the prompt and one {@code image[]} part per reference picture. */
    private GeneratedImage edit(ImageRequest request, String wireSize) {
        References.checkCount(name() + " (" + model + ")", request.references(), maxReferences);
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("model", model)
                .addFormDataPart("prompt", References.legend(request.references()) + request.prompt().positive())
                .addFormDataPart("n", "1")
                .addFormDataPart("size", wireSize);
        if (!responseFormat.isEmpty()) {
            form.addFormDataPart("response_format", responseFormat);
        }
        if (quality != null) {
            form.addFormDataPart("quality", quality);
        }
        int i = 0;
        for (ReferenceImage reference : request.references()) {
            byte[] bytes = References.read(reference);
            i++;
            form.addFormDataPart("image[]", "reference-" + i + "." + References.extension(bytes),
                    RequestBody.create(bytes, okhttp3.MediaType.get(References.mediaType(bytes))));
        }
        Request.Builder call = new Request.Builder().url(baseUrl + "/images/edits").post(form.build());
        if (apiKey != null) {
            call.header("Authorization", "Bearer " + apiKey);
        }
        String url = baseUrl + "/images/edits";
        JsonNode answer = http.parse(url, http.call(call.build()));
        GeneratedImage image = write(request, wireSize, answer);
        Map<String, String> info = new LinkedHashMap<>(image.info());
        info.put("references", References.names(request.references()));
        return new GeneratedImage(image.file(), image.width(), image.height(), image.backend(), info);
    }

    private GeneratedImage write(ImageRequest request, String wireSize, JsonNode answer) {
        JsonNode first = answer.path("data").path(0);
        if (first.isMissingNode() || !first.isObject()) {
            throw BackendException.builder(name(), "answer has no image (no data[0]): "
                    + abbreviate(Secrets.redact(answer.toString(), apiKey))).build();
        }
        byte[] bytes;
        if (first.hasNonNull("b64_json")) {
            bytes = ImageFiles.decodeBase64(name(), first.get("b64_json").asText());
        } else if (first.hasNonNull("url")) {
            bytes = http.call(new Request.Builder().url(first.get("url").asText()).get().build());
        } else {
            throw BackendException.builder(name(), "data[0] has neither b64_json nor url").build();
        }
        Dimension dim = ImageFiles.writePng(name(), bytes, request.output());
        Map<String, String> info = new LinkedHashMap<>();
        info.put("model", model);
        info.put("size", wireSize);
        if (first.hasNonNull("revised_prompt")) {
            info.put("revised_prompt", first.get("revised_prompt").asText());
        }
        return new GeneratedImage(request.output(), dim.width, dim.height, name(), info);
    }

    /** The size sent for {@code model}: the nearest supported one for OpenAI's models, exact for others. */
    static String wireSize(String model, int width, int height) {
        double ratio = (double) width / height;
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("dall-e-3")) {
            return ratio > 1.2 ? "1792x1024" : ratio < 1 / 1.2 ? "1024x1792" : "1024x1024";
        }
        if (m.startsWith("gpt-image")) {
            return ratio > 1.2 ? "1536x1024" : ratio < 1 / 1.2 ? "1024x1536" : "1024x1024";
        }
        if (m.startsWith("dall-e-2")) {
            int side = Math.max(width, height);
            return side > 512 ? "1024x1024" : side > 256 ? "512x512" : "256x256";
        }
        return width + "x" + height;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @Override
    public String toString() {
        return "OpenAiImageGenerator[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }

    /** Immutable configuration of an {@link OpenAiImageGenerator}. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private String model = DEFAULT_MODEL;
        private String responseFormat;
        private String quality;
        private String size;
        private Integer maxReferences;
        private RetryPolicy retry = RetryPolicy.defaults();
        private OkHttpClient client;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.apiKey = apiKey;
            b.baseUrl = baseUrl;
            b.model = model;
            b.responseFormat = responseFormat;
            b.quality = quality;
            b.size = size;
            b.maxReferences = maxReferences;
            b.retry = retry;
            b.client = client;
            return b;
        }

        /** The API key (sent as {@code Authorization: Bearer}); may be absent for local servers. */
        public Builder apiKey(String value) {
            Builder b = copy();
            b.apiKey = value == null || value.isBlank() ? null : value.strip();
            return b;
        }

        /** The base URL including {@code /v1}, e.g. {@code http://localhost:8000/v1}. */
        public Builder baseUrl(String value) {
            Builder b = copy();
            b.baseUrl = ConfigChecks.baseUrl(value);
            return b;
        }

        /** The model, e.g. gpt-image-1 (default), dall-e-3, dall-e-2, or a compatible server's model. */
        public Builder model(String value) {
            Builder b = copy();
            b.model = ConfigChecks.nonBlank("model", value);
            return b;
        }

        /**
         * {@code b64_json} or {@code url}. Default: {@code b64_json}, except for GPT image models, which always
         * answer in base64 and reject the field (it is then not sent).
         */
        public Builder responseFormat(String value) {
            if (!"b64_json".equals(value) && !"url".equals(value)) {
                throw new InvalidInputException("responseFormat", "must be b64_json or url, was \"" + value + "\"");
            }
            Builder b = copy();
            b.responseFormat = value;
            return b;
        }

        /** The model's quality setting, sent as is (dall-e-3: standard, hd; gpt-image-1: low, medium, high). */
        public Builder quality(String value) {
            Builder b = copy();
            b.quality = value == null || value.isBlank() ? null : value.strip();
            return b;
        }

        /** A fixed wire size such as "1024x1024" instead of the one mapped from each request. */
        public Builder size(String value) {
            ImageRequest.parseSize(value);
            Builder b = copy();
            b.size = value.strip();
            return b;
        }

        /**
         * How many reference pictures one edit may carry (0..16): default 16 for {@code gpt-image-*} models, 0 for
         * the others; set it for a compatible server whose {@code /images/edits} takes several {@code image[]}.
         */
        public Builder maxReferences(int value) {
            Builder b = copy();
            b.maxReferences = Require.between("maxReferences", value, 0, GPT_IMAGE_MAX_REFERENCES);
            return b;
        }

        public Builder retry(RetryPolicy value) {
            Builder b = copy();
            b.retry = Objects.requireNonNull(value, "retry");
            return b;
        }

        /** The OkHttp client to share (default: one with media timeouts). */
        public Builder client(OkHttpClient value) {
            Builder b = copy();
            b.client = Objects.requireNonNull(value, "client");
            return b;
        }

        public OpenAiImageGenerator build() {
            Builder b = copy();
            if (b.client == null) {
                b.client = HttpJson.defaultClient();
            }
            if (b.apiKey == null && b.baseUrl.equals(DEFAULT_BASE_URL)) {
                throw new InvalidInputException("OPENAI_API_KEY", "no API key for " + DEFAULT_BASE_URL
                        + " (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server)");
            }
            return new OpenAiImageGenerator(b);
        }

        @Override
        public String toString() {
            return "OpenAiImageGenerator.Builder[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                    + Secrets.mask(apiKey) + "]";
        }
    }
}
