package dev.novelkit.llm.openai.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteService;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends requests to one OpenAI-compatible server through its {@link RemoteService} (the one place for the bound,
 * the retries with backoff honouring {@code Retry-After}, throttling and cancellation), over the module's one
 * OkHttp configuration with the model's deadlines applied, every failure mapped by {@link OpenAiErrors}.
 * Thread-safe. Not public API.
 */
public final class OpenAiTransport {
    private static final long MAX_ERROR_BODY = 64 * 1024;
    /** The module's one client: every chat model shares its connection pool. */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
            .build();

    /** Turns a successful response into a value; may throw a (possibly retriable) {@link BackendException}. */
    @FunctionalInterface
    public interface Handler<T> {
        T handle(Response response) throws IOException;
    }

    private final OkHttpClient client;
    private final OkHttpClient discoveryClient;
    private final RemoteService service;
    private final OpenAiErrors errors;
    private final OpenAiErrors discoveryErrors;

    public OpenAiTransport(OkHttpClient client, OkHttpClient discoveryClient, RemoteService service,
                           OpenAiErrors errors, OpenAiErrors discoveryErrors) {
        this.client = Objects.requireNonNull(client, "client");
        this.discoveryClient = Objects.requireNonNull(discoveryClient, "discoveryClient");
        this.service = Objects.requireNonNull(service, "service");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.discoveryErrors = Objects.requireNonNull(discoveryErrors, "discoveryErrors");
    }

    /** {@code base} (null: the module's shared client) with {@code deadlines} applied: the one place they are. */
    public static OkHttpClient client(OkHttpClient base, Deadlines deadlines) {
        return (base == null ? SHARED : base).newBuilder()
                .connectTimeout(deadlines.connect())
                .readTimeout(deadlines.firstByte())
                .writeTimeout(deadlines.firstByte())
                .callTimeout(deadlines.total())
                .build();
    }

    public RemoteService service() {
        return service;
    }

    public OpenAiErrors errors() {
        return errors;
    }

    public OpenAiErrors discoveryErrors() {
        return discoveryErrors;
    }

    /** Sends {@code request} holding a slot, with retries, and returns what {@code handler} makes of the answer. */
    public <T> T execute(Request request, Cancellation cancellation, Handler<T> handler) {
        return service.runCall(errors.where(request), cancellation,
                () -> attempt(client, errors, request, cancellation, handler, false, null));
    }

    /** The model list with retries, within the discovery deadlines. */
    public <T> T discover(Request request, Cancellation cancellation, Handler<T> handler) {
        return service.runCall(discoveryErrors.where(request), cancellation,
                () -> attempt(discoveryClient, discoveryErrors, request, cancellation, handler, false, null));
    }

    /** The model list in one attempt (readiness polling), within the discovery deadlines. */
    public <T> T discoverOnce(Request request, Cancellation cancellation, Handler<T> handler) {
        return service.run(discoveryErrors.where(request), cancellation,
                () -> attempt(discoveryClient, discoveryErrors, request, cancellation, handler, false, null));
    }

    /** One attempt to open a streaming answer, no retries: the response, still open, for the caller to close. */
    public Response openOnce(Request request, Cancellation cancellation, Consumer<Call> onCall) {
        return attempt(client, errors, request, cancellation, r -> r, true, onCall);
    }

    /** Work on a streamed answer (opening it, reading to its first text), retried as one request by the service. */
    public <T> T retried(Request request, Cancellation cancellation, java.util.function.Supplier<T> attempt) {
        return service.call(errors.where(request), cancellation, attempt);
    }

    private <T> T attempt(OkHttpClient http, OpenAiErrors errs, Request request, Cancellation cancellation,
                          Handler<T> handler, boolean keepOpen, Consumer<Call> onCall) {
        Call call = http.newCall(request);
        if (onCall != null) {
            onCall.accept(call);
        }
        Response response = null;
        try (Cancellation.Registration ignored = cancellation.onCancel(call::cancel)) {
            response = call.execute();
            if (!response.isSuccessful()) {
                byte[] body = response.peekBody(MAX_ERROR_BODY).bytes();
                throw errs.http(response.code(), request, body, retryAfter(response));
            }
            T value = handler.handle(response);
            if (keepOpen) {
                response = null;
            }
            return value;
        } catch (IOException e) {
            // a call OkHttp cancelled for its total deadline is a timeout; only the caller's cancel is a cancel
            if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
                throw errs.cancelled(request);
            }
            throw errs.io(e, request);
        } finally {
            if (response != null) {
                response.close();
            }
        }
    }

    /** {@code retry-after-ms} (OpenAI) or {@code Retry-After} in seconds; null when absent or a date. */
    private static Duration retryAfter(Response response) {
        String millis = response.header("retry-after-ms");
        if (millis != null) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.strip())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return RetryPolicy.parseRetryAfter(response.header("Retry-After"));
    }
}
