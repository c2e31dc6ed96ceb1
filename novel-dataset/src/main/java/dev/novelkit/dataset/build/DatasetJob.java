package dev.novelkit.dataset.build;

import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A dataset build in progress: {@link #cancel()} stops it (calls already finished stay in the journal),
 * {@link #result()} completes with the {@link DatasetResult}, or exceptionally with a {@link CancelledException} or
 * the error that stopped it.
 */
public final class DatasetJob {
    private final CompletableFuture<DatasetResult> result;
    private final Runnable canceller;

    DatasetJob(CompletableFuture<DatasetResult> result, Runnable canceller) {
        this.result = result;
        this.canceller = canceller;
    }

    /** Stops starting new calls and interrupts those in flight. Idempotent. */
    public void cancel() {
        canceller.run();
    }

    /** Completes when the build ends. Cancelling this future does not stop the build: use {@link #cancel()}. */
    public CompletableFuture<DatasetResult> result() {
        return result.copy();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Waits for the result; rethrows what stopped the build as it was thrown (unchecked). */
    public DatasetResult join() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancelledException("dataset building (interrupted)");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new NovelKitException("dataset building failed: " + cause, cause);
        }
    }
}
