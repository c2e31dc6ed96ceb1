package dev.novelkit.llm.swift;

import dev.novelkit.core.progress.ProgressListener;

/**
 * A {@link ProgressListener} that also receives every line swift prints (merged stdout and stderr, secrets masked),
 * for training, merging and serving alike. Called in order from the job's reader thread; must be quick and must not
 * throw.
 */
public interface SwiftListener extends ProgressListener {
    /** One raw line of swift's output. */
    default void onOutput(String line) {
    }
}
