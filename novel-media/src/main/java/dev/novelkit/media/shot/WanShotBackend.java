package dev.novelkit.media.shot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.Pause;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * DashScope Wan image-to-video as a {@link ShotBackend}: creates an asynchronous video-synthesis task
 * ({@code X-DashScope-Async: enable}, model {@code wanx2.1-i2v-turbo} by default, the still sent as a base64 data
 * URI), polls {@code /api/v1/tasks/{id}} and downloads the video at once. Immutable; the key never appears in
 * messages or {@link #toString()}.
 */
public final class WanShotBackend implements ShotBackend {
    /** The China (Beijing) endpoint. */
    public static final String BASE_URL = "https://dashscope.aliyuncs.com";
    static final String CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";
    private static final long MAX_IMAGE_BYTES = 10L << 20;

    private final String apiKey;
    private final String baseUrl;
    private final String model;
    private final String resolution;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final Duration pollInterval;
    private final Duration timeout;
    private final ProgressListener listener;

    private WanShotBackend(String apiKey, String baseUrl, String model, String resolution, OkHttpClient http,
                           RetryPolicy retry, Duration pollInterval, Duration timeout, ProgressListener listener) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.model = model;
        this.resolution = resolution;
        this.http = http;
        this.retry = retry;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.listener = listener;
    }

    /** Wan with this DashScope API key: model wanx2.1-i2v-turbo, 720P. */
    public static WanShotBackend create(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new InvalidInputException("DASHSCOPE_API_KEY", "the DashScope API key is missing");
        }
        return new WanShotBackend(apiKey.strip(), BASE_URL, "wanx2.1-i2v-turbo", "720P", HttpJson.defaultClient(),
                RetryPolicy.defaults(), Duration.ofSeconds(5), Duration.ofMinutes(20), ProgressListener.NONE);
    }

    /** The key from {@code DASHSCOPE_API_KEY}; the endpoint from {@code DASHSCOPE_BASE_URL} if set. */
    public static WanShotBackend fromEnv(Map<String, String> env) {
        WanShotBackend w = create(env.get("DASHSCOPE_API_KEY"));
        String url = env.get("DASHSCOPE_BASE_URL");
        return url == null || url.isBlank() ? w : w.baseUrl(url);
    }

    public WanShotBackend baseUrl(String value) {
        String v = Objects.requireNonNull(value, "baseUrl").strip().replaceAll("/+$", "");
        if (!v.startsWith("http://") && !v.startsWith("https://")) {
            throw new InvalidInputException("baseUrl", "must start with http:// or https://, was '" + value + "'");
        }
        return new WanShotBackend(apiKey, v, model, resolution, http, retry, pollInterval, timeout, listener);
    }

    /** wanx2.1-i2v-turbo (default), wanx2.1-i2v-plus, wan2.2-i2v-plus, ... */
    public WanShotBackend model(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("model", "the Wan model name is empty");
        }
        return new WanShotBackend(apiKey, baseUrl, value.strip(), resolution, http, retry, pollInterval, timeout, listener);
    }

    /** "480P", "720P" or "1080P" (what the model supports). */
    public WanShotBackend resolution(String value) {
        String v = Objects.requireNonNull(value, "resolution").strip().toUpperCase(Locale.ROOT);
        if (!v.equals("480P") && !v.equals("720P") && !v.equals("1080P")) {
            throw new InvalidInputException("resolution", "must be 480P, 720P or 1080P, was '" + value + "'");
        }
        return new WanShotBackend(apiKey, baseUrl, model, v, http, retry, pollInterval, timeout, listener);
    }

    public WanShotBackend httpClient(OkHttpClient value) {
        return new WanShotBackend(apiKey, baseUrl, model, resolution, Objects.requireNonNull(value, "httpClient"), retry,
                pollInterval, timeout, listener);
    }

    public WanShotBackend retryPolicy(RetryPolicy value) {
        return new WanShotBackend(apiKey, baseUrl, model, resolution, http, Objects.requireNonNull(value, "retryPolicy"),
                pollInterval, timeout, listener);
    }

    /** The pause between polls (default 5 s) and how long to wait in all (default 20 minutes). */
    public WanShotBackend polling(Duration interval, Duration total) {
        return new WanShotBackend(apiKey, baseUrl, model, resolution, http, retry, Objects.requireNonNull(interval, "interval"),
                Objects.requireNonNull(total, "total"), listener);
    }

    public WanShotBackend listener(ProgressListener value) {
        return new WanShotBackend(apiKey, baseUrl, model, resolution, http, retry, pollInterval, timeout,
                value == null ? ProgressListener.NONE : value);
    }

    @Override
    public String name() {
        return "wan";
    }

    @Override
    public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
        Cancellation cancel = cancellation == null ? new Cancellation() : cancellation;
        HttpJson json = new HttpJson("wan", http, retry, apiKey);
        Headers auth = new Headers.Builder().add("Authorization", "Bearer " + apiKey).build();
        JsonNode created = json.postJson(baseUrl + CREATE, auth.newBuilder().add("X-DashScope-Async", "enable").build(),
                requestBody(request));
        String id = created.path("output").path("task_id").asText("");
        if (id.isEmpty()) {
            throw BackendException.builder("wan", "answer has no output.task_id: " + abbreviate(created.toString())).build();
        }
        listener.onMessage("wan: task " + id + " " + created.path("output").path("task_status").asText(""));
        long deadline = System.nanoTime() + timeout.toNanos();
        long polls = 0;
        while (true) {
            cancel.throwIfCancelled("Wan task " + id);
            JsonNode task = json.getJson(baseUrl + "/api/v1/tasks/" + id, auth);
            JsonNode output = task.path("output");
            String status = output.path("task_status").asText("");
            listener.onProgress(new Progress("wan " + id, ++polls, -1, status));
            switch (status) {
                case "SUCCEEDED" -> {
                    String url = output.path("video_url").asText("");
                    if (url.isEmpty()) {
                        throw BackendException.builder("wan", "task " + id + " succeeded without a video_url").build();
                    }
                    json.download(url, out);
                    return new RenderedShot(out, id, url);
                }
                case "FAILED", "CANCELED", "UNKNOWN" -> throw BackendException.builder("wan", "task " + id + " "
                        + status.toLowerCase(Locale.ROOT) + ": " + Secrets.redact(output.path("code").asText("") + " "
                        + output.path("message").asText(""), apiKey).strip()).retriable(false).build();
                default -> {
                    if (System.nanoTime() + pollInterval.toNanos() > deadline) {
                        throw BackendException.builder("wan", "task " + id + " still " + status + " after "
                                + timeout.toSeconds() + " s").retriable(true).build();
                    }
                    Pause.sleep(pollInterval, cancel, "waiting for Wan task " + id);
                }
            }
        }
    }

    /** The JSON body of the create call (package-private for tests). */
    ObjectNode requestBody(ShotRequest request) {
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", model);
        ObjectNode input = body.putObject("input");
        if (!request.prompt().isEmpty()) {
            input.put("prompt", request.prompt());
        }
        if (!request.negativePrompt().isEmpty()) {
            input.put("negative_prompt", request.negativePrompt());
        }
        input.put("img_url", dataUri(request.image()));
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("resolution", resolution);
        parameters.put("duration", request.seconds() <= 5 ? 5 : 10);
        parameters.put("prompt_extend", true);
        return body;
    }

    private static String dataUri(Path image) {
        String field = "image " + image;
        try {
            if (!Files.isRegularFile(image)) {
                throw new InvalidInputException(field, "no such file");
            }
            long size = Files.size(image);
            if (size == 0 || size > MAX_IMAGE_BYTES) {
                throw new InvalidInputException(field, "Wan takes pictures of 1 byte to 10 MB, this one has " + size + " bytes");
            }
            String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
            String mime = name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp"
                    : name.endsWith(".bmp") ? "image/bmp" : "image/jpeg";
            return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(image));
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }


    @Override
    public String toString() {
        return "WanShotBackend[model=" + model + ", resolution=" + resolution + ", baseUrl=" + baseUrl + ", apiKey="
                + Secrets.mask(apiKey) + "]";
    }
}
