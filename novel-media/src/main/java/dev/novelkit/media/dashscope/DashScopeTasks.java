package dev.novelkit.media.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.Pause;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client for DashScope (Alibaba Cloud Model Studio) async tasks, shared by every DashScope media backend (Wanx
 * text-to-image, Wan image-to-video, ...): {@link #submit} POSTs a body to any service path with
 * {@code X-DashScope-Async: enable} and returns the task id; {@link #await} polls {@code GET /api/v1/tasks/{id}}
 * with growing pauses until SUCCEEDED, FAILED, CANCELED or UNKNOWN, or until the task timeout; {@link #run} does
 * both as one unit of work holding one of the client's slots.
 *
 * <p>Every request goes through the client's one {@link RemoteService}: HTTP errors through the shared mapping
 * (5xx and I/O failures retried with backoff); DashScope's throttling answers (HTTP 429, a {@code Throttling*}
 * code, a task that FAILED with one) are waited out and submitted again without using up retries; failed tasks
 * report their {@code code} and {@code message}. Immutable and thread-safe; the API key never appears in messages
 * or {@code toString()}.
 */
public final class DashScopeTasks {
    /** The Beijing endpoint. The Singapore one is {@code https://dashscope-intl.aliyuncs.com}. */
    public static final String DEFAULT_BASE_URL = "https://dashscope.aliyuncs.com";
    /** 2 tasks in flight (DashScope's default concurrency for image and video tasks). */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(2);
    static final String BACKEND = "dashscope";

    private final String name;
    private final String apiKey;
    private final String baseUrl;
    private final Duration pollInterval;
    private final Duration maxPollInterval;
    private final Duration taskTimeout;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private DashScopeTasks(String name, String apiKey, String baseUrl, Duration pollInterval, Duration maxPollInterval,
                           Duration taskTimeout, RemoteLimits limits, Deadlines deadlines, OkHttpClient httpClient) {
        this.name = name;
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.pollInterval = pollInterval;
        this.maxPollInterval = maxPollInterval;
        this.taskTimeout = taskTimeout;
        this.limits = limits;
        this.deadlines = deadlines;
        this.httpClient = httpClient;
        this.http = HttpJson.of(name, limits, deadlines, httpClient, apiKey);
    }

    /** A client with this API key: Beijing endpoint, polling from 2 s up to 15 s, tasks awaited 10 minutes. */
    public static DashScopeTasks of(String apiKey) {
        Require.that(apiKey != null && !apiKey.isBlank(), "DASHSCOPE_API_KEY", apiKey, "must be a DashScope API "
                + "key: set DASHSCOPE_API_KEY or pass it to DashScopeTasks.of(...)");
        return new DashScopeTasks(BACKEND, apiKey.strip(), DEFAULT_BASE_URL, Duration.ofSeconds(2),
                Duration.ofSeconds(15), Duration.ofMinutes(10), DEFAULT_LIMITS, Deadlines.DEFAULT, null);
    }

    /**
     * A client from the environment: {@code DASHSCOPE_API_KEY} (required) and {@code DASHSCOPE_BASE_URL}
     * (optional, default {@value #DEFAULT_BASE_URL}). Pass {@code System.getenv()}.
     */
    public static DashScopeTasks fromEnv(Map<String, String> env) {
        DashScopeTasks t = of(env.get("DASHSCOPE_API_KEY"));
        String base = env.get("DASHSCOPE_BASE_URL");
        return base == null || base.isBlank() ? t : t.baseUrl(base);
    }

    private DashScopeTasks with(String name, String baseUrl, Duration pollInterval, Duration maxPollInterval,
                                Duration taskTimeout, RemoteLimits limits, Deadlines deadlines,
                                OkHttpClient httpClient) {
        return new DashScopeTasks(name, apiKey, baseUrl, pollInterval, maxPollInterval, taskTimeout, limits,
                deadlines, httpClient);
    }

    /** The name errors and progress give this client's service (default "dashscope"; Wanx uses "wanx"). */
    public DashScopeTasks name(String value) {
        return with(Require.nonBlank("name", value), baseUrl, pollInterval, maxPollInterval, taskTimeout, limits,
                deadlines, httpClient);
    }

    /** Default {@value #DEFAULT_BASE_URL}; {@code https://dashscope-intl.aliyuncs.com} for Singapore. */
    public DashScopeTasks baseUrl(String value) {
        return with(name, Require.baseUrl("baseUrl", value), pollInterval, maxPollInterval, taskTimeout, limits,
                deadlines, httpClient);
    }

    /** The first pause between polls (default 2 s); it grows 1.5x per poll up to {@link #maxPollInterval}. */
    public DashScopeTasks pollInterval(Duration value) {
        Require.positive("pollInterval", value);
        return with(name, baseUrl, value, maxPollInterval.compareTo(value) < 0 ? value : maxPollInterval,
                taskTimeout, limits, deadlines, httpClient);
    }

    /** The longest pause between polls (default 15 s). */
    public DashScopeTasks maxPollInterval(Duration value) {
        Require.positive("maxPollInterval", value);
        return with(name, baseUrl, pollInterval.compareTo(value) > 0 ? value : pollInterval, value, taskTimeout,
                limits, deadlines, httpClient);
    }

    /** How long {@link #await} waits for a task to end (default 10 minutes). */
    public DashScopeTasks taskTimeout(Duration value) {
        return with(name, baseUrl, pollInterval, maxPollInterval, Require.positive("taskTimeout", value), limits,
                deadlines, httpClient);
    }

    /** Tasks in flight at once, retries, and how long throttling is waited out (default {@link #DEFAULT_LIMITS}). */
    public DashScopeTasks limits(RemoteLimits value) {
        return with(name, baseUrl, pollInterval, maxPollInterval, taskTimeout, Require.nonNull("limits", value),
                deadlines, httpClient);
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public DashScopeTasks retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /** Connect, first-byte and total deadline of each request (default {@link Deadlines#DEFAULT}). */
    public DashScopeTasks deadlines(Deadlines value) {
        return with(name, baseUrl, pollInterval, maxPollInterval, taskTimeout, limits,
                Require.nonNull("deadlines", value), httpClient);
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public DashScopeTasks httpClient(OkHttpClient value) {
        return with(name, baseUrl, pollInterval, maxPollInterval, taskTimeout, limits, deadlines,
                Require.nonNull("httpClient", value));
    }

    /** The one service every request of this client goes through. */
    public RemoteService service() {
        return http.service();
    }

    public RemoteLimits limits() {
        return limits;
    }

    /**
     * Creates an async task: POST {@code body} (a Jackson-serialisable object or JsonNode) to {@code servicePath}
     * (e.g. {@code /api/v1/services/aigc/text2image/image-synthesis}) with {@code X-DashScope-Async: enable}.
     *
     * @return the task id
     */
    public String submit(String servicePath, Object body, Cancellation cancellation) {
        Objects.requireNonNull(body, "body");
        byte[] json;
        try {
            json = HttpJson.mapper().writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            throw BackendException.builder(name, "cannot encode request: " + e.getMessage()).cause(e).build();
        }
        Request request = new Request.Builder().url(url(servicePath)).headers(asyncHeaders())
                .post(RequestBody.create(json, HttpJson.JSON)).build();
        JsonNode answer = http.service().call(http.where(request), cancellation, () -> {
            HttpJson.Answer a = http.send(request, cancellation);
            String code = codeOf(a);
            if (isThrottlingCode(code)) {
                throw BackendException.builder(name, "refused for now: " + code + " ("
                        + http.where(request) + ")").throttled(true).retryAfter(a.retryAfter()).build();
            }
            if (!a.ok()) {
                throw http.httpError(request, a);
            }
            return http.parse(request, a.body());
        });
        String id = answer.path("output").path("task_id").asText("");
        if (id.isEmpty()) {
            throw BackendException.builder(name, "no task id in the answer to " + servicePath
                    + http.redact(errorOf(answer))).retriable(isRetriableCode(answer.path("code").asText(""))).build();
        }
        return id;
    }

    /** One look at the task: {@code GET /api/v1/tasks/{id}}. */
    public DashScopeTask status(String taskId, Cancellation cancellation) {
        checkId(taskId);
        JsonNode answer = http.getJson(url("/api/v1/tasks/" + taskId), authHeaders(), cancellation);
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
     * Submits a task and waits for it, holding one of the client's slots. A task that FAILED for throttling is
     * submitted again after a pause (without using up retries), one that FAILED with an internal error is retried.
     */
    public DashScopeTask run(String servicePath, Object body, Cancellation cancellation, ProgressListener listener) {
        return run(servicePath, body, null, cancellation, listener);
    }

    /**
     * As {@link #run(String, Object, Cancellation, ProgressListener)}, recording the task id in {@code taskFile}
     * (null: nowhere) before waiting, so a run killed meanwhile takes the same task up again (task ids live 24
     * hours) instead of paying for a new one. The record is removed once the task has ended.
     */
    public DashScopeTask run(String servicePath, Object body, Path taskFile, Cancellation cancellation,
                             ProgressListener listener) {
        String what = "task at " + servicePath;
        try {
            return http.unit(what, cancellation, () -> http.service().call(what, cancellation, () -> {
                // requests were retried on their own: only the task's own failure is retried (or resubmitted) here
                DashScopeTask task;
                try {
                    String id = resumable(taskFile, servicePath, body, cancellation)
                            .orElseGet(() -> submitRecorded(servicePath, body, taskFile, cancellation, listener));
                    task = poll(id, cancellation, listener);
                } catch (BackendException e) {
                    throw new RequestFailed(e);
                }
                return check(task); // the record stays: the caller deletes it once it stored the result

            }));
        } catch (RequestFailed e) {
            throw e.failure;
        }
    }

    /** Carries a request's failure, already retried, past the task-level retries. */
    private static final class RequestFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient BackendException failure;

        RequestFailed(BackendException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    private String submitRecorded(String servicePath, Object body, Path taskFile, Cancellation cancellation,
                                  ProgressListener listener) {
        String id = submit(servicePath, body, cancellation);
        if (taskFile != null) {
            AtomicFiles.writeString(taskFile, servicePath + "\n" + id + "\n" + fingerprint(body) + "\n");
        }
        listener.onMessage(name + ": task " + id + " submitted");
        return id;
    }

    private Optional<String> resumable(Path taskFile, String servicePath, Object body, Cancellation cancellation) {
        if (taskFile == null || !Files.isRegularFile(taskFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(taskFile, StandardCharsets.UTF_8);
            if (lines.size() >= 3 && lines.get(0).equals(servicePath) && lines.get(2).equals(fingerprint(body))
                    && lines.get(1).matches("[A-Za-z0-9_.-]+")) {
                DashScopeTask t = status(lines.get(1), cancellation);
                if (t.status() != TaskStatus.FAILED && t.status() != TaskStatus.CANCELED
                        && t.status() != TaskStatus.UNKNOWN) {
                    return Optional.of(t.id());
                }
            }
        } catch (java.io.IOException | InvalidInputException e) {
            // unreadable record: submit a new task
        }
        forget(taskFile);
        return Optional.empty();
    }

    private static void forget(Path taskFile) {
        try {
            Files.deleteIfExists(taskFile);
        } catch (java.io.IOException e) {
            // a stale record only names an ended task
        }
    }

    private static String fingerprint(Object body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(HttpJson.mapper().writeValueAsBytes(body)));
        } catch (java.io.IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a DashScope request", e);
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
            Request request = new Request.Builder().url(url("/api/v1/tasks/" + taskId + "/cancel"))
                    .headers(authHeaders()).post(RequestBody.create(new byte[0], HttpJson.JSON)).build();
            return http.send(request, new Cancellation()).ok();
        } catch (BackendException e) {
            return false;
        }
    }

    /** Fetches a result URL (no API key is sent: result URLs are pre-signed). */
    public byte[] fetch(String url, Cancellation cancellation) {
        return http.call(new Request.Builder().url(url).get().build(), cancellation);
    }

    /** Downloads a result URL into {@code target} atomically. */
    public Path download(String url, Path target, Cancellation cancellation) {
        return http.download(url, target, cancellation);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** Whether a DashScope error code means "try again later": {@code Throttling*}, {@code InternalError*}. */
    public static boolean isRetriableCode(String code) {
        return code != null && (isThrottlingCode(code) || code.startsWith("InternalError")
                || code.equals("RequestTimeOut"));
    }

    /** Whether a DashScope error code is a rate or concurrency refusal ({@code Throttling}, {@code Throttling.*}). */
    public static boolean isThrottlingCode(String code) {
        return code != null && code.startsWith("Throttling");
    }

    /** The {@code code} of a JSON error answer, or "" (HTTP 429 without one counts as {@code Throttling}). */
    private static String codeOf(HttpJson.Answer a) {
        String code = "";
        try {
            JsonNode node = a.body().length == 0 ? null : HttpJson.mapper().readTree(a.body());
            code = node == null ? "" : node.path("code").asText("");
        } catch (java.io.IOException e) {
            // not JSON
        }
        return code.isEmpty() && a.status() == 429 ? "Throttling" : code;
    }

    private DashScopeTask poll(String taskId, Cancellation cancellation, ProgressListener listener) {
        checkId(taskId);
        long start = System.nanoTime();
        long deadline = start + taskTimeout.toNanos();
        long interval = pollInterval.toNanos();
        TaskStatus last = null;
        while (true) {
            if (cancellation.isCancelled()) {
                cancel(taskId);
                throw new CancelledException("DashScope task " + taskId);
            }
            DashScopeTask task = status(taskId, cancellation);
            if (task.status() != last) {
                last = task.status();
                listener.onMessage(name + ": task " + taskId + " " + last);
            }
            if (task.status().isTerminal()) {
                listener.onProgress(new Progress(name + " " + taskId, 1, 1, last.name()));
                return task;
            }
            listener.onProgress(new Progress(name + " " + taskId, 0, 1, last.name()));
            long now = System.nanoTime();
            if (now >= deadline) {
                throw BackendException.builder(name, "task " + taskId + " still " + last + " after "
                        + seconds(now - start) + " (task timeout " + seconds(taskTimeout.toNanos()) + "); it may still "
                        + "finish: raise the task timeout or poll it again").retriable(false).build();
            }
            sleep(Math.min(interval, deadline - now), cancellation);
            interval = Math.min((long) (interval * 1.5), maxPollInterval.toNanos());
        }
    }

    private DashScopeTask check(DashScopeTask task) {
        return switch (task.status()) {
            case SUCCEEDED -> task;
            case FAILED -> throw BackendException.builder(name, "task " + task.id() + " FAILED"
                    + (task.code().isEmpty() ? "" : ": " + task.code())
                    + (task.message().isEmpty() ? "" : ": " + http.redact(task.message())))
                    .retriable(task.isRetriableFailure()).throttled(isThrottlingCode(task.code())).build();
            case CANCELED -> throw BackendException.builder(name, "task " + task.id() + " was CANCELED").build();
            default -> throw BackendException.builder(name, "task " + task.id() + " is UNKNOWN to DashScope "
                    + "(task ids expire after 24 hours; check the id and the region of the base URL " + baseUrl + ")"
                    + (task.message().isEmpty() ? "" : ": " + http.redact(task.message()))).build();
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
        try {
            Pause.sleep(Duration.ofNanos(nanos), cancellation, "waiting for a DashScope task");
        } catch (CancelledException e) {
            // the poll loop sees the cancellation and cancels the task
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
        return "DashScopeTasks[" + name + ", baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey) + ", taskTimeout="
                + taskTimeout + ", " + limits + "]";
    }

}
