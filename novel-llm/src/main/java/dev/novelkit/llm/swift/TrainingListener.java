package dev.novelkit.llm.swift;

/**
 * A {@link SwiftListener} that also receives each parsed swift metrics record. Methods are called in order from the
 * job's reader threads; they must be quick and must not throw.
 */
public interface TrainingListener extends SwiftListener {
    /** A metrics record: a logging step, an evaluation or the closing summary. */
    default void onTraining(TrainingProgress progress) {
    }
}
