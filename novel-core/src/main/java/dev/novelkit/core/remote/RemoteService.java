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
import dev.novelkit.core.progress.ProgressListener;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 *       creation to download); {@link #hold} holds one until it is closed (a streamed answer);</li>
 *   <li>{@link #call} makes one request with retries, inside or outside a unit.</li>
 * </ul>
 *
 * <p>Whoever shows progress {@link #watch watches} the service: it hears of every retry and throttled
 * resubmission, and of every request that has been waiting for an answer longer than {@link #SLOW_AFTER}
 * ("waiting for kling: GET https://…/v1/videos/image2video/123 (10 s so far)"), so no remote wait is silent.
 * {@link RemoteTally} counts what one thread's work cost.
 */
public final class RemoteService {
    /** A request waiting this long for its answer is reported to the watchers, and again every 30 s. */
    public static final Duration SLOW_AFTER = Duration.ofSeconds(5);
    private static final long REPEAT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final ThreadLocal<Boolean> IN_UNIT = ThreadLocal.withInitial(() -> false);
    private static final AtomicLong IDS = new AtomicLong();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "novelkit-remote-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A slot held by {@link #hold}: close it exactly when the work it covers is over. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Ends a {@link #watch}. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** A request in progress, for the slow-call report. */
    private static final class Active {
        final String what;
        final long start = System.nanoTime();
        volatile long reported;

        Active(String what) {
            this.what = what;
        }
    }

    private final String name;
    private final RemoteLimits limits;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder finished = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttles = new LongAdder();
    private final LongAdder serviceNanos = new LongAdder();
    private final Map<Long, Active> active = new ConcurrentHashMap<>();
    private final List<ProgressListener> watchers = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> watchdog;

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
        try (Slot ignored = hold(what, cancellation)) {
            boolean outer = !IN_UNIT.get();
            IN_UNIT.set(true);
            try {
                cancellation.throwIfCancelled(what);
                T value = work.get();
                finished.increment();
                return value;
            } finally {
                IN_UNIT.set(!outer);
            }
        }
    }

    /**
     * Takes a slot (waiting, cancellably, while {@code maxInFlight} are taken) and keeps it until the returned slot
     * is closed, from any thread: for work that outlives one method call, such as a streamed answer. The time
     * between taking and closing counts as service time.
     */
    public Slot hold(String what, Cancellation cancellation) {
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
        RemoteTally tally = RemoteTally.current();
        AtomicInteger open = new AtomicInteger(1);
        return () -> {
            if (open.getAndSet(0) == 1) {
                long nanos = System.nanoTime() - start;
                serviceNanos.add(nanos);
                if (tally != null) {
                    tally.addService(nanos);
                }
                inFlight.decrementAndGet();
                slots.release();
            }
        };
    }

    /**
     * Makes one request with retries: a retriable {@link BackendException} is tried again after a backoff (or the
     * server's {@code Retry-After}) up to the retry policy's limit; a throttled one is resubmitted after a pause for
     * up to the throttle budget, without using up retries. Waits end at once on cancellation. {@code what} names
     * the request in messages ("POST http://host/v1/images/generations", "create shot 3").
     */
    public <T> T call(String what, Cancellation cancellation, Supplier<T> attempt) {
        Objects.requireNonNull(attempt, "attempt");
        cancellation.throwIfCancelled(what);
        dev.novelkit.core.RetryPolicy policy = limits.retryPolicy();
        RemoteTally tally = RemoteTally.current();
        AtomicInteger retried = new AtomicInteger();
        // Failsafe decides whether and how long to wait; the wait itself happens at the start of the next attempt,
        // on a latch the cancellation opens, so a cancel can never be lost between an attempt and its pause.
        AtomicReference<Duration> pause = new AtomicReference<>();
        RetryPolicy<T> retry = RetryPolicy.<T>builder()
                .handleIf((r, e) -> e instanceof BackendException b && b.isRetriable() && !b.isThrottled())
                .withMaxRetries(policy.maxRetries())
                .withDelayFn(ctx -> later(pause, delay(ctx, policy.maxDelay(), policy, ctx.getAttemptCount())))
                .onRetryScheduled(e -> {
                    retries.increment();
                    if (tally != null) {
                        tally.addRetry();
                    }
                    tell(String.format(Locale.ROOT, "%s: %s failed (%s); retry %d of %d in %s", name, what,
                            reason(e.getLastException()), retried.incrementAndGet(), policy.maxRetries(),
                            seconds(pause.get())));
                })
                .build();
        RetryPolicy<T> throttle = RetryPolicy.<T>builder()
                .handleIf((r, e) -> e instanceof BackendException b && b.isThrottled())
                .withMaxRetries(-1)
                .withMaxDuration(limits.throttleBudget())
                .withDelayFn(ctx -> later(pause, delay(ctx, limits.maxThrottlePause(), policy, ctx.getAttemptCount())))
                .onRetryScheduled(e -> {
                    throttles.increment();
                    if (tally != null) {
                        tally.addThrottle();
                    }
                    tell(String.format(Locale.ROOT, "%s: %s refused for now (%s); resubmitting in %s", name, what,
                            reason(e.getLastException()), seconds(pause.get())));
                })
                .build();
        boolean timed = !IN_UNIT.get();
        Call<T> call = Failsafe.with(retry, throttle).newCall(ctx -> {
            Duration wait = pause.getAndSet(null);
            if (wait != null) {
                pause(what, cancellation, wait);
            }
            cancellation.throwIfCancelled(what); // a cancel that came before this attempt began
            long start = System.nanoTime();
            long id = IDS.incrementAndGet();
            active.put(id, new Active(what));
            try {
                return attempt.get();
            } finally {
                active.remove(id);
                if (timed) {
                    long nanos = System.nanoTime() - start;
                    serviceNanos.add(nanos);
                    if (tally != null) {
                        tally.addService(nanos);
                    }
                }
            }
        });
        // Failsafe interrupts an attempt only while it runs: a cancel arriving before the first attempt begins (or
        // between attempts) also interrupts this thread, whose flag the attempt then meets; it is cleared below.
        Runnable interrupt = interrupter();
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> {
            call.cancel(true);
            interrupt.run();
        })) {
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

    /**
     * Sends this service's messages (retries, throttling, requests waiting longer than {@link #SLOW_AFTER}) to
     * {@code listener} until the returned watch is closed. Messages come from the working threads and from a
     * watchdog thread.
     */
    public Watch watch(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        watchers.add(listener);
        synchronized (this) {
            if (watchdog == null) {
                watchdog = WATCHDOG.scheduleWithFixedDelay(this::reportSlowCalls, 1, 1, TimeUnit.SECONDS);
            }
        }
        AtomicInteger open = new AtomicInteger(1);
        return () -> {
            if (open.getAndSet(0) == 1) {
                watchers.remove(listener);
                synchronized (this) {
                    if (watchers.isEmpty() && watchdog != null) {
                        watchdog.cancel(false);
                        watchdog = null;
                    }
                }
            }
        };
    }

    private void reportSlowCalls() {
        long now = System.nanoTime();
        for (Active a : active.values()) {
            long waited = now - a.start;
            boolean due = a.reported == 0 ? waited >= SLOW_AFTER.toNanos() : now - a.reported >= REPEAT_NANOS;
            if (due) {
                a.reported = now;
                tell(String.format(Locale.ROOT, "waiting for %s: %s (%s so far)", name, a.what,
                        seconds(Duration.ofNanos(waited))));
            }
        }
    }

    private void tell(String message) {
        for (ProgressListener l : watchers) {
            try {
                l.onMessage(message);
            } catch (RuntimeException ignored) {
                // listeners must not throw; one that does must not break the call
            }
        }
    }

    /** The request waiting longest for its answer now, and since when (for a progress display). */
    public java.util.Optional<String> longestWaiting() {
        long now = System.nanoTime();
        return active.values().stream().min((a, b) -> Long.compare(a.start, b.start))
                .map(a -> a.what + " (" + seconds(Duration.ofNanos(now - a.start)) + ")");
    }

    private static String reason(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof BackendException b && m.startsWith(b.backend() + ": ")) {
            m = m.substring(b.backend().length() + 2);
        }
        return m.length() <= 200 ? m : m.substring(0, 200) + "…";
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms + 500) / 1000 + " s";
    }

    /** Keeps {@code wait} for the next attempt to sleep through and tells Failsafe not to sleep itself. */
    private static Duration later(AtomicReference<Duration> pause, Duration wait) {
        pause.set(wait);
        return Duration.ZERO;
    }

    /** Sleeps {@code wait}, or ends at once with a {@link CancelledException} when {@code cancellation} is cancelled. */
    private static void pause(String what, Cancellation cancellation, Duration wait) {
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Cancellation.Registration ignored = cancellation.onCancel(cancelled::countDown)) {
            if (cancelled.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new CancelledException(what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(what);
        }
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
