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
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.References;
import okhttp3.Headers;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

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
 *
 * <p>A request with {@link ImageRequest#references() reference pictures} (character sheets) goes to
 * {@code POST {base}/images/edits} instead: multipart form data with {@code model}, {@code prompt} (led by a line
 * saying whose picture each reference is), {@code n}, {@code size} and one {@code image[]} part per reference. GPT
 * image models take up to 16 (the default {@link #maxReferences()} for {@code gpt-image-*}); DALL-E 2 edits one
 * picture with a mask rather than following references, and DALL-E 3 has no edits, so both take none here; a
 * compatible server's model takes none unless {@link #maxReferences(int)} says otherwise.
 */
public final class OpenAiImageGenerator implements ImageGenerator {
    /** The default base URL, {@code https://api.openai.com/v1}. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** The default model: a GPT image model, which also takes reference pictures. */
    public static final String DEFAULT_MODEL = "gpt-image-1";
    /** How many {@code image[]} parts GPT image models take in one edit. */
    public static final int GPT_IMAGE_MAX_REFERENCES = 16;

    /** 4 pictures in flight at once (OpenAI's image rate limits are low; a 429 is waited out). */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(4);

    private final String apiKey;
    private final String baseUrl;
    private final String model;
    private final String responseFormat;
    private final String quality;
    private final String size;
    private final Integer maxReferences;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private OpenAiImageGenerator(String apiKey, String baseUrl, String model, String responseFormat, String quality,
                                 String size, Integer maxReferences, RemoteLimits limits, Deadlines deadlines,
                                 OkHttpClient httpClient) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.model = model;
        this.responseFormat = responseFormat;
        this.quality = quality;
        this.size = size;
        this.maxReferences = maxReferences;
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
        return new OpenAiImageGenerator(null, DEFAULT_BASE_URL, DEFAULT_MODEL, null, null, null, null, DEFAULT_LIMITS,
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
        return new OpenAiImageGenerator(apiKey, baseUrl, model, responseFormat, quality, size, maxReferences, limits,
                deadlines, httpClient);
    }

    /**
     * How many reference pictures one edit may carry (0..16): default 16 for {@code gpt-image-*} models, 0 for the
     * others; set it for a compatible server whose {@code /images/edits} takes several {@code image[]}.
     */
    public OpenAiImageGenerator maxReferences(int value) {
        return new OpenAiImageGenerator(apiKey, baseUrl, model, responseFormat, quality, size,
                Require.between("maxReferences", value, 0, GPT_IMAGE_MAX_REFERENCES), limits, deadlines, httpClient);
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
        return maxReferences != null ? maxReferences : model.startsWith("gpt-image") ? GPT_IMAGE_MAX_REFERENCES : 0;
    }

    @Override
    public String referenceSupport() {
        return maxReferences() == 0 ? "openai: " + model + " takes no reference images (no multi-image edits)"
                : "openai: " + model + " edits with up to " + maxReferences() + " reference images";
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
            if (!request.references().isEmpty()) {
                return edit(request, wireSize, format, cancellation);
            }
            JsonNode answer = http.postJson(baseUrl + "/images/generations", headers.build(), body, cancellation);
            return write(request, wireSize, answer, cancellation);
        });
    }

    /** {@code POST /images/edits}: the prompt and one {@code image[]} part per reference picture. */
    private GeneratedImage edit(ImageRequest request, String wireSize, String format, Cancellation cancellation) {
        References.checkCount(name() + " (" + model + ")", request.references(), maxReferences());
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("model", model)
                .addFormDataPart("prompt", References.legend(request.references()) + request.prompt().positive())
                .addFormDataPart("n", "1")
                .addFormDataPart("size", wireSize);
        if (!format.isEmpty()) {
            form.addFormDataPart("response_format", format);
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
        Request r = call.build();
        JsonNode answer = http.parse(r, http.call(r, cancellation));
        GeneratedImage image = write(request, wireSize, answer, cancellation);
        Map<String, String> info = new LinkedHashMap<>(image.info());
        info.put("references", References.names(request.references()));
        return new GeneratedImage(image.file(), image.width(), image.height(), image.backend(), info);
    }

    private GeneratedImage write(ImageRequest request, String wireSize, JsonNode answer, Cancellation cancellation) {
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
    public String identity() {
        return String.join(" ", name(), baseUrl, model, String.valueOf(size), String.valueOf(quality), String.valueOf(responseFormat));
    }

    @Override
    public String toString() {
        return "OpenAiImageGenerator[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }

}
