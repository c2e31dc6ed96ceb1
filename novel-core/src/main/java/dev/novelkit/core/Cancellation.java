package dev.novelkit.core;

import java.util.concurrent.atomic.AtomicBoolean;

/** A thread-safe flag that long work checks between steps; {@link #cancel()} asks it to stop as soon as it can. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the work to stop. Idempotent. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} naming {@code what} if cancellation was asked for. */
    public void throwIfCancelled(String what) {
        if (cancelled.get()) {
            throw new CancelledException(what);
        }
    }
}
