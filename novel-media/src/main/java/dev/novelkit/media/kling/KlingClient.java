package dev.novelkit.media.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.Pause;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.io.IOException;
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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Kling's asynchronous task API: create a task ({@code POST}), poll it ({@code GET .../{task_id}}) with growing
 * pauses until it succeeds or fails, and download the result at once (its URL expires). Every request goes through
 * the client's one {@link RemoteService} (by default 5 tasks in flight, the concurrency of a resource pack; share
 * one client between shots and lip-sync, as they share the pack). Kling's own error codes are honoured: 1302 (rate
 * limit) and 1303 (concurrency limit) are throttling, resubmitted after a pause without using up retries;
 * 5000-5002 are retried; 1102 (resource pack used up) and other 1xxx codes are not. Immutable; the keys and the
 * JWT made from them never appear in messages.
 */
public final class KlingClient {
    /** The China endpoint. */
    public static final String BASE_URL_CN = "https://api-beijing.klingai.com";
    /** The global endpoint. */
    public static final String BASE_URL_GLOBAL = "https://api-singapore.klingai.com";
    /** 5 tasks in flight (a resource pack's concurrency), throttling resubmitted at least every 20 s. */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(5).maxThrottlePause(Duration.ofSeconds(20));
    static final String BACKEND = "kling";

    private final KlingAuth auth;
    private final String baseUrl;
    private final OkHttpClient httpClient;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final Duration pollInterval;
    private final Duration maxPollInterval;
    private final Duration taskTimeout;
    private final HttpJson http;

    private KlingClient(KlingAuth auth, String baseUrl, OkHttpClient httpClient, RemoteLimits limits,
                        Deadlines deadlines, Duration pollInterval, Duration maxPollInterval, Duration taskTimeout) {
        this.auth = auth;
        this.baseUrl = baseUrl;
        this.httpClient = httpClient;
        this.limits = limits;
        this.deadlines = deadlines;
        this.pollInterval = pollInterval;
        this.maxPollInterval = maxPollInterval;
        this.taskTimeout = taskTimeout;
        this.http = HttpJson.of(BACKEND, limits, deadlines, httpClient, auth.accessKey(), auth.secretKey());
    }

    /** A client for the China endpoint with these keys. */
    public static KlingClient of(String accessKey, String secretKey) {
        return new KlingClient(KlingAuth.of(accessKey, secretKey), BASE_URL_CN, null, DEFAULT_LIMITS,
                Deadlines.DEFAULT, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(20));
    }

    /** Keys from {@code KLING_ACCESS_KEY} and {@code KLING_SECRET_KEY}; endpoint from {@code KLING_BASE_URL} if set. */
    public static KlingClient fromEnv(Map<String, String> env) {
        KlingClient c = of(env.get("KLING_ACCESS_KEY"), env.get("KLING_SECRET_KEY"));
        String url = env.get("KLING_BASE_URL");
        return url == null || url.isBlank() ? c : c.baseUrl(url);
    }

    public KlingClient baseUrl(String value) {
        return new KlingClient(auth, Require.baseUrl("baseUrl", value), httpClient, limits, deadlines, pollInterval,
                maxPollInterval, taskTimeout);
    }

    /** The OkHttp client to share (its connection pool); the deadlines are applied on top. */
    public KlingClient httpClient(OkHttpClient value) {
        return new KlingClient(auth, baseUrl, Require.nonNull("httpClient", value), limits, deadlines, pollInterval,
                maxPollInterval, taskTimeout);
    }

    public KlingClient auth(KlingAuth value) {
        return new KlingClient(Require.nonNull("auth", value), baseUrl, httpClient, limits, deadlines, pollInterval,
                maxPollInterval, taskTimeout);
    }

    /** Tasks in flight at once, retries and how long throttling is waited out (default {@link #DEFAULT_LIMITS}). */
    public KlingClient limits(RemoteLimits value) {
        return new KlingClient(auth, baseUrl, httpClient, Require.nonNull("limits", value), deadlines, pollInterval,
                maxPollInterval, taskTimeout);
    }

    /** Retries of failed requests (server errors, I/O errors): shorthand for {@code limits(limits().retryPolicy(value))}. */
    public KlingClient retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(value));
    }

    /** Connect, first-byte and total deadline of each request (default {@link Deadlines#DEFAULT}). */
    public KlingClient deadlines(Deadlines value) {
        return new KlingClient(auth, baseUrl, httpClient, limits, Require.nonNull("deadlines", value), pollInterval,
                maxPollInterval, taskTimeout);
    }

    /** The first pause between polls (default 5 s), growing by half each poll up to {@link #maxPollInterval}. */
    public KlingClient pollInterval(Duration value) {
        Require.positive("pollInterval", value);
        return new KlingClient(auth, baseUrl, httpClient, limits, deadlines, value,
                maxPollInterval.compareTo(value) < 0 ? value : maxPollInterval, taskTimeout);
    }

    /** The longest pause between polls (default 30 s). */
    public KlingClient maxPollInterval(Duration value) {
        Require.positive("maxPollInterval", value);
        return new KlingClient(auth, baseUrl, httpClient, limits, deadlines,
                pollInterval.compareTo(value) > 0 ? value : pollInterval, value, taskTimeout);
    }

    /** How long to wait for a task before giving up (default 20 minutes). */
    public KlingClient taskTimeout(Duration value) {
        return new KlingClient(auth, baseUrl, httpClient, limits, deadlines, pollInterval, maxPollInterval,
                Require.positive("taskTimeout", value));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public RemoteLimits limits() {
        return limits;
    }

    /** The one service every request of this client goes through. */
    public RemoteService service() {
        return http.service();
    }

    /** Runs one unit of work (a task from creation to download) holding one of the {@code maxInFlight} slots. */
    public <T> T unit(String what, Cancellation cancellation, Supplier<T> work) {
        return http.unit(what, cancellation, work);
    }

    /** Creates a task: {@code POST path} with {@code body}; returns the new task. */
    public KlingTask create(String path, Object body, Cancellation cancellation) {
        byte[] json;
        try {
            json = HttpJson.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw BackendException.builder(BACKEND, "cannot encode request: " + e.getMessage()).cause(e).build();
        }
        JsonNode answer = call(() -> new Request.Builder().url(baseUrl + path)
                .header("Authorization", auth.bearer())
                .post(RequestBody.create(json, HttpJson.JSON)).build(), "POST " + baseUrl + path, cancellation);
        return task(answer, path);
    }

    /** The current state of task {@code id}: {@code GET path/id}. */
    public KlingTask get(String path, String id, Cancellation cancellation) {
        JsonNode answer = call(() -> new Request.Builder().url(baseUrl + path + "/" + id)
                .header("Authorization", auth.bearer()).get().build(), "GET " + baseUrl + path + "/" + id,
                cancellation);
        return task(answer, path);
    }

    /**
     * Polls task {@code id} until it succeeds (returned) or fails ({@link BackendException} with Kling's
     * {@code task_status_msg}); times out with a retriable error.
     */
    public KlingTask await(String path, String id, Cancellation cancellation, ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        long deadline = System.nanoTime() + taskTimeout.toNanos();
        Duration pause = pollInterval;
        long polls = 0;
        while (true) {
            cancellation.throwIfCancelled("Kling task " + id);
            KlingTask t = get(path, id, cancellation);
            polls++;
            l.onProgress(new Progress("kling " + id, polls, -1, t.status()));
            if (t.isSucceeded()) {
                if (t.videos().isEmpty()) {
                    throw BackendException.builder(BACKEND, "task " + id + " succeeded without a video").build();
                }
                return t;
            }
            if (t.isFailed()) {
                throw BackendException.builder(BACKEND, "task " + id + " failed: "
                        + (t.statusMessage().isEmpty() ? "(no message)" : http.redact(t.statusMessage())))
                        .retriable(false).build();
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                throw BackendException.builder(BACKEND, "task " + id + " still '" + t.status() + "' after "
                        + taskTimeout.toSeconds() + " s").retriable(true).build();
            }
            Pause.sleep(pause, cancellation, "waiting for Kling task " + id);
            long next = Math.min(maxPollInterval.toMillis(), pause.toMillis() * 3 / 2);
            pause = Duration.ofMillis(Math.max(next, pause.toMillis()));
        }
    }

    /**
     * Creates a task, or takes up again the one an earlier run created with the same body and recorded in
     * {@code taskFile} (null: none), so a run killed while its task was in flight polls that task again instead of
     * paying for a new one. The record is written before the task is created: the request carries an
     * {@code external_task_id} of its own, so even a run killed before Kling's answer arrived finds its task again
     * by that id. The record stays after the task ends: the caller deletes it once it stored the result. A recorded
     * task that failed or that Kling does not know is replaced by a new one.
     */
    public KlingTask createOrResume(String path, ObjectNode body, Path taskFile, Cancellation cancellation,
                                    ProgressListener listener) {
        String fingerprint = fingerprint(body);
        Optional<Record> recorded = recorded(taskFile, path, fingerprint);
        if (recorded.isPresent()) {
            Optional<KlingTask> again = lookUp(path, recorded.get(), cancellation);
            if (again.isPresent()) {
                listener.onMessage("kling: taking up task " + again.get().id() + " again (" + again.get().status() + ")");
                record(taskFile, new Record(path, fingerprint, recorded.get().externalId(), again.get().id()));
                return again.get();
            }
        }
        String externalId = "novelkit-" + fingerprint.substring(0, 16) + "-" + UUID.randomUUID().toString()
                .substring(0, 8);
        ObjectNode sent = body.deepCopy();
        sent.put("external_task_id", externalId);
        record(taskFile, new Record(path, fingerprint, externalId, ""));
        KlingTask created = create(path, sent, cancellation);
        record(taskFile, new Record(path, fingerprint, externalId, created.id()));
        return created;
    }

    /** What {@link #createOrResume} keeps of a task between runs. */
    private record Record(String path, String fingerprint, String externalId, String taskId) {
    }

    private Optional<KlingTask> lookUp(String path, Record r, Cancellation cancellation) {
        String id = r.taskId().isEmpty() ? r.externalId() : r.taskId();
        try {
            KlingTask t = get(path, id, cancellation);
            return t.isFailed() ? Optional.empty() : Optional.of(t);
        } catch (BackendException e) {
            if (e.isRetriable()) {
                throw e;
            }
            return Optional.empty(); // not Kling's any more (expired, never created, another account)
        }
    }

    private static void record(Path taskFile, Record r) {
        if (taskFile != null) {
            AtomicFiles.writeString(taskFile, String.join("\n", r.path(), r.fingerprint(), r.externalId(), r.taskId())
                    + "\n");
        }
    }

    private static Optional<Record> recorded(Path taskFile, String path, String fingerprint) {
        if (taskFile == null || !Files.isRegularFile(taskFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(taskFile, StandardCharsets.UTF_8);
            if (lines.size() >= 3 && lines.get(0).equals(path) && lines.get(1).equals(fingerprint)
                    && lines.get(2).matches("[A-Za-z0-9_.-]+")) {
                String taskId = lines.size() > 3 ? lines.get(3).strip() : "";
                if (taskId.isEmpty() || taskId.matches("[A-Za-z0-9_.-]+")) {
                    return Optional.of(new Record(path, fingerprint, lines.get(2), taskId));
                }
            }
        } catch (IOException e) {
            // unreadable: make a new task
        }
        return Optional.empty();
    }

    private static String fingerprint(Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(HttpJson.mapper().writeValueAsBytes(body)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a Kling request", e);
        }
    }

    /** Downloads a result video into {@code target} (atomically; no credentials are sent). */
    public Path download(String url, Path target, Cancellation cancellation) {
        return http.download(url, target, cancellation);
    }

    private KlingTask task(JsonNode answer, String path) {
        JsonNode data = answer.path("data");
        String id = data.path("task_id").asText("");
        if (id.isEmpty()) {
            throw BackendException.builder(BACKEND, "answer to " + path + " has no data.task_id: "
                    + abbreviate(http.redact(answer.toString()))).build();
        }
        List<KlingTask.Video> videos = new ArrayList<>();
        for (JsonNode v : data.path("task_result").path("videos")) {
            videos.add(new KlingTask.Video(v.path("id").asText(""), v.path("url").asText(""), v.path("duration").asText("")));
        }
        return new KlingTask(id, data.path("task_status").asText(""), data.path("task_status_msg").asText(""), videos);
    }

    /** One API call through the service: Kling's codes mapped, retried and throttled as they say. */
    private JsonNode call(Supplier<Request> request, String what, Cancellation cancellation) {
        return http.service().call(what, cancellation, () -> {
            Request r = request.get();
            HttpJson.Answer a = http.send(r, cancellation);
            // Kling's answers can hold anything the request held (a server that echoes headers): redact it all
            String text = http.redact(r, a.text());
            JsonNode json = null;
            try {
                json = text.isEmpty() ? null : HttpJson.mapper().readTree(text);
            } catch (IOException e) {
                // not JSON: handled below
            }
            int code = json != null && json.has("code") ? json.path("code").asInt(-1) : -1;
            if (a.ok() && code == 0) {
                return json;
            }
            if (code > 0) {
                throw forCode(code, a.status(), json.path("message").asText(""), http.where(r), a.retryAfter());
            }
            if (a.ok()) {
                throw BackendException.builder(BACKEND, http.where(r) + ": unexpected answer: "
                        + abbreviate(text)).httpStatus(a.status()).build();
            }
            throw http.httpError(r, a);
        });
    }

    /** The one place Kling's business codes become exceptions. */
    static BackendException forCode(int code, int httpStatus, String message, String what, Duration retryAfter) {
        String meaning = switch (code) {
            case 1000, 1001, 1002, 1003, 1004 -> "authentication failed (check KLING_ACCESS_KEY and KLING_SECRET_KEY)";
            case 1100, 1101 -> "account problem (arrears or configuration)";
            case 1102 -> "resource pack used up or expired";
            case 1103 -> "no permission for this API or model";
            case 1200, 1201 -> "invalid request parameters";
            case 1202, 1203 -> "unknown method or resource (check the model name)";
            case 1300, 1301 -> "refused by the platform's content policy";
            case 1302 -> "rate limit exceeded";
            case 1303 -> "concurrency limit of the resource pack exceeded";
            case 1304 -> "IP not on the allow list";
            case 5000, 5001, 5002 -> "server error";
            default -> "error";
        };
        boolean throttled = code == 1302 || code == 1303;
        boolean retriable = throttled || code == 5000 || code == 5001 || code == 5002;
        String detail = message == null || message.isBlank() ? "" : ": " + abbreviate(message);
        BackendException.Builder b = BackendException.builder(BACKEND, what + ": code " + code + " " + meaning + detail)
                .retriable(retriable).throttled(throttled).retryAfter(retryAfter);
        if (httpStatus > 0) {
            b.httpStatus(httpStatus);
        }
        return b.build();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @Override
    public String toString() {
        return "KlingClient[baseUrl=" + baseUrl + ", auth=" + auth + ", " + limits + "]";
    }
}
