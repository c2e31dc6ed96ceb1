package dev.novelkit.media.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.internal.ConfigChecks;
import dev.novelkit.media.internal.HttpJson;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client for DashScope (Alibaba Cloud Model Studio) async tasks, shared by every DashScope media backend (Wanx
 * text-to-image, Wan image-to-video, ...): {@link #submit} POSTs a body to any service path with
 * {@code X-DashScope-Async: enable} and returns the task id; {@link #await} polls {@code GET /api/v1/tasks/{id}}
 * with growing pauses until SUCCEEDED, FAILED, CANCELED or UNKNOWN, or until the timeout; {@link #run} does both
 * and submits again when a task failed with a throttling code.
 *
 * <p>Errors are {@link BackendException}s named "dashscope": HTTP errors through the shared mapping (429 and 5xx
 * retried by the HTTP layer with backoff), failed tasks with their {@code code} and {@code message}, retriable
 * when the code is {@code Throttling*} or {@code InternalError*}. Thread-safe; the API key never appears in
 * messages or {@code toString()}.
 */
public final class DashScopeTasks {
    /** The Beijing endpoint. The Singapore one is {@code https://dashscope-intl.aliyuncs.com}. */
    public static final String DEFAULT_BASE_URL = "https://dashscope.aliyuncs.com";
    static final String BACKEND = "dashscope";

    private final String apiKey;
    private final String baseUrl;
    private final Duration pollInterval;
    private final Duration maxPollInterval;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final HttpJson http;

    private DashScopeTasks(Builder b) {
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        this.pollInterval = b.pollInterval;
        this.maxPollInterval = b.maxPollInterval;
        this.timeout = b.timeout;
        this.retry = b.retry;
        this.http = new HttpJson(BACKEND, b.client, b.retry, apiKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder from the environment: {@code DASHSCOPE_API_KEY} (required at {@link Builder#build()}) and
     * {@code DASHSCOPE_BASE_URL} (optional, default {@value #DEFAULT_BASE_URL}). Pass {@code System.getenv()}.
     */
    public static Builder fromEnv(Map<String, String> env) {
        Builder b = builder();
        String key = env.get("DASHSCOPE_API_KEY");
        if (key != null && !key.isBlank()) {
            b = b.apiKey(key);
        }
        String base = env.get("DASHSCOPE_BASE_URL");
        if (base != null && !base.isBlank()) {
            b = b.baseUrl(base);
        }
        return b;
    }

    /**
     * Creates an async task: POST {@code body} (a Jackson-serialisable object or JsonNode) to {@code servicePath}
     * (e.g. {@code /api/v1/services/aigc/text2image/image-synthesis}) with {@code X-DashScope-Async: enable}.
     *
     * @return the task id
     */
    public String submit(String servicePath, Object body) {
        Objects.requireNonNull(body, "body");
        JsonNode answer = http.postJson(url(servicePath), asyncHeaders(), body);
        String id = answer.path("output").path("task_id").asText("");
        if (id.isEmpty()) {
            throw BackendException.builder(BACKEND, "no task id in the answer to " + servicePath + errorOf(answer))
                    .retriable(isRetriableCode(answer.path("code").asText(""))).build();
        }
        return id;
    }

    /** One look at the task: {@code GET /api/v1/tasks/{id}}. */
    public DashScopeTask status(String taskId) {
        checkId(taskId);
        JsonNode answer = http.getJson(url("/api/v1/tasks/" + taskId), authHeaders());
        return parse(taskId, answer);
    }

    /** Polls until the task ends; returns it when SUCCEEDED, throws otherwise. */
    public DashScopeTask await(String taskId) {
        return await(taskId, new Cancellation(), ProgressListener.NONE);
    }

    /**
     * Polls until the task ends, pausing {@code pollInterval}, growing 1.5x per poll up to {@code maxPollInterval}.
     * Status changes go to {@code listener} as messages and progress (0 of 1 until done).
     *
     * @return the SUCCEEDED task
     * @throws BackendException   when the task FAILED (with its code and message; retriable for throttling), was
     *                            CANCELED, is UNKNOWN (expired or wrong region), or is still running at the timeout
     * @throws CancelledException when {@code cancellation} was cancelled (a PENDING task is cancelled too)
     */
    public DashScopeTask await(String taskId, Cancellation cancellation, ProgressListener listener) {
        return check(poll(taskId, cancellation, listener));
    }

    /** Submits and waits: {@link #run(String, Object, Cancellation, ProgressListener)} without cancellation. */
    public DashScopeTask run(String servicePath, Object body) {
        return run(servicePath, body, new Cancellation(), ProgressListener.NONE);
    }

    /**
     * Submits a task and waits for it. A task that FAILED with a retriable code (throttling) is submitted again,
     * after a backoff pause, up to the retry policy's {@code maxRetries} times.
     */
    public DashScopeTask run(String servicePath, Object body, Cancellation cancellation, ProgressListener listener) {
        for (int attempt = 1; ; attempt++) {
            cancellation.throwIfCancelled("DashScope task");
            String id = submit(servicePath, body);
            listener.onMessage("dashscope: task " + id + " submitted");
            DashScopeTask task = poll(id, cancellation, listener);
            if (task.isRetriableFailure() && attempt <= retry.maxRetries()) {
                listener.onMessage("dashscope: task " + id + " failed with " + task.code() + ", submitting again");
                http.sleep(retry.delayBefore(attempt, null));
                continue;
            }
            return check(task);
        }
    }

    /**
     * Asks DashScope to cancel a task ({@code POST /api/v1/tasks/{id}/cancel}; only PENDING tasks can be).
     *
     * @return whether DashScope accepted the cancellation
     */
    public boolean cancel(String taskId) {
        checkId(taskId);
        try {
            http.call(new Request.Builder().url(url("/api/v1/tasks/" + taskId + "/cancel")).headers(authHeaders())
                    .post(RequestBody.create(new byte[0], HttpJson.JSON)).build());
            return true;
        } catch (BackendException e) {
            return false;
        }
    }

    /** Fetches a result URL (no API key is sent: result URLs are pre-signed). */
    public byte[] fetch(String url) {
        return http.call(new Request.Builder().url(url).get().build());
    }

    /** Downloads a result URL into {@code target} atomically. */
    public Path download(String url, Path target) {
        return http.download(url, target);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether a DashScope error code means "try again later": {@code Throttling*}, {@code InternalError*}. */
    public static boolean isRetriableCode(String code) {
        return code != null && (code.startsWith("Throttling") || code.startsWith("InternalError")
                || code.equals("RequestTimeOut"));
    }

    private DashScopeTask poll(String taskId, Cancellation cancellation, ProgressListener listener) {
        checkId(taskId);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long interval = pollInterval.toNanos();
        TaskStatus last = null;
        while (true) {
            if (cancellation.isCancelled()) {
                cancel(taskId);
                throw new CancelledException("DashScope task " + taskId);
            }
            DashScopeTask task = status(taskId);
            if (task.status() != last) {
                last = task.status();
                listener.onMessage("dashscope: task " + taskId + " " + last);
            }
            if (task.status().isTerminal()) {
                listener.onProgress(new Progress("dashscope " + taskId, 1, 1, last.name()));
                return task;
            }
            listener.onProgress(new Progress("dashscope " + taskId, 0, 1, last.name()));
            long now = System.nanoTime();
            if (now >= deadline) {
                throw BackendException.builder(BACKEND, "task " + taskId + " still " + last + " after "
                        + seconds(now - start) + " (timeout " + seconds(timeout.toNanos()) + "); it may still finish: "
                        + "raise the timeout or poll it again").retriable(false).build();
            }
            sleep(Math.min(interval, deadline - now), cancellation);
            interval = Math.min((long) (interval * 1.5), maxPollInterval.toNanos());
        }
    }

    private DashScopeTask check(DashScopeTask task) {
        return switch (task.status()) {
            case SUCCEEDED -> task;
            case FAILED -> throw BackendException.builder(BACKEND, "task " + task.id() + " FAILED"
                    + (task.code().isEmpty() ? "" : ": " + task.code())
                    + (task.message().isEmpty() ? "" : ": " + Secrets.redact(task.message(), apiKey)))
                    .retriable(task.isRetriableFailure()).build();
            case CANCELED -> throw BackendException.builder(BACKEND, "task " + task.id() + " was CANCELED").build();
            default -> throw BackendException.builder(BACKEND, "task " + task.id() + " is UNKNOWN to DashScope "
                    + "(task ids expire after 24 hours; check the id and the region of the base URL " + baseUrl + ")"
                    + (task.message().isEmpty() ? "" : ": " + task.message())).build();
        };
    }

    static DashScopeTask parse(String taskId, JsonNode answer) {
        JsonNode output = answer.path("output");
        String id = output.path("task_id").asText(taskId);
        TaskStatus status = TaskStatus.parse(output.path("task_status").asText(null));
        String code = output.path("code").asText(answer.path("code").asText(""));
        String message = output.path("message").asText(answer.path("message").asText(""));
        List<String> urls = new ArrayList<>();
        for (JsonNode result : output.path("results")) {
            String url = result.path("url").asText("");
            if (!url.isEmpty()) {
                urls.add(url);
            } else if (code.isEmpty() && result.hasNonNull("code")) {
                code = result.path("code").asText();
                message = result.path("message").asText("");
            }
        }
        for (String field : List.of("video_url", "image_url")) {
            String url = output.path(field).asText("");
            if (!url.isEmpty()) {
                urls.add(url);
            }
        }
        return new DashScopeTask(id, status, code, message, urls, output, answer.path("usage"),
                answer.path("request_id").asText(""));
    }

    private static String errorOf(JsonNode answer) {
        String code = answer.path("code").asText("");
        String message = answer.path("message").asText("");
        return code.isEmpty() && message.isEmpty() ? "" : ": " + code + (message.isEmpty() ? "" : ": " + message);
    }

    private void sleep(long nanos, Cancellation cancellation) {
        long end = System.nanoTime() + nanos;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0 || cancellation.isCancelled()) {
                return;
            }
            http.sleep(Duration.ofNanos(Math.min(left, 200_000_000L)));
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private Headers authHeaders() {
        return new Headers.Builder().add("Authorization", "Bearer " + apiKey).build();
    }

    private Headers asyncHeaders() {
        return new Headers.Builder().add("Authorization", "Bearer " + apiKey).add("X-DashScope-Async", "enable")
                .build();
    }

    private String url(String path) {
        String p = Objects.requireNonNull(path, "servicePath").strip();
        return baseUrl + (p.startsWith("/") ? p : "/" + p);
    }

    private static void checkId(String taskId) {
        if (taskId == null || taskId.isBlank() || !taskId.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidInputException("taskId", "not a DashScope task id: \"" + taskId + "\"");
        }
    }

    @Override
    public String toString() {
        return "DashScopeTasks[baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey) + ", timeout=" + timeout + "]";
    }

    /** Immutable configuration of a {@link DashScopeTasks} client: every setter returns a new builder. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private Duration pollInterval = Duration.ofSeconds(2);
        private Duration maxPollInterval = Duration.ofSeconds(15);
        private Duration timeout = Duration.ofMinutes(10);
        private RetryPolicy retry = RetryPolicy.defaults();
        private OkHttpClient client;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.apiKey = apiKey;
            b.baseUrl = baseUrl;
            b.pollInterval = pollInterval;
            b.maxPollInterval = maxPollInterval;
            b.timeout = timeout;
            b.retry = retry;
            b.client = client;
            return b;
        }

        /** The DashScope API key ({@code Authorization: Bearer}). */
        public Builder apiKey(String value) {
            Builder b = copy();
            b.apiKey = value == null || value.isBlank() ? null : value.strip();
            return b;
        }

        /** Default {@value DashScopeTasks#DEFAULT_BASE_URL}; {@code https://dashscope-intl.aliyuncs.com} for Singapore. */
        public Builder baseUrl(String value) {
            Builder b = copy();
            b.baseUrl = ConfigChecks.baseUrl(value);
            return b;
        }

        /** The first pause between polls (default 2 s); it grows 1.5x per poll. */
        public Builder pollInterval(Duration value) {
            Builder b = copy();
            b.pollInterval = ConfigChecks.positive("pollInterval", value);
            return b;
        }

        /** The longest pause between polls (default 15 s). */
        public Builder maxPollInterval(Duration value) {
            Builder b = copy();
            b.maxPollInterval = ConfigChecks.positive("maxPollInterval", value);
            return b;
        }

        /** How long {@link #await} waits for a task to end (default 10 minutes). */
        public Builder timeout(Duration value) {
            Builder b = copy();
            b.timeout = ConfigChecks.positive("timeout", value);
            return b;
        }

        /** Retries of HTTP failures and of throttled tasks (default {@link RetryPolicy#defaults()}). */
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

        /** @throws InvalidInputException when no API key was given (naming {@code DASHSCOPE_API_KEY}) */
        public DashScopeTasks build() {
            if (apiKey == null) {
                throw new InvalidInputException("DASHSCOPE_API_KEY", "no DashScope API key: set DASHSCOPE_API_KEY "
                        + "or pass apiKey(...)");
            }
            Builder b = copy();
            if (b.maxPollInterval.compareTo(b.pollInterval) < 0) {
                b.maxPollInterval = b.pollInterval;
            }
            if (b.client == null) {
                b.client = HttpJson.defaultClient();
            }
            return new DashScopeTasks(b);
        }

        @Override
        public String toString() {
            return "DashScopeTasks.Builder[baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey) + "]";
        }
    }
}
