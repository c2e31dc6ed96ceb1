package dev.novelkit.core.progress;

import java.util.Objects;

/**
 * One progress report of long work: which task, how many units are done out of how many (total -1 when unknown),
 * and a short human detail such as "loss 1.47, ETA 4m 28s".
 */
public record Progress(String task, long done, long total, String detail) {
    public Progress {
        Objects.requireNonNull(task, "task");
        detail = detail == null ? "" : detail;
        if (done < 0) {
            throw new IllegalArgumentException("done must be >= 0, was " + done);
        }
    }

    public static Progress of(String task, long done, long total) {
        return new Progress(task, done, total, "");
    }

    /** Done / total in [0, 1], or -1 when the total is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    public boolean isComplete() {
        return total >= 0 && done >= total;
    }
}
