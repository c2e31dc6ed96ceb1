package dev.novelkit.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * What one pipeline step did: how many outputs it made and reused, which backend, its wall time (first start to
 * last end: steps overlap), what it may cost, and for remote work the summed service time (above the wall time
 * when several requests run at once), the retries and the throttled resubmissions.
 */
public record StepReport(String step, String backend, int made, int reused, Duration time, double costUsd,
                         String note, Duration serviceTime, long retries, long throttles) {
    public StepReport {
        Objects.requireNonNull(step, "step");
        backend = backend == null ? "" : backend;
        time = time == null ? Duration.ZERO : time;
        note = note == null ? "" : note;
        serviceTime = serviceTime == null ? Duration.ZERO : serviceTime;
    }

    /** A step without remote work. */
    public StepReport(String step, String backend, int made, int reused, Duration time, double costUsd, String note) {
        this(step, backend, made, reused, time, costUsd, note, Duration.ZERO, 0, 0);
    }

    /** The same report with another note. */
    public StepReport note(String value) {
        return new StepReport(step, backend, made, reused, time, costUsd, value, serviceTime, retries, throttles);
    }
}
