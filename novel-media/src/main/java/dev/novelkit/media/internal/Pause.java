package dev.novelkit.media.internal;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;

import java.time.Duration;

/** A pause between polls or retries that ends early, with {@link CancelledException}, when cancelled. Not public API. */
public final class Pause {
    private Pause() {
    }

    /** Sleeps {@code d} in short steps, checking {@code cancel}; {@code what} names the waiting in the exception. */
    public static void sleep(Duration d, Cancellation cancel, String what) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            cancel.throwIfCancelled(what);
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException(what);
            }
        }
    }
}
