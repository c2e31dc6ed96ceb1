package dev.novelkit.examples.cli;

import dev.novelkit.core.progress.Progress;
import dev.novelkit.llm.swift.TrainingListener;

/** What the swift commands show while swift runs: progress and messages on the bar, swift's own lines if asked for. */
final class SwiftProgress implements TrainingListener {
    private final ProgressBar bar = ProgressBar.stderr();
    private final boolean echo;

    /** {@code echo}: pass each line swift prints on to stderr. */
    SwiftProgress(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void onProgress(Progress p) {
        bar.onProgress(p);
    }

    @Override
    public void onMessage(String message) {
        bar.onMessage(message);
    }

    @Override
    public void onOutput(String line) {
        if (echo) {
            System.err.println(line);
        }
    }
}
