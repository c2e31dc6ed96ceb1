package dev.novelkit.media.image.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.ConfigChecks;
import dev.novelkit.media.internal.HttpJson;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;

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
 */
public final class OpenAiImageGenerator implements ImageGenerator {
    /** The default base URL, {@code https://api.openai.com/v1}. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** The default model. */
    public static final String DEFAULT_MODEL = "dall-e-3";

    private final String apiKey;
    private final String baseUrl;
    private final String model;
    private final String responseFormat;
    private final String quality;
    private final String size;
    private final HttpJson http;

    private OpenAiImageGenerator(Builder b) {
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        this.model = b.model;
        this.responseFormat = b.responseFormat != null ? b.responseFormat
                : model.startsWith("gpt-image") ? "" : "b64_json";
        this.quality = b.quality;
        this.size = b.size;
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

    /** DALL-E 3 standard 1024x1024 list price, $0.04; other models and servers are priced the same as an estimate. */
    @Override
    public double priceUsd() {
        return 0.04;
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        String wireSize = size != null ? size : wireSize(model, request.width(), request.height());
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

        /** The model, e.g. dall-e-3 (default), dall-e-2, gpt-image-1, or a compatible server's model. */
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
