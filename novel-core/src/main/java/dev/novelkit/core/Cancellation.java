package dev.novelkit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread-safe flag that long work checks between steps; {@link #cancel()} asks it to stop as soon as it can.
 * Work that blocks (a child process, an HTTP call, a sleep) registers a hook with {@link #onCancel} that ends the
 * blocking thing at once.
 */
public final class Cancellation {
    /** Removes a hook registered with {@link #onCancel} once the blocking step it guards is over. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Runnable> hooks = new ArrayList<>();
    private boolean cancelled;

    /** Asks the work to stop and runs every registered hook once. Idempotent. */
    public void cancel() {
        List<Runnable> run;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            run = List.copyOf(hooks);
            hooks.clear();
        }
        for (Runnable hook : run) {
            try {
                hook.run();
            } catch (RuntimeException ignored) {
                // a hook that fails must not stop the others from running
            }
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} naming {@code what} if cancellation was asked for. */
    public void throwIfCancelled(String what) {
        if (isCancelled()) {
            throw new CancelledException(what);
        }
    }

    /**
     * Runs {@code hook} when {@link #cancel()} is called (at once, on this thread, if it already was). Close the
     * returned registration when the step it guards is over.
     */
    public Registration onCancel(Runnable hook) {
        synchronized (this) {
            if (!cancelled) {
                hooks.add(hook);
                return () -> {
                    synchronized (Cancellation.this) {
                        hooks.remove(hook);
                    }
                };
            }
        }
        hook.run();
        return () -> {
        };
    }
}
