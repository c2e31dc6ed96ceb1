package dev.novelkit.media.internal.kling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.Pause;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kling's asynchronous task API: create a task ({@code POST}), poll it ({@code GET .../{task_id}}) with growing
 * pauses until it succeeds or fails, and download the result at once (its URL expires). Kling's own error codes are
 * honoured: 1302 (rate limit), 1303 (concurrency limit) and 5000-5002 are retried after a pause, 1102 (resource
 * pack used up) and other 1xxx codes are not. Immutable; keys never appear in messages.
 */
public final class KlingClient {
    /** The China endpoint. */
    public static final String BASE_URL_CN = "https://api-beijing.klingai.com";
    /** The global endpoint. */
    public static final String BASE_URL_GLOBAL = "https://api-singapore.klingai.com";
    static final String BACKEND = "kling";

    private final KlingAuth auth;
    private final String baseUrl;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final Duration pollInterval;
    private final Duration maxPollInterval;
    private final Duration timeout;

    private KlingClient(KlingAuth auth, String baseUrl, OkHttpClient http, RetryPolicy retry, Duration pollInterval,
                        Duration maxPollInterval, Duration timeout) {
        this.auth = auth;
        this.baseUrl = baseUrl;
        this.http = http;
        this.retry = retry;
        this.pollInterval = pollInterval;
        this.maxPollInterval = maxPollInterval;
        this.timeout = timeout;
    }

    /** A client for the China endpoint with these keys. */
    public static KlingClient create(String accessKey, String secretKey) {
        return new KlingClient(KlingAuth.of(accessKey, secretKey), BASE_URL_CN, HttpJson.defaultClient(),
                RetryPolicy.defaults(), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(20));
    }

    /** Keys from {@code KLING_ACCESS_KEY} and {@code KLING_SECRET_KEY}; endpoint from {@code KLING_BASE_URL} if set. */
    public static KlingClient fromEnv(Map<String, String> env) {
        KlingClient c = create(env.get("KLING_ACCESS_KEY"), env.get("KLING_SECRET_KEY"));
        String url = env.get("KLING_BASE_URL");
        return url == null || url.isBlank() ? c : c.baseUrl(url);
    }

    public KlingClient baseUrl(String value) {
        Objects.requireNonNull(value, "baseUrl");
        String v = value.strip().replaceAll("/+$", "");
        if (!v.startsWith("http://") && !v.startsWith("https://")) {
            throw new InvalidInputException("baseUrl", "must start with http:// or https://, was '" + value + "'");
        }
        return new KlingClient(auth, v, http, retry, pollInterval, maxPollInterval, timeout);
    }

    public KlingClient httpClient(OkHttpClient value) {
        return new KlingClient(auth, baseUrl, Objects.requireNonNull(value, "httpClient"), retry, pollInterval, maxPollInterval, timeout);
    }

    public KlingClient auth(KlingAuth value) {
        return new KlingClient(Objects.requireNonNull(value, "auth"), baseUrl, http, retry, pollInterval, maxPollInterval, timeout);
    }

    /** Retries of failed calls (rate limits, server errors, I/O errors). */
    public KlingClient retryPolicy(RetryPolicy value) {
        return new KlingClient(auth, baseUrl, http, Objects.requireNonNull(value, "retryPolicy"), pollInterval, maxPollInterval, timeout);
    }

    /** The first pause between polls (default 5 s), growing by half each poll up to {@code max} (default 30 s). */
    public KlingClient pollInterval(Duration first, Duration max) {
        return new KlingClient(auth, baseUrl, http, retry, Objects.requireNonNull(first, "first"),
                Objects.requireNonNull(max, "max"), timeout);
    }

    /** How long to wait for a task before giving up (default 20 minutes). */
    public KlingClient timeout(Duration value) {
        return new KlingClient(auth, baseUrl, http, retry, pollInterval, maxPollInterval, Objects.requireNonNull(value, "timeout"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Creates a task: {@code POST path} with {@code body}; returns the new task. */
    public KlingTask create(String path, Object body) {
        byte[] json;
        try {
            json = HttpJson.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw BackendException.builder(BACKEND, "cannot encode request: " + e.getMessage()).cause(e).build();
        }
        JsonNode answer = call(() -> new Request.Builder().url(baseUrl + path)
                .header("Authorization", auth.bearer())
                .post(RequestBody.create(json, HttpJson.JSON)).build(), "POST " + path);
        return task(answer, path);
    }

    /** The current state of task {@code id}: {@code GET path/id}. */
    public KlingTask get(String path, String id) {
        JsonNode answer = call(() -> new Request.Builder().url(baseUrl + path + "/" + id)
                .header("Authorization", auth.bearer()).get().build(), "GET " + path + "/" + id);
        return task(answer, path);
    }

    /**
     * Polls task {@code id} until it succeeds (returned) or fails ({@link BackendException} with Kling's
     * {@code task_status_msg}); times out with a retriable error.
     */
    public KlingTask await(String path, String id, Cancellation cancellation, ProgressListener listener) {
        Cancellation cancel = cancellation == null ? new Cancellation() : cancellation;
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = pollInterval;
        long polls = 0;
        while (true) {
            cancel.throwIfCancelled("Kling task " + id);
            KlingTask t = get(path, id);
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
                        + (t.statusMessage().isEmpty() ? "(no message)" : t.statusMessage())).retriable(false).build();
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                throw BackendException.builder(BACKEND, "task " + id + " still '" + t.status() + "' after "
                        + timeout.toSeconds() + " s").retriable(true).build();
            }
            Pause.sleep(pause, cancel, "waiting for Kling task " + id);
            long next = Math.min(maxPollInterval.toMillis(), pause.toMillis() * 3 / 2);
            pause = Duration.ofMillis(Math.max(next, pause.toMillis()));
        }
    }

    /** Downloads a result video into {@code target} (atomically). */
    public Path download(String url, Path target) {
        return new HttpJson(BACKEND, http, retry, auth.secretKey()).download(url, target);
    }

    private KlingTask task(JsonNode answer, String path) {
        JsonNode data = answer.path("data");
        String id = data.path("task_id").asText("");
        if (id.isEmpty()) {
            throw BackendException.builder(BACKEND, "answer to " + path + " has no data.task_id: "
                    + abbreviate(answer.toString())).build();
        }
        List<KlingTask.Video> videos = new ArrayList<>();
        for (JsonNode v : data.path("task_result").path("videos")) {
            videos.add(new KlingTask.Video(v.path("id").asText(""), v.path("url").asText(""), v.path("duration").asText("")));
        }
        return new KlingTask(id, data.path("task_status").asText(""), data.path("task_status_msg").asText(""), videos);
    }

    /** One API call with Kling's code-aware retries. */
    private JsonNode call(java.util.function.Supplier<Request> request, String what) {
        for (int attempt = 1; ; attempt++) {
            BackendException failure;
            Duration retryAfter = null;
            try (Response response = http.newCall(request.get()).execute()) {
                ResponseBody body = response.body();
                byte[] bytes = body == null ? new byte[0] : body.bytes();
                String text = Secrets.redact(new String(bytes, StandardCharsets.UTF_8), auth.secretKey());
                JsonNode json = null;
                try {
                    json = bytes.length == 0 ? null : HttpJson.mapper().readTree(bytes);
                } catch (IOException e) {
                    // not JSON: handled below
                }
                int code = json != null && json.has("code") ? json.path("code").asInt(-1) : -1;
                if (response.isSuccessful() && code == 0) {
                    return json;
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"));
                if (code > 0) {
                    failure = forCode(code, response.code(), Secrets.redact(json.path("message").asText(""), auth.secretKey()), what);
                } else if (response.isSuccessful()) {
                    failure = BackendException.builder(BACKEND, what + ": unexpected answer: " + abbreviate(text))
                            .httpStatus(response.code()).build();
                } else {
                    failure = BackendException.forHttpStatus(BACKEND, response.code(), what + ": " + abbreviate(text));
                }
            } catch (InterruptedIOException e) {
                failure = BackendException.builder(BACKEND, what + " timed out").retriable(true).cause(e).build();
            } catch (IOException e) {
                failure = BackendException.builder(BACKEND, what + ": I/O error: " + e.getMessage()).retriable(true)
                        .cause(e).build();
            }
            if (!failure.isRetriable() || attempt > retry.maxRetries()) {
                throw failure;
            }
            Pause.sleep(retry.delayBefore(attempt, retryAfter), new Cancellation(), "waiting to retry Kling");
        }
    }

    /** The one place Kling's business codes become exceptions. */
    static BackendException forCode(int code, int httpStatus, String message, String what) {
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
        boolean retriable = code == 1302 || code == 1303 || code == 5000 || code == 5001 || code == 5002;
        String detail = message == null || message.isBlank() ? "" : ": " + abbreviate(message);
        BackendException.Builder b = BackendException.builder(BACKEND, what + ": code " + code + " " + meaning + detail)
                .retriable(retriable);
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
        return "KlingClient[baseUrl=" + baseUrl + ", auth=" + auth + "]";
    }
}
