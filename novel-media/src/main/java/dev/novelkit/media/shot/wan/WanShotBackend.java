package dev.novelkit.media.shot.wan;

import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.shot.ShotRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.dashscope.DashScopeTask;
import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.media.internal.HttpJson;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DashScope Wan image-to-video as a {@link ShotBackend}: an asynchronous video-synthesis task (model
 * {@code wanx2.1-i2v-turbo} by default, the still sent as a base64 data URI) submitted and polled through the shared
 * {@link DashScopeTasks} client (a task that failed with a throttling code is submitted again), then the video
 * downloaded at once. Immutable; the key never appears in messages or {@link #toString()}.
 */
public final class WanShotBackend implements ShotBackend {
    /** The China (Beijing) endpoint. */
    public static final String BASE_URL = DashScopeTasks.DEFAULT_BASE_URL;
    static final String CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";
    private static final long MAX_IMAGE_BYTES = 10L << 20;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final java.util.Set<String> RESOLUTIONS = java.util.Set.of("480P", "720P", "1080P");

    private final DashScopeTasks tasks;
    private final String model;
    private final String resolution;
    private final ProgressListener listener;

    private WanShotBackend(DashScopeTasks tasks, String model, String resolution, ProgressListener listener) {
        this.tasks = tasks;
        this.model = model;
        this.resolution = resolution;
        this.listener = listener;
    }

    /** Wan with this DashScope API key: model wanx2.1-i2v-turbo, 720P, polling every 5 s (growing) for 20 minutes. */
    public static WanShotBackend of(String apiKey) {
        return of(DashScopeTasks.of(apiKey));
    }

    /** Wan over a DashScope client (its limits, deadlines and endpoint); polling set to suit video tasks. */
    public static WanShotBackend of(DashScopeTasks tasks) {
        return new WanShotBackend(Require.nonNull("tasks", tasks).name("wan").pollInterval(POLL_INTERVAL)
                .taskTimeout(TIMEOUT), "wanx2.1-i2v-turbo", "720P", ProgressListener.NONE);
    }

    /** The key from {@code DASHSCOPE_API_KEY}; the endpoint from {@code DASHSCOPE_BASE_URL} if set. */
    public static WanShotBackend fromEnv(Map<String, String> env) {
        return of(DashScopeTasks.fromEnv(env));
    }

    /** The same backend over another DashScope client. */
    public WanShotBackend tasks(DashScopeTasks value) {
        return new WanShotBackend(Require.nonNull("tasks", value), model, resolution, listener);
    }

    public DashScopeTasks tasks() {
        return tasks;
    }

    public WanShotBackend baseUrl(String value) {
        return tasks(tasks.baseUrl(value));
    }

    /** wanx2.1-i2v-turbo (default), wanx2.1-i2v-plus, wan2.2-i2v-plus, ... */
    public WanShotBackend model(String value) {
        return new WanShotBackend(tasks, Require.nonBlank("model", value), resolution, listener);
    }

    /** "480P", "720P" or "1080P" (what the model supports). */
    public WanShotBackend resolution(String value) {
        String v = Require.nonBlank("resolution", value).toUpperCase(Locale.ROOT);
        return new WanShotBackend(tasks, model, Require.oneOf("resolution", v, RESOLUTIONS), listener);
    }

    /** The OkHttp client to share; the deadlines are applied on top. */
    public WanShotBackend httpClient(OkHttpClient value) {
        return tasks(tasks.httpClient(value));
    }

    /** Tasks in flight, retries, throttling (default {@link DashScopeTasks#DEFAULT_LIMITS}). */
    public WanShotBackend limits(RemoteLimits value) {
        return tasks(tasks.limits(value));
    }

    /** Retries of failed requests and tasks. */
    public WanShotBackend retryPolicy(RetryPolicy value) {
        return tasks(tasks.retryPolicy(value));
    }

    public WanShotBackend deadlines(Deadlines value) {
        return tasks(tasks.deadlines(value));
    }

    /**
     * The first pause between polls (default 5 s; it grows 1.5x per poll up to 15 s, or up to {@code interval} if
     * that is longer) and how long to wait in all (default 20 minutes).
     */
    public WanShotBackend polling(Duration interval, Duration total) {
        return tasks(tasks.pollInterval(interval).taskTimeout(total));
    }

    public WanShotBackend listener(ProgressListener value) {
        return new WanShotBackend(tasks, model, resolution, Require.nonNull("listener", value));
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(tasks.service());
    }

    @Override
    public String name() {
        return "wan";
    }

    @Override
    public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
        Cancellation cancel = cancellation == null ? new Cancellation() : cancellation;
        DashScopeTask task = tasks.run(CREATE, requestBody(request), request.taskFile(), cancel, listener);
        String url = task.output().path("video_url").asText("");
        if (url.isEmpty() && !task.resultUrls().isEmpty()) {
            url = task.resultUrls().get(0);
        }
        if (url.isEmpty()) {
            throw BackendException.builder("wan", "task " + task.id() + " succeeded without a video_url").build();
        }
        tasks.download(url, out, cancel);
        return new RenderedShot(out, task.id(), url);
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

    @Override
    public String identity() {
        return String.join(" ", name(), tasks.baseUrl(), model, resolution);
    }

    @Override
    public String toString() {
        return "WanShotBackend[model=" + model + ", resolution=" + resolution + ", " + tasks + "]";
    }
}
