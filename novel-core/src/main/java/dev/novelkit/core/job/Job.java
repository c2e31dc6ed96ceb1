package dev.novelkit.core.job;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.progress.ProgressListener;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handle of long work (dataset building, training, merging, serving, assembly, the whole job): started with a
 * listener, cancelled with {@link #cancel()}, finished in {@link #result()}, and {@link AutoCloseable} so that
 * try-with-resources never leaves work running.
 *
 * <pre>{@code
 * try (Job<TrainingResult> job = trainer.start(listener)) {
 *     TrainingResult r = job.await();
 * }
 * }</pre>
 *
 * <p>The result fails with the work's {@link NovelKitException} (a {@link CancelledException} once cancelled).
 * Work that keeps something running after its result is known (a server) registers a hook on its
 * {@link Cancellation}: {@link #cancel()} and {@link #close()} run it even after the result is complete.
 *
 * @param <T> what the work produces
 */
public final class Job<T> implements AutoCloseable {
    /** The work itself: runs on a worker thread, checks {@code cancellation} between steps, reports to the listener. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Cancellation cancellation, ProgressListener listener) throws Exception;
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory FACTORY = r -> {
        Thread t = new Thread(r, "novelkit-job-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(FACTORY);

    private final String name;
    private final Cancellation cancellation;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private Job(String name, Cancellation cancellation) {
        this.name = name;
        this.cancellation = cancellation;
    }

    /** Starts {@code work} on a worker thread; {@code name} ("training", "assembly") names it in errors. */
    public static <T> Job<T> start(String name, ProgressListener listener, Work<T> work) {
        return start(name, listener, new Cancellation(), work);
    }

    /** As {@link #start(String, ProgressListener, Work)}, with a cancellation the caller may also hold. */
    public static <T> Job<T> start(String name, ProgressListener listener, Cancellation cancellation, Work<T> work) {
        Objects.requireNonNull(work, "work");
        ProgressListener l = Objects.requireNonNull(listener, "listener");
        Job<T> job = new Job<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(cancellation, "cancellation"));
        WORKERS.execute(() -> job.runOn(Thread.currentThread(), work, l));
        return job;
    }

    private void runOn(Thread worker, Work<T> work, ProgressListener listener) {
        try (Cancellation.Registration ignored = cancellation.onCancel(worker::interrupt)) {
            T value = work.run(cancellation, listener);
            if (cancellation.isCancelled() && !result.isDone()) {
                result.completeExceptionally(new CancelledException(name));
            } else {
                result.complete(value);
            }
        } catch (Throwable e) {
            result.completeExceptionally(translate(e));
        } finally {
            Thread.interrupted();
            ended.complete(null);
        }
    }

    private Throwable translate(Throwable e) {
        if (cancellation.isCancelled() && !(e instanceof CancelledException)) {
            CancelledException c = new CancelledException(name);
            c.addSuppressed(e);
            return c;
        }
        if (e instanceof NovelKitException || e instanceof Error) {
            return e;
        }
        if (e instanceof InterruptedException) {
            return new CancelledException(name);
        }
        return new NovelKitException(name + " failed: " + e, e);
    }

    /** What this job does ("training", "assembly"). */
    public String name() {
        return name;
    }

    /** The result: completes with the work's value, or exceptionally with a {@link NovelKitException}. */
    public CompletableFuture<T> result() {
        return result;
    }

    /** Waits for the result; rethrows the work's {@link NovelKitException} as it is. Interrupted: cancels. */
    public T await() {
        return waitFor(null);
    }

    /** Waits at most {@code timeout} for the result; an error naming this job when it is not there in time. */
    public T await(Duration timeout) {
        return waitFor(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Waits for the result, for ever when {@code timeout} is null. */
    private T waitFor(Duration timeout) {
        try {
            return timeout == null ? result.get() : result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NovelKitException(name + " did not finish within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancelledException(name);
        } catch (ExecutionException | CancellationException | CompletionException e) {
            throw unwrap(e);
        }
    }

    private RuntimeException unwrap(Exception e) {
        Throwable c = e instanceof CancellationException ? new CancelledException(name) : e.getCause();
        if (c instanceof Error err) {
            throw err;
        }
        return c instanceof RuntimeException r ? r : new NovelKitException(name + " failed: " + c, c);
    }

    /** Asks the work to stop (and runs its cancel hooks, e.g. ending a child process). Idempotent. */
    public void cancel() {
        cancellation.cancel();
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** Whether the result is complete (the work may still be releasing what it held). */
    public boolean isDone() {
        return result.isDone();
    }

    /** Cancels the work if it still holds anything and waits until it has ended. */
    @Override
    public void close() {
        cancel();
        boolean interrupted = false;
        while (true) {
            try {
                ended.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Job[" + name + (result.isDone() ? ", done" : ", running") + (isCancelled() ? ", cancelled" : "") + "]";
    }
}
