package dev.novelkit.core.remote;

import dev.failsafe.Call;
import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.config.Require;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One remote service as every NovelKit backend calls it: at most {@link RemoteLimits#maxInFlight()} units of work
 * at once, retriable failures tried again with backoff, throttling ({@link BackendException#isThrottled()}) waited
 * out and resubmitted, the server's {@code Retry-After} honoured, every wait cancellable, and everything counted in
 * {@link #stats()}. Retries are Failsafe's retry policies; the bound is a fair semaphore (Failsafe's own
 * bulkhead loses a permit when a waiter is interrupted). Thread-safe; one per backend instance.
 *
 * <ul>
 *   <li>{@link #run} holds a slot for a whole unit of work (one picture, one voice line, one Kling task from
 *       creation to download);</li>
 *   <li>{@link #call} makes one request with retries, inside or outside a unit.</li>
 * </ul>
 */
public final class RemoteService {
    private static final ThreadLocal<Boolean> IN_UNIT = ThreadLocal.withInitial(() -> false);

    private final String name;
    private final RemoteLimits limits;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder finished = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttles = new LongAdder();
    private final LongAdder serviceNanos = new LongAdder();

    private RemoteService(String name, RemoteLimits limits) {
        this.name = Require.nonBlank("name", name);
        this.limits = Require.nonNull("limits", limits);
        this.slots = new Semaphore(limits.maxInFlight(), true);
    }

    /** A service called {@code name} ("kling", "openai-images") with these limits. */
    public static RemoteService of(String name, RemoteLimits limits) {
        return new RemoteService(name, limits);
    }

    public String name() {
        return name;
    }

    public RemoteLimits limits() {
        return limits;
    }

    /**
     * Runs one unit of work holding a slot: waits (cancellably) while {@code maxInFlight} units run, then runs
     * {@code work} on this thread. Not re-entrant: a unit must not start another unit of the same service.
     */
    public <T> T run(String what, Cancellation cancellation, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        cancellation.throwIfCancelled(what);
        waiting.incrementAndGet();
        boolean acquired = false;
        try (Cancellation.Registration ignored = cancellation.onCancel(interrupter())) {
            slots.acquire();
            acquired = true;
        } catch (InterruptedException e) {
            Thread.interrupted();
            throw new CancelledException(what);
        } finally {
            waiting.decrementAndGet();
            if (!acquired) {
                Thread.interrupted();
            }
        }
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        IN_UNIT.set(true);
        try {
            cancellation.throwIfCancelled(what);
            T value = work.get();
            finished.increment();
            return value;
        } finally {
            IN_UNIT.set(false);
            serviceNanos.add(System.nanoTime() - start);
            inFlight.decrementAndGet();
            slots.release();
        }
    }

    /**
     * Makes one request with retries: a retriable {@link BackendException} is tried again after a backoff (or the
     * server's {@code Retry-After}) up to the retry policy's limit; a throttled one is resubmitted after a pause for
     * up to the throttle budget, without using up retries. Waits end at once on cancellation.
     */
    public <T> T call(String what, Cancellation cancellation, Supplier<T> attempt) {
        Objects.requireNonNull(attempt, "attempt");
        cancellation.throwIfCancelled(what);
        dev.novelkit.core.RetryPolicy policy = limits.retryPolicy();
        RetryPolicy<T> retry = RetryPolicy.<T>builder()
                .handleIf((r, e) -> e instanceof BackendException b && b.isRetriable() && !b.isThrottled())
                .withMaxRetries(policy.maxRetries())
                .withDelayFn(ctx -> delay(ctx, policy.maxDelay(), policy, ctx.getAttemptCount()))
                .onRetry(e -> retries.increment())
                .build();
        RetryPolicy<T> throttle = RetryPolicy.<T>builder()
                .handleIf((r, e) -> e instanceof BackendException b && b.isThrottled())
                .withMaxRetries(-1)
                .withMaxDuration(limits.throttleBudget())
                .withDelayFn(ctx -> delay(ctx, limits.maxThrottlePause(), policy, ctx.getAttemptCount()))
                .onRetry(e -> throttles.increment())
                .build();
        boolean timed = !IN_UNIT.get();
        Call<T> call = Failsafe.with(retry, throttle).newCall(ctx -> {
            long start = System.nanoTime();
            try {
                return attempt.get();
            } finally {
                if (timed) {
                    serviceNanos.add(System.nanoTime() - start);
                }
            }
        });
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> call.cancel(true))) {
            T value = call.execute();
            if (timed) {
                finished.increment();
            }
            return value;
        } catch (CancellationException e) {
            throw cancelled(what, e);
        } catch (FailsafeException e) {
            if (cancellation.isCancelled() || e.getCause() instanceof InterruptedException) {
                throw cancelled(what, e);
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            if (cancellation.isCancelled() && !(e instanceof CancelledException)) {
                throw cancelled(what, e);
            }
            throw e;
        } finally {
            Thread.interrupted();
        }
    }

    /** {@link #run} and {@link #call} together: one request holding a slot, with retries. */
    public <T> T runCall(String what, Cancellation cancellation, Supplier<T> attempt) {
        return run(what, cancellation, () -> call(what, cancellation, attempt));
    }

    private static CancelledException cancelled(String what, Exception cause) {
        CancelledException c = new CancelledException(what);
        c.addSuppressed(cause);
        return c;
    }

    private static Duration delay(ExecutionContext<?> ctx, Duration cap, dev.novelkit.core.RetryPolicy policy, int attempt) {
        Duration asked = ctx.getLastException() instanceof BackendException b ? b.retryAfter().orElse(null) : null;
        if (asked != null) {
            return asked.compareTo(cap) > 0 ? cap : asked;
        }
        Duration d = policy.delayBefore(Math.max(attempt, 1), null);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private static Runnable interrupter() {
        Thread waiter = Thread.currentThread();
        return waiter::interrupt;
    }

    /** What this service is doing now and has done so far. */
    public RemoteStats stats() {
        return new RemoteStats(name, inFlight.get(), waiting.get(), finished.sum(), retries.sum(), throttles.sum(),
                Duration.ofNanos(serviceNanos.sum()));
    }

    @Override
    public String toString() {
        return "RemoteService[" + name + ", " + limits + "]";
    }
}
