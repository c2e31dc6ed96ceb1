package dev.novelkit.core.progress;

/**
 * Receives progress of long work (LLM batches, training, rendering). Methods are called in order, from the
 * worker's thread or threads; they must be quick and must not throw.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** Units of work were finished. */
    default void onProgress(Progress progress) {
    }

    /** A one-line human message (a step started, a fallback was used, a warning). */
    default void onMessage(String message) {
    }
}
