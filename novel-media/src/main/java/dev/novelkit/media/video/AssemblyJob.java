package dev.novelkit.media.video;

import dev.novelkit.core.Cancellation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A video being assembled in the background: {@link #cancel()} stops it (the partial file is removed) and
 * {@link #result()} completes with the {@link AssemblyResult} or the failure.
 */
public final class AssemblyJob {
    private final Cancellation cancellation;
    private final CompletableFuture<AssemblyResult> result;

    AssemblyJob(Cancellation cancellation, CompletableFuture<AssemblyResult> result) {
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.result = Objects.requireNonNull(result, "result");
    }

    /** Asks the assembly to stop as soon as it can; the result then fails with a CancelledException. */
    public void cancel() {
        cancellation.cancel();
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    public CompletableFuture<AssemblyResult> result() {
        return result;
    }
}
