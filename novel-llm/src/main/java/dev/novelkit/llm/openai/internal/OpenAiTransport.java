package dev.novelkit.llm.openai.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.RetryPolicy;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends requests to one OpenAI-compatible server: at most N in flight (a fair semaphore), retriable failures
 * retried with backoff and jitter honouring {@code Retry-After}, every failure mapped by {@link OpenAiErrors}.
 * A pause between retries does not hold a slot. Thread-safe. Not public API.
 */
public final class OpenAiTransport {
    private static final long MAX_ERROR_BODY = 64 * 1024;

    /** Turns a successful response into a value; may throw a (possibly retriable) {@link BackendException}. */
    @FunctionalInterface
    public interface Handler<T> {
        T handle(Response response) throws IOException;
    }

    private final OkHttpClient client;
    private final RetryPolicy retry;
    private final Semaphore permits;
    private final OpenAiErrors errors;

    public OpenAiTransport(OkHttpClient client, RetryPolicy retry, int maxInFlight, OpenAiErrors errors) {
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.permits = new Semaphore(maxInFlight, true);
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    public OkHttpClient client() {
        return client;
    }

    public RetryPolicy retry() {
        return retry;
    }

    public OpenAiErrors errors() {
        return errors;
    }

    /** Sends {@code request} (retrying by {@code policy}) and returns what {@code handler} makes of the answer. */
    public <T> T execute(Request request, RetryPolicy policy, Handler<T> handler) {
        return withRetries(request, policy, new AtomicInteger(), () -> attempt(request, null, false, handler));
    }

    /**
     * Opens a streaming answer (retrying by the default policy, counting in {@code attempts}) and returns the
     * successful response, still open and still holding its in-flight slot: the caller closes it and then calls
     * {@link #release()} exactly once. {@code onCall} sees each call before it runs, so it can be cancelled.
     */
    public Response open(Request request, AtomicInteger attempts, Consumer<Call> onCall) {
        return withRetries(request, retry, attempts, () -> attempt(request, onCall, true, r -> r));
    }

    /** Gives back the slot an {@link #open} response held. */
    public void release() {
        permits.release();
    }

    /** Pauses before retry number {@code attempt}; an interrupt becomes a {@code CancelledException}. */
    public void pause(Duration delay, Request request) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.cancelled(request);
        }
    }

    private <T> T withRetries(Request request, RetryPolicy policy, AtomicInteger attempts, Attempt<T> attempt) {
        while (true) {
            int n = attempts.incrementAndGet();
            try {
                return attempt.run();
            } catch (Failed f) {
                if (!f.error.isRetriable() || n > policy.maxRetries()) {
                    throw f.error;
                }
                pause(policy.delayBefore(n, f.retryAfter), request);
            }
        }
    }

    private <T> T attempt(Request request, Consumer<Call> onCall, boolean keepOpen, Handler<T> handler)
            throws Failed {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.cancelled(request);
        }
        boolean keepPermit = false;
        Response response = null;
        Call call = client.newCall(request);
        try {
            if (onCall != null) {
                onCall.accept(call);
            }
            response = call.execute();
            if (!response.isSuccessful()) {
                byte[] body = response.peekBody(MAX_ERROR_BODY).bytes();
                throw new Failed(errors.http(response.code(), request, body), retryAfter(response));
            }
            T value = handler.handle(response);
            if (keepOpen) {
                keepPermit = true;
                response = null;
            }
            return value;
        } catch (IOException e) {
            if (call.isCanceled() || Thread.currentThread().isInterrupted()) {
                throw errors.cancelled(request);
            }
            throw new Failed(errors.io(e, request), null);
        } catch (BackendException e) {
            throw new Failed(e, null);
        } finally {
            if (response != null) {
                response.close();
            }
            if (!keepPermit) {
                permits.release();
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

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws Failed;
    }

    /** One failed attempt: the mapped error and the server's requested pause, if any. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient BackendException error;
        private final transient Duration retryAfter;

        Failed(BackendException error, Duration retryAfter) {
            super(null, null, false, false);
            this.error = error;
            this.retryAfter = retryAfter;
        }
    }
}
