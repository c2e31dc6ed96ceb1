package dev.novelkit.pipeline;

import java.time.Duration;
import java.util.Objects;

/** What one pipeline step did: how many outputs it made and reused, which backend, how long, what it may cost. */
public record StepReport(String step, String backend, int made, int reused, Duration time, double costUsd,
                         String note) {
    public StepReport {
        Objects.requireNonNull(step, "step");
        backend = backend == null ? "" : backend;
        time = time == null ? Duration.ZERO : time;
        note = note == null ? "" : note;
    }

    public StepReport withNote(String value) {
        return new StepReport(step, backend, made, reused, time, costUsd, value);
    }
}
