package dev.novelkit.dataset.clean.internal;

import java.util.Arrays;

/** Exact counts of small non-negative integers (token lengths), for min / mean / percentiles / max. */
public final class Histogram {
    private static final int CAP = 1 << 22;
    private long[] counts = new long[1024];
    private long n;
    private long sum;
    private int min = Integer.MAX_VALUE;
    private int max = Integer.MIN_VALUE;

    public void add(int value) {
        int v = Math.max(0, value);
        int bucket = Math.min(v, CAP - 1);
        if (bucket >= counts.length) {
            counts = Arrays.copyOf(counts, Math.min(CAP, Math.max(bucket + 1, counts.length * 2)));
        }
        counts[bucket]++;
        n++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    public long count() {
        return n;
    }

    public int min() {
        return n == 0 ? 0 : min;
    }

    public int max() {
        return n == 0 ? 0 : max;
    }

    public double mean() {
        return n == 0 ? 0 : (double) sum / n;
    }

    /** The smallest value v such that at least {@code p} of the values are <= v (nearest-rank percentile). */
    public int percentile(double p) {
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == CAP - 1 ? max : i;
            }
        }
        return max;
    }
}
