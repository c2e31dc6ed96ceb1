package dev.novelkit.core.remote;

import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.config.Require;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard NovelKit may press one remote service: units of work in flight at once (requests, or tasks for
 * services that run tasks), retries of failures that may pass on a second try, and how long to keep resubmitting
 * work the service refused because of its rate or concurrency limits. Immutable: every setter returns a new value.
 */
public final class RemoteLimits {
    private static final Duration DEFAULT_THROTTLE_BUDGET = Duration.ofMinutes(30);

    private final int maxInFlight;
    private final RetryPolicy retryPolicy;
    private final Duration throttleBudget;
    private final Duration maxThrottlePause;

    private RemoteLimits(int maxInFlight, RetryPolicy retryPolicy, Duration throttleBudget, Duration maxThrottlePause) {
        this.maxInFlight = maxInFlight;
        this.retryPolicy = retryPolicy;
        this.throttleBudget = throttleBudget;
        this.maxThrottlePause = maxThrottlePause;
    }

    /** {@code maxInFlight} at once, {@link RetryPolicy#defaults()}, throttling waited out for up to 30 minutes. */
    public static RemoteLimits of(int maxInFlight) {
        return new RemoteLimits(Require.atLeast("maxInFlight", maxInFlight, 1), RetryPolicy.defaults(),
                DEFAULT_THROTTLE_BUDGET, Duration.ofSeconds(60));
    }

    /** Units of work (requests or tasks) in flight at once; more wait for a free slot. */
    public RemoteLimits maxInFlight(int value) {
        return new RemoteLimits(Require.atLeast("maxInFlight", value, 1), retryPolicy, throttleBudget, maxThrottlePause);
    }

    /** Retries of retriable failures (I/O errors, 5xx), with backoff; throttling is not counted against them. */
    public RemoteLimits retryPolicy(RetryPolicy value) {
        return new RemoteLimits(maxInFlight, Require.nonNull("retryPolicy", value), throttleBudget, maxThrottlePause);
    }

    /** How long one unit of work may keep being refused as throttled before it fails (default 30 minutes). */
    public RemoteLimits throttleBudget(Duration value) {
        return new RemoteLimits(maxInFlight, retryPolicy, Require.positive("throttleBudget", value), maxThrottlePause);
    }

    /** The longest pause between resubmissions of throttled work (default 60 s; a longer Retry-After is capped). */
    public RemoteLimits maxThrottlePause(Duration value) {
        return new RemoteLimits(maxInFlight, retryPolicy, throttleBudget, Require.positive("maxThrottlePause", value));
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public Duration throttleBudget() {
        return throttleBudget;
    }

    public Duration maxThrottlePause() {
        return maxThrottlePause;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteLimits l && l.maxInFlight == maxInFlight && l.retryPolicy.equals(retryPolicy)
                && l.throttleBudget.equals(throttleBudget) && l.maxThrottlePause.equals(maxThrottlePause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxInFlight, retryPolicy, throttleBudget, maxThrottlePause);
    }

    @Override
    public String toString() {
        return "RemoteLimits[maxInFlight=" + maxInFlight + ", " + retryPolicy + ", throttleBudget=" + throttleBudget + "]";
    }
}
