package dev.novelkit.media.image.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.HttpJson;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.awt.Dimension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /** 4 pictures in flight at once (OpenAI's image rate limits are low; a 429 is waited out). */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(4);

    private final String apiKey;
    private final String baseUrl;
    private final String model;
    private final String responseFormat;
    private final String quality;
    private final String size;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private OpenAiImageGenerator(String apiKey, String baseUrl, String model, String responseFormat, String quality,
                                 String size, RemoteLimits limits, Deadlines deadlines, OkHttpClient httpClient) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.model = model;
        this.responseFormat = responseFormat;
        this.quality = quality;
        this.size = size;
        this.limits = limits;
        this.deadlines = deadlines;
        this.httpClient = httpClient;
        this.http = HttpJson.of("openai-images", limits, deadlines, httpClient, apiKey);
    }

    /**
     * {@value #DEFAULT_MODEL} at {@value #DEFAULT_BASE_URL}, without a key (set {@link #apiKey}, or a
     * {@link #baseUrl} of a local server that needs none), {@link #DEFAULT_LIMITS}, {@link Deadlines#DEFAULT}.
     */
    public static OpenAiImageGenerator defaults() {
        return new OpenAiImageGenerator(null, DEFAULT_BASE_URL, DEFAULT_MODEL, null, null, null, DEFAULT_LIMITS,
                Deadlines.DEFAULT, null);
    }

    /**
     * A generator configured from the environment: {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL} (optional,
     * default {@value #DEFAULT_BASE_URL}) and {@code OPENAI_IMAGE_MODEL} (optional). Pass {@code System.getenv()}.
     * No key for OpenAI's own endpoint is an error naming {@code OPENAI_API_KEY}.
     */
    public static OpenAiImageGenerator fromEnv(Map<String, String> env) {
        OpenAiImageGenerator g = defaults();
        String key = env.get("OPENAI_API_KEY");
        if (key != null && !key.isBlank()) {
            g = g.apiKey(key);
        }
        String base = env.get("OPENAI_BASE_URL");
        if (base != null && !base.isBlank()) {
            g = g.baseUrl(base);
        }
        String model = env.get("OPENAI_IMAGE_MODEL");
        if (model != null && !model.isBlank()) {
            g = g.model(model);
        }
        g.checkKey();
        return g;
    }

    private OpenAiImageGenerator with(String apiKey, String baseUrl, String model, String responseFormat,
                                      String quality, String size, RemoteLimits limits, Deadlines deadlines,
                                      OkHttpClient httpClient) {
        return new OpenAiImageGenerator(apiKey, baseUrl, model, responseFormat, quality, size, limits, deadlines,
                httpClient);
    }

    /** The API key (sent as {@code Authorization: Bearer}); null or blank: none (local servers). */
    public OpenAiImageGenerator apiKey(String value) {
        return with(value == null || value.isBlank() ? null : value.strip(), baseUrl, model, responseFormat, quality,
                size, limits, deadlines, httpClient);
    }

    /** The base URL including {@code /v1}, e.g. {@code http://localhost:8000/v1}. */
    public OpenAiImageGenerator baseUrl(String value) {
        return with(apiKey, Require.baseUrl("baseUrl", value), model, responseFormat, quality, size, limits,
                deadlines, httpClient);
    }

    /** The model, e.g. dall-e-3 (default), dall-e-2, gpt-image-1, or a compatible server's model. */
    public OpenAiImageGenerator model(String value) {
        return with(apiKey, baseUrl, Require.nonBlank("model", value), responseFormat, quality, size, limits,
                deadlines, httpClient);
    }

    /**
     * {@code b64_json} or {@code url}. Default: {@code b64_json}, except for GPT image models, which always answer
     * in base64 and reject the field (it is then not sent).
     */
    public OpenAiImageGenerator responseFormat(String value) {
        return with(apiKey, baseUrl, model, Require.oneOf("responseFormat", value, List.of("b64_json", "url")),
                quality, size, limits, deadlines, httpClient);
    }

    /** The model's quality setting, sent as is (dall-e-3: standard, hd; gpt-image-1: low, medium, high). */
    public OpenAiImageGenerator quality(String value) {
        return with(apiKey, baseUrl, model, responseFormat, value == null || value.isBlank() ? null : value.strip(),
                size, limits, deadlines, httpClient);
    }

    /** A fixed wire size such as "1024x1024" instead of the one mapped from each request. */
    public OpenAiImageGenerator size(String value) {
        ImageRequest.parseSize(value);
        return with(apiKey, baseUrl, model, responseFormat, quality, value.strip(), limits, deadlines, httpClient);
    }

    /** Pictures in flight at once, retries, throttling (default {@link #DEFAULT_LIMITS}). */
    public OpenAiImageGenerator limits(RemoteLimits value) {
        return with(apiKey, baseUrl, model, responseFormat, quality, size, Require.nonNull("limits", value),
                deadlines, httpClient);
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public OpenAiImageGenerator retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /** Connect, first-byte and total deadline of each request (default {@link Deadlines#DEFAULT}). */
    public OpenAiImageGenerator deadlines(Deadlines value) {
        return with(apiKey, baseUrl, model, responseFormat, quality, size, limits, Require.nonNull("deadlines", value),
                httpClient);
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public OpenAiImageGenerator httpClient(OkHttpClient value) {
        return with(apiKey, baseUrl, model, responseFormat, quality, size, limits, deadlines,
                Require.nonNull("httpClient", value));
    }

    private void checkKey() {
        if (apiKey == null && baseUrl.equals(DEFAULT_BASE_URL)) {
            throw new InvalidInputException("OPENAI_API_KEY", "no API key for " + DEFAULT_BASE_URL
                    + " (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server)");
        }
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
    public Optional<RemoteService> remoteService() {
        return Optional.of(http.service());
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        return generate(request, new Cancellation());
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Cancellation cancellation) {
        checkKey();
        String format = responseFormat != null ? responseFormat : model.startsWith("gpt-image") ? "" : "b64_json";
        String wireSize = size != null ? size : wireSize(model, request.width(), request.height());
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", model);
        body.put("prompt", request.prompt().positive());
        body.put("n", 1);
        body.put("size", wireSize);
        if (!format.isEmpty()) {
            body.put("response_format", format);
        }
        if (quality != null) {
            body.put("quality", quality);
        }
        Headers.Builder headers = new Headers.Builder();
        if (apiKey != null) {
            headers.add("Authorization", "Bearer " + apiKey);
        }
        return http.unit("picture " + request.output().getFileName(), cancellation, () -> {
            JsonNode answer = http.postJson(baseUrl + "/images/generations", headers.build(), body, cancellation);
            JsonNode first = answer.path("data").path(0);
            if (first.isMissingNode() || !first.isObject()) {
                throw BackendException.builder(name(), "answer has no image (no data[0]): "
                        + abbreviate(http.redact(answer.toString()))).build();
            }
            byte[] bytes;
            if (first.hasNonNull("b64_json")) {
                bytes = ImageFiles.decodeBase64(name(), first.get("b64_json").asText());
            } else if (first.hasNonNull("url")) {
                bytes = http.call(new Request.Builder().url(first.get("url").asText()).get().build(), cancellation);
            } else {
                throw BackendException.builder(name(), "data[0] has neither b64_json nor url").build();
            }
            Dimension dim = ImageFiles.writePng(name(), bytes, request.output());
            Map<String, String> info = new LinkedHashMap<>();
            info.put("model", model);
            info.put("size", wireSize);
            if (first.hasNonNull("revised_prompt")) {
                info.put("revised_prompt", http.redact(first.get("revised_prompt").asText()));
            }
            return new GeneratedImage(request.output(), dim.width, dim.height, name(), info);
        });
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

}
