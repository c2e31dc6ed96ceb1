package dev.novelkit.pipeline;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.core.remote.RemoteStats;
import dev.novelkit.core.remote.RemoteTally;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of work of the video job's overlapping phase (pictures, shots, voices): as many threads as its service
 * takes units at once, so work queues here rather than in blocked threads, and what is queued, running and done,
 * for the progress display. A remote backend's own {@link RemoteService} bounds and retries its calls; local work
 * (story cards, espeak-ng, Ken Burns) is bounded by the cores through a local service.
 */
final class Lane implements AutoCloseable {
    /** The counts of one report row (characters and shot pictures share the image lane but not the row). */
    static final class Step {
        final String name;
        final int total;
        private final AtomicInteger made = new AtomicInteger();
        private final AtomicInteger reused = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger passed = new AtomicInteger();
        private final LongAdder serviceNanos = new LongAdder();
        private final LongAdder retries = new LongAdder();
        private final LongAdder throttles = new LongAdder();
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;

        Step(String name, int total) {
            this.name = name;
            this.total = total;
        }

        private synchronized void started(long now) {
            first = Math.min(first, now);
        }

        private synchronized void ended(long now) {
            last = Math.max(last, now);
        }

        private void add(WorkFolder.Output<?> output, RemoteTally tally) {
            (output.reused() ? reused : made).incrementAndGet();
            serviceNanos.add(tally.serviceTime().toNanos());
            retries.add(tally.retries());
            throttles.add(tally.throttles());
        }

        int made() {
            return made.get();
        }

        int reused() {
            return reused.get();
        }

        /** Units finished, failed or passed over: how far the step is. */
        int done() {
            return done.get() + passed.get();
        }

        /** A unit that turned out to have nothing to do, or failed without failing the job. */
        void pass() {
            passed.incrementAndGet();
        }

        /** First start to last end; zero when nothing ran. */
        synchronized Duration wallTime() {
            return last < first ? Duration.ZERO : Duration.ofNanos(last - first);
        }

        StepReport report(String backend, double costUsd, String note) {
            return new StepReport(name, backend, made(), reused(), wallTime(), costUsd, note,
                    Duration.ofNanos(serviceNanos.sum()), retries.sum(), throttles.sum());
        }
    }

    private final String kind;
    private final RemoteService service;
    private final boolean local;
    private final ExecutorService pool;
    private final AtomicInteger queued = new AtomicInteger();

    private Lane(String kind, RemoteService service, boolean local, int threads) {
        this.kind = kind;
        this.service = service;
        this.local = local;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "novelkit-" + kind + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A lane for a remote backend's service: as many threads as the service takes units at once (at most 64). */
    static Lane remote(String kind, RemoteService service) {
        return new Lane(kind, service, false, Math.min(64, service.limits().maxInFlight()));
    }

    /** A lane for local work by {@code backend}, {@code threads} at once. */
    static Lane local(String kind, String backend, int threads) {
        return new Lane(kind, RemoteService.of(backend, RemoteLimits.of(threads).retryPolicy(RetryPolicy.none())),
                true, threads);
    }

    /** Runs {@code work} on this lane; the step counts it. */
    <T> CompletableFuture<WorkFolder.Output<T>> submit(Step step, String what, Cancellation cancellation,
                                                       Supplier<WorkFolder.Output<T>> work) {
        queued.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> run(step, what, cancellation, work), pool);
    }

    /** Runs {@code work} on this lane as soon as {@code input} is there. */
    <A, T> CompletableFuture<WorkFolder.Output<T>> after(CompletableFuture<A> input, Step step, String what,
                                                         Cancellation cancellation,
                                                         Function<A, WorkFolder.Output<T>> work) {
        return input.thenCompose(a -> submit(step, what, cancellation, () -> work.apply(a)));
    }

    private <T> WorkFolder.Output<T> run(Step step, String what, Cancellation cancellation,
                                         Supplier<WorkFolder.Output<T>> work) {
        queued.decrementAndGet();
        cancellation.throwIfCancelled(what);
        step.started(System.nanoTime());
        try (RemoteTally tally = RemoteTally.open()) {
            WorkFolder.Output<T> output = local ? service.run(what, cancellation, work) : work.get();
            step.add(output, tally);
            step.done.incrementAndGet();
            return output;
        } finally {
            step.ended(System.nanoTime());
        }
    }

    String kind() {
        return kind;
    }

    /** The remote service, or empty for a local lane. */
    java.util.Optional<RemoteService> remoteService() {
        return local ? java.util.Optional.empty() : java.util.Optional.of(service);
    }

    /** "kling: 4 in flight, 3 waiting": units at the service, and ready units waiting for a slot. */
    String activity() {
        RemoteStats s = service.stats();
        int waiting = queued.get() + s.waiting();
        return s.service() + ": " + s.inFlight() + " in flight" + (waiting > 0 ? ", " + waiting + " waiting" : "");
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
