package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.llm.swift.internal.ChildProcess;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A swift child process started for a job: cancelling the job stops its whole process tree (the registration on the
 * job's {@link Cancellation}), and the exit code arrives once its output has been read to the end.
 */
final class Launch {
    final ChildProcess child;
    final CompletableFuture<Integer> exit;
    final Cancellation.Registration stopOnCancel;
    private final String what;
    private final Duration grace;

    private Launch(String what, ChildProcess child, CompletableFuture<Integer> exit, Cancellation cancellation,
                   Duration grace) {
        this.what = what;
        this.child = child;
        this.exit = exit;
        this.grace = grace;
        this.stopOnCancel = cancellation.onCancel(() -> child.destroyTree(grace));
    }

    /** Starts {@code command} with its output piped to {@code onLine}; {@code what} ("swift sft") names it in errors. */
    static Launch piped(String what, SwiftCommand command, Cancellation cancellation, Duration grace,
                        Consumer<String> onLine) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ChildProcess child = ChildProcess.start("swift", command, onLine, (c, code) -> exit.complete(code));
        return new Launch(what, child, exit, cancellation, grace);
    }

    /** Starts {@code command} on this process's terminal. */
    static Launch interactive(String what, SwiftCommand command, Cancellation cancellation, Duration grace) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ChildProcess child = ChildProcess.startInteractive("swift", command, (c, code) -> exit.complete(code));
        return new Launch(what, child, exit, cancellation, grace);
    }

    /**
     * Waits for the exit code (the output read to its end). Cancelled or interrupted: the tree is stopped, its end
     * waited for, and a {@link CancelledException} thrown.
     */
    int awaitExit(Cancellation cancellation) {
        try {
            int code = exit.get();
            if (cancellation.isCancelled()) {
                throw new CancelledException(what);
            }
            return code;
        } catch (InterruptedException e) {
            child.destroyTree(grace);
            try {
                exit.get(grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
                // stopped as far as it can be; the cancellation is what matters now
            }
            throw new CancelledException(what);
        } catch (ExecutionException e) {
            throw BackendException.builder("swift", what + " failed: " + e.getCause()).cause(e.getCause()).build();
        }
    }

    /** Stops the tree now (a job that gives up on the process before it ends). */
    void stop() {
        stopOnCancel.close();
        child.destroyTree(grace);
    }
}
