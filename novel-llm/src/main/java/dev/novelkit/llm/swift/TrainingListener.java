package dev.novelkit.llm.swift;

import dev.novelkit.core.progress.ProgressListener;

/**
 * A {@link ProgressListener} that also receives each parsed swift metrics record and, if wanted, every raw output
 * line. Methods are called in order from the job's reader thread; they must be quick and must not throw.
 */
public interface TrainingListener extends ProgressListener {
    /** A metrics record: a logging step, an evaluation or the closing summary. */
    default void onTraining(TrainingProgress progress) {
    }

    /** One raw line of swift's merged stdout and stderr. */
    default void onOutput(String line) {
    }
}
