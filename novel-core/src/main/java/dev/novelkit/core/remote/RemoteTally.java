package dev.novelkit.core.remote;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the remote work started on one thread cost: retries, throttled resubmissions and service time, for
 * every {@link RemoteService} that thread calls while the tally is open. A pipeline opens one around each unit it
 * hands to a backend and adds the result to the step's report. Open and close it on the same thread.
 *
 * <pre>{@code
 * try (RemoteTally tally = RemoteTally.open()) {
 *     images.generate(request, cancellation);
 *     report.add(tally.retries(), tally.throttles(), tally.serviceTime());
 * }
 * }</pre>
 */
public final class RemoteTally implements AutoCloseable {
    private static final ThreadLocal<RemoteTally> CURRENT = new ThreadLocal<>();

    private final RemoteTally outer;
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttles = new LongAdder();
    private final LongAdder serviceNanos = new LongAdder();

    private RemoteTally(RemoteTally outer) {
        this.outer = outer;
    }

    /** Starts counting on this thread; a tally already open on it counts the same work too. */
    public static RemoteTally open() {
        RemoteTally t = new RemoteTally(CURRENT.get());
        CURRENT.set(t);
        return t;
    }

    static RemoteTally current() {
        return CURRENT.get();
    }

    void addRetry() {
        for (RemoteTally t = this; t != null; t = t.outer) {
            t.retries.increment();
        }
    }

    void addThrottle() {
        for (RemoteTally t = this; t != null; t = t.outer) {
            t.throttles.increment();
        }
    }

    void addService(long nanos) {
        for (RemoteTally t = this; t != null; t = t.outer) {
            t.serviceNanos.add(nanos);
        }
    }

    public long retries() {
        return retries.sum();
    }

    public long throttles() {
        return throttles.sum();
    }

    /** Time spent at remote services (holding a slot, or in a request outside a unit). */
    public Duration serviceTime() {
        return Duration.ofNanos(serviceNanos.sum());
    }

    /** Stops counting; the counts stay readable. */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
