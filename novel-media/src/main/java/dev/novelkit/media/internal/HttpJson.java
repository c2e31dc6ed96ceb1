package dev.novelkit.media.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.io.AtomicFiles;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP plumbing every media backend shares: JSON and binary calls over one OkHttp client, HTTP errors mapped
 * by {@link BackendException#forHttpStatus}, retries of retriable failures with backoff (honouring
 * {@code Retry-After}), atomic downloads, and the backend's secret redacted from every message. Not public API.
 */
public final class HttpJson {
    public static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String backend;
    private final OkHttpClient client;
    private final RetryPolicy retry;
    private final String secret;

    public HttpJson(String backend, OkHttpClient client, RetryPolicy retry, String secret) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.secret = secret;
    }

    /** A client with sensible timeouts for media APIs (connect 10 s, read 120 s). */
    public static OkHttpClient defaultClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(120))
                .writeTimeout(Duration.ofSeconds(120))
                .build();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public String backend() {
        return backend;
    }

    /** POSTs {@code body} (a Jackson-serialisable object or JsonNode) as JSON and parses the JSON answer. */
    public JsonNode postJson(String url, Headers headers, Object body) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw BackendException.builder(backend, "cannot encode request: " + e.getMessage()).cause(e).build();
        }
        return parse(url, call(new Request.Builder().url(url).headers(headers).post(RequestBody.create(json, JSON)).build()));
    }

    public JsonNode getJson(String url, Headers headers) {
        return parse(url, call(new Request.Builder().url(url).headers(headers).get().build()));
    }

    /** Sends {@code request} (retrying retriable failures) and returns the answer's bytes. */
    public byte[] call(Request request) {
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter = null;
            BackendException failure;
            try (Response response = client.newCall(request).execute()) {
                ResponseBody body = response.body();
                byte[] bytes = body == null ? new byte[0] : body.bytes();
                if (response.isSuccessful()) {
                    return bytes;
                }
                String text = Secrets.redact(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), secret);
                failure = BackendException.forHttpStatus(backend, response.code(), text);
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"));
            } catch (InterruptedIOException e) {
                failure = BackendException.builder(backend, "timed out calling " + redactUrl(request))
                        .retriable(true).cause(e).build();
            } catch (IOException e) {
                failure = BackendException.builder(backend, "I/O error calling " + redactUrl(request) + ": "
                        + Secrets.redact(e.getMessage(), secret)).retriable(true).cause(e).build();
            }
            if (!failure.isRetriable() || attempt > retry.maxRetries()) {
                throw failure;
            }
            sleep(retry.delayBefore(attempt, retryAfter));
        }
    }

    /** Downloads {@code url} into {@code target} atomically (retrying retriable failures). */
    public Path download(String url, Path target) {
        byte[] bytes = call(new Request.Builder().url(url).get().build());
        if (bytes.length == 0) {
            throw BackendException.builder(backend, "downloaded an empty file from " + url).build();
        }
        AtomicFiles.writeBytes(target, bytes);
        return target;
    }

    public JsonNode parse(String url, byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            String head = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8);
            throw BackendException.builder(backend, "malformed JSON from " + url + ": " + Secrets.redact(head, secret))
                    .retriable(false).cause(e).build();
        }
    }

    private String redactUrl(Request request) {
        return Secrets.redact(request.url().newBuilder().query(null).build().toString(), secret);
    }

    /** Sleeps, turning an interrupt into a non-retriable failure (the caller is cancelling). */
    public void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.builder(backend, "interrupted").cause(e).build();
        }
    }
}
