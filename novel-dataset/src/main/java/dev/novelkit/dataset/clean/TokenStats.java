package dev.novelkit.dataset.clean;

import java.util.Locale;

/** Token-length statistics of a set of samples: count, min, mean, median, 95th percentile, max. */
public record TokenStats(long count, int min, double mean, int p50, int p95, int max) {
    public TokenStats {
        if (count < 0 || min < 0 || max < min && count > 0) {
            throw new IllegalArgumentException("inconsistent token stats: count " + count + ", min " + min + ", max " + max);
        }
    }

    /** No samples. */
    public static TokenStats empty() {
        return new TokenStats(0, 0, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "min %d, mean %.1f, p50 %d, p95 %d, max %d", min, mean, p50, p95, max);
    }
}
