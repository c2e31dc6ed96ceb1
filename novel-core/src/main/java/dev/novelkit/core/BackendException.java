package dev.novelkit.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A backend (an HTTP API, a child process, a native library) failed. Tells which backend, the HTTP status or
 * process exit code where there is one, whether a retry may help, and the tail of the process output.
 *
 * <p>The mapping from HTTP status to retriable or not lives in {@link #forHttpStatus}; every HTTP backend uses it.
 */
public class BackendException extends NovelKitException {
    private static final long serialVersionUID = 1L;
    private final String backend;
    private final Integer httpStatus;
    private final Integer exitCode;
    private final boolean retriable;
    private final boolean throttled;
    private final Duration retryAfter;
    private final List<String> outputTail;

    private BackendException(Builder b) {
        super(b.backend + ": " + b.message, b.cause);
        this.backend = b.backend;
        this.httpStatus = b.httpStatus;
        this.exitCode = b.exitCode;
        this.retriable = b.retriable || b.throttled;
        this.throttled = b.throttled;
        this.retryAfter = b.retryAfter;
        this.outputTail = List.copyOf(b.outputTail);
    }

    /** Starts describing a failure of {@code backend} (a short name such as "openai", "swift", "kling"). */
    public static Builder builder(String backend, String message) {
        return new Builder(backend, message);
    }

    /**
     * The one place where an HTTP status becomes an exception: 408, 409, 425, 429 and 5xx are retriable, other
     * 4xx are not; 429 means throttled (wait and resubmit). {@code detail} is the server's error text (never a
     * request header or key).
     */
    public static BackendException forHttpStatus(String backend, int status, String detail) {
        return forHttpStatus(backend, status, detail, null);
    }

    /** As {@link #forHttpStatus(String, int, String)}, with the server's {@code Retry-After} (null: none). */
    public static BackendException forHttpStatus(String backend, int status, String detail, Duration retryAfter) {
        boolean retriable = status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
        String what = switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized (check the API key)";
            case 403 -> "forbidden (check the API key and its permissions)";
            case 404 -> "not found (check the base URL and model name)";
            case 413 -> "request too large";
            case 429 -> "rate limited";
            default -> status >= 500 ? "server error" : "request failed";
        };
        String text = detail == null || detail.isBlank() ? "" : ": " + abbreviate(detail.strip(), 500);
        return builder(backend, "HTTP " + status + " " + what + text).httpStatus(status).retriable(retriable)
                .throttled(status == 429).retryAfter(retryAfter).build();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    public String backend() {
        return backend;
    }

    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** Whether the same call may succeed if tried again later (rate limits, server errors, I/O failures). */
    public boolean isRetriable() {
        return retriable;
    }

    /**
     * Whether the service refused the call because of a rate or concurrency limit (HTTP 429, Kling 1302/1303,
     * DashScope {@code Throttling}): the work was not done and should be resubmitted after a pause. Implies
     * {@link #isRetriable()}.
     */
    public boolean isThrottled() {
        return throttled;
    }

    /** How long the server asked to wait before trying again ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The last lines a child process printed (at most 50), empty for HTTP backends. */
    public List<String> outputTail() {
        return outputTail;
    }

    /** Fluent description of a backend failure. */
    public static final class Builder {
        private final String backend;
        private final String message;
        private Integer httpStatus;
        private Integer exitCode;
        private boolean retriable;
        private boolean throttled;
        private Duration retryAfter;
        private List<String> outputTail = List.of();
        private Throwable cause;

        private Builder(String backend, String message) {
            this.backend = Objects.requireNonNull(backend, "backend");
            this.message = Objects.requireNonNull(message, "message");
        }

        public Builder httpStatus(int status) {
            this.httpStatus = status;
            return this;
        }

        public Builder exitCode(int code) {
            this.exitCode = code;
            return this;
        }

        public Builder retriable(boolean retriable) {
            this.retriable = retriable;
            return this;
        }

        /** Marks a rate or concurrency refusal: retriable, and resubmitted after a pause rather than counted as a failure. */
        public Builder throttled(boolean throttled) {
            this.throttled = throttled;
            return this;
        }

        /** The server's {@code Retry-After}; null or negative: none. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
            return this;
        }

        /** Keeps at most the last 50 lines. */
        public Builder outputTail(List<String> lines) {
            int from = Math.max(0, lines.size() - 50);
            this.outputTail = List.copyOf(lines.subList(from, lines.size()));
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public BackendException build() {
            return new BackendException(this);
        }
    }
}
