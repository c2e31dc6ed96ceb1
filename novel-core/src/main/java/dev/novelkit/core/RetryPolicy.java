package dev.novelkit.core;

import dev.novelkit.core.config.Require;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for retriable backend failures, honouring a server's {@code Retry-After}.
 * Immutable: every setter returns a new policy.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30));
    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;

    private RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** 4 retries, 0.5 s doubling up to 30 s, with jitter. */
    public static RetryPolicy defaults() {
        return DEFAULT;
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Retries after the first attempt (0 or more, default 4). */
    public RetryPolicy maxRetries(int maxRetries) {
        return new RetryPolicy(Require.atLeast("maxRetries", maxRetries, 0), initialDelay, maxDelay);
    }

    /** The pause before the first retry, doubled for each later one (zero or more, default 0.5 s). */
    public RetryPolicy initialDelay(Duration initialDelay) {
        return new RetryPolicy(maxRetries, Require.nonNegative("initialDelay", initialDelay), maxDelay);
    }

    /** The longest pause, also the cap on a server's {@code Retry-After} (zero or more, default 30 s). */
    public RetryPolicy maxDelay(Duration maxDelay) {
        return new RetryPolicy(maxRetries, initialDelay, Require.nonNegative("maxDelay", maxDelay));
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The pause before retry number {@code attempt} (1-based). A server's {@code Retry-After} (may be null) wins
     * when given, capped at {@link #maxDelay()}; otherwise a random delay in [d/2, d] with d = initial·2^(attempt-1).
     */
    public Duration delayBefore(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
        }
        long base = initialDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, maxDelay.toMillis());
        long jittered = capped / 2 + (capped <= 1 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        return Duration.ofMillis(jittered);
    }

    /** Parses an HTTP {@code Retry-After} header given in seconds; null or an HTTP date gives null. */
    public static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.strip());
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + "]";
    }
}
