package dev.novelkit.media.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP plumbing every remote media backend shares, the one place where it is configured: one OkHttp
 * connection pool for the module with each backend's {@link Deadlines} applied (connect, first byte, total), every
 * request through the backend's {@link RemoteService} (bounded in flight, retried, throttling waited out,
 * cancellable, counted), HTTP errors mapped by {@link BackendException#forHttpStatus}, timeouts that name the server
 * and the deadline, atomic downloads, and the backend's secrets redacted from every message and exception: its keys
 * and the values of every credential header sent (a bearer token, Kling's JWT and each of its parts). Immutable
 * and thread-safe. Not public API.
 */
public final class HttpJson {
    public static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DETAIL = 500;
    /** The module's one client: its connection pool and threads are shared by every backend. */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .dispatcher(sharedDispatcher())
            .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
            .build();

    /** One answer, whatever its status: the status, the body, and the server's {@code Retry-After} if any. */
    public record Answer(int status, byte[] body, Duration retryAfter) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_SEEN = 32;

    private final String backend;
    /** Credential header values this backend has sent (Kling's JWTs change every 30 minutes): never shown. */
    private final java.util.Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final RemoteService service;
    private final OkHttpClient client;
    private final Deadlines deadlines;
    private final Secrets.Redactor redactor;

    private HttpJson(String backend, RemoteService service, OkHttpClient client, Deadlines deadlines,
                     Secrets.Redactor redactor) {
        this.backend = backend;
        this.service = service;
        this.client = client;
        this.deadlines = deadlines;
        this.redactor = redactor;
    }

    /**
     * The plumbing of one backend instance: errors name {@code backend}, requests go through a new service of that
     * name with {@code limits}, over {@code base} (null: the module's shared client) with {@code deadlines} applied,
     * and {@code secrets} never appear in a message.
     */
    public static HttpJson of(String backend, RemoteLimits limits, Deadlines deadlines, OkHttpClient base,
                              String... secrets) {
        Objects.requireNonNull(backend, "backend");
        return new HttpJson(backend, RemoteService.of(backend, limits), withDeadlines(base, deadlines), deadlines,
                Secrets.redactor(secrets));
    }

    /** {@code base} (null: the shared client) with {@code deadlines} applied: the one place they are applied. */
    public static OkHttpClient withDeadlines(OkHttpClient base, Deadlines deadlines) {
        return (base == null ? SHARED : base).newBuilder()
                .connectTimeout(deadlines.connect())
                .readTimeout(deadlines.firstByte())
                .writeTimeout(deadlines.firstByte())
                .callTimeout(deadlines.total())
                .build();
    }

    private static Dispatcher sharedDispatcher() {
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(256);
        d.setMaxRequestsPerHost(64);
        return d;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public String backend() {
        return backend;
    }

    public RemoteService service() {
        return service;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    /** Runs a unit of work (one picture, one voice line, one task from creation to download) holding a slot. */
    public <T> T unit(String what, Cancellation cancellation, Supplier<T> work) {
        return service.run(what, cancellation, work);
    }

    /** POSTs {@code body} (a Jackson-serialisable object or JsonNode) as JSON and parses the JSON answer. */
    public JsonNode postJson(String url, Headers headers, Object body, Cancellation cancellation) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw BackendException.builder(backend, "cannot encode request: " + e.getMessage()).cause(e).build();
        }
        Request request = new Request.Builder().url(url).headers(headers).post(RequestBody.create(json, JSON)).build();
        return parse(request, call(request, cancellation));
    }

    public JsonNode getJson(String url, Headers headers, Cancellation cancellation) {
        Request request = new Request.Builder().url(url).headers(headers).get().build();
        return parse(request, call(request, cancellation));
    }

    /** Sends {@code request} with retries and returns the answer's bytes; a non-2xx answer is an error. */
    public byte[] call(Request request, Cancellation cancellation) {
        return service.call(where(request), cancellation, () -> {
            Answer a = send(request, cancellation);
            if (!a.ok()) {
                throw httpError(request, a);
            }
            return a.body();
        });
    }

    /** Downloads {@code url} into {@code target} atomically (with retries); no credentials are sent. */
    public Path download(String url, Path target, Cancellation cancellation) {
        byte[] bytes = call(new Request.Builder().url(url).get().build(), cancellation);
        if (bytes.length == 0) {
            throw BackendException.builder(backend, "downloaded an empty file from " + clean(url)).build();
        }
        AtomicFiles.writeBytes(target, bytes);
        return target;
    }

    /**
     * One attempt, no retries: the answer whatever its status. I/O failures become retriable errors naming the
     * request; a timeout names the deadline that passed; cancellation ends the call at once.
     */
    public Answer send(Request request, Cancellation cancellation) {
        Call call = client.newCall(request);
        try (Cancellation.Registration ignored = cancellation.onCancel(call::cancel);
             Response response = call.execute()) {
            ResponseBody body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.bytes();
            return new Answer(response.code(), bytes, RetryPolicy.parseRetryAfter(response.header("Retry-After")));
        } catch (IOException e) {
            // a call OkHttp cancelled for its total deadline is a timeout; only the caller's cancel is a cancel
            if (cancellation.isCancelled()) {
                throw new CancelledException(backend + " " + where(request));
            }
            Secrets.Redactor r = redactorFor(request);
            if (e instanceof InterruptedIOException timeout) {
                throw deadlines.timedOut(backend, where(request), timeout);
            }
            throw BackendException.builder(backend, "I/O error calling " + where(request) + ": "
                    + r.redact(String.valueOf(e.getMessage()))).retriable(true).cause(r.scrub(e)).build();
        }
    }

    /** The error for a non-2xx answer: the status mapped in one place, the server's text with secrets redacted. */
    public BackendException httpError(Request request, Answer a) {
        String detail = redactorFor(request).redact(a.text().strip());
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "…";
        }
        return BackendException.forHttpStatus(backend, a.status(), (detail.isEmpty() ? "" : detail + " ")
                + "(" + where(request) + ")", a.retryAfter());
    }

    /** The JSON answer to {@code request}, every secret in it redacted (servers can echo what they were sent). */
    public JsonNode parse(Request request, byte[] bytes) {
        Secrets.Redactor r = redactorFor(request);
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            JsonNode node = r.leaks(text) ? MAPPER.readTree(r.redact(text)) : MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            String clean = r.redact(text);
            String head = clean.substring(0, Math.min(clean.length(), 200));
            throw BackendException.builder(backend, "malformed JSON from " + where(request) + ": " + head)
                    .retriable(false).build();
        }
    }

    /** {@code text} with every secret this backend knows of redacted (and those in {@code request}'s headers). */
    public String redact(Request request, String text) {
        return redactorFor(request).redact(text);
    }

    /** {@code text} with the backend's own secrets and every credential it has sent redacted. */
    public String redact(String text) {
        Secrets.Redactor r = redactor;
        for (String value : sent) {
            r = r.andHeaderValue(value);
        }
        return r.redact(text);
    }

    /** "POST http://host/path": the request without its query, secrets redacted. */
    public String where(Request request) {
        return request.method() + " " + clean(request.url().newBuilder().query(null).build().toString());
    }

    private String clean(String text) {
        return redactor.redact(text);
    }

    private Secrets.Redactor redactorFor(Request request) {
        for (String name : request.headers().names()) {
            if (Secrets.isCredentialHeader(name) && sent.size() < MAX_SEEN) {
                sent.addAll(request.headers(name));
            }
        }
        Secrets.Redactor r = redactor;
        for (String value : sent) {
            r = r.andHeaderValue(value);
        }
        return r;
    }

    @Override
    public String toString() {
        return "HttpJson[" + backend + ", " + service.limits() + ", " + deadlines + "]";
    }
}
