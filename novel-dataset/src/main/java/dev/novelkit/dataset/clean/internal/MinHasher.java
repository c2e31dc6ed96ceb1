package dev.novelkit.dataset.clean.internal;

import java.util.SplittableRandom;

/**
 * MinHash over character shingles: each text becomes {@code permutations} minimum hash values of its
 * {@code shingle}-character windows, cut into LSH bands of {@code rows} values. Deterministic (fixed seed).
 */
public final class MinHasher {
    private final int permutations;
    private final int shingle;
    private final int bands;
    private final int rows;
    private final int[] mul;
    private final int[] add;

    public MinHasher(int permutations, int shingle, int bands, int rows) {
        if (bands * rows > permutations) {
            throw new IllegalArgumentException("bands x rows " + bands * rows + " > permutations " + permutations);
        }
        this.permutations = permutations;
        this.shingle = shingle;
        this.bands = bands;
        this.rows = rows;
        SplittableRandom random = new SplittableRandom(0x5EED_CAFEL);
        mul = new int[permutations];
        add = new int[permutations];
        for (int i = 0; i < permutations; i++) {
            mul[i] = random.nextInt() | 1;
            add[i] = random.nextInt();
        }
    }

    public int bands() {
        return bands;
    }

    public int rows() {
        return rows;
    }

    public int permutations() {
        return permutations;
    }

    /** The signature of normalized code points (one shingle of the whole text when it is shorter than a window). */
    public int[] signature(int[] cps, int length) {
        int[] min = new int[permutations];
        java.util.Arrays.fill(min, Integer.MAX_VALUE);
        if (length == 0) {
            return min;
        }
        int windows = Math.max(1, length - shingle + 1);
        int w = Math.min(shingle, length);
        int[] m = mul;
        int[] a = add;
        for (int s = 0; s < windows; s++) {
            long h = 0x243F6A8885A308D3L;
            for (int j = 0; j < w; j++) {
                h = (h ^ cps[s + j]) * 0x9E3779B97F4A7C15L;
            }
            int x = (int) fmix(h);
            for (int p = 0; p < min.length; p++) {
                // 31-bit values so that v - min cannot overflow: a branch-free minimum the JIT vectorizes
                int v = (m[p] * x + a[p]) >>> 1;
                int d = v - min[p];
                min[p] += d & (d >> 31);
            }
        }
        return min;
    }

    /** One key per band, mixing the band's values with its index (so bands never share keys by accident). */
    public int[] bandKeys(int[] signature) {
        int[] keys = new int[bands];
        for (int b = 0; b < bands; b++) {
            long h = 0x9E3779B97F4A7C15L * (b + 1);
            for (int r = 0; r < rows; r++) {
                h = (h ^ signature[b * rows + r]) * 0xBF58476D1CE4E5B9L;
            }
            keys[b] = (int) fmix(h);
        }
        return keys;
    }

    /** The lowest 8 bits of each value: the b-bit signature kept in memory to verify candidates. */
    public static byte[] compact(int[] signature) {
        byte[] out = new byte[signature.length];
        for (int i = 0; i < signature.length; i++) {
            out[i] = (byte) signature[i];
        }
        return out;
    }

    /**
     * The Jaccard similarity estimated from two 8-bit signatures (b-bit minwise hashing: unequal minima still agree
     * in their low 8 bits with probability 1/256, which is corrected for).
     */
    public static double estimate(byte[] a, byte[] b, int bOffset, int length) {
        int equal = 0;
        for (int i = 0; i < length; i++) {
            if (a[i] == b[bOffset + i]) {
                equal++;
            }
        }
        double m = (double) equal / length;
        double c = 1.0 / 256;
        return Math.max(0, (m - c) / (1 - c));
    }

    /**
     * The (bands, rows) with bands x rows <= permutations minimising the false-positive and false-negative areas
     * around {@code threshold}, weighted 0.1 / 0.9 (datasketch's MinHashLSH weighs them 0.5 / 0.5): candidates are
     * verified by their estimated Jaccard, so a false positive only costs one signature comparison while a false
     * negative keeps a duplicate. For 0.7 and 256 permutations: 32 bands of 8 rows, a pair at J = 0.7 becomes a
     * candidate with probability 0.85, at J = 0.75 with 0.97.
     */
    public static int[] optimalBands(double threshold, int permutations) {
        double best = Double.MAX_VALUE;
        int[] result = {1, permutations};
        for (int b = 1; b <= permutations; b++) {
            for (int r = 1; b * r <= permutations; r++) {
                double fp = integrate(b, r, 0, threshold, false);
                double fn = integrate(b, r, threshold, 1, true);
                double error = 0.1 * fp + 0.9 * fn;
                if (error < best) {
                    best = error;
                    result = new int[]{b, r};
                }
            }
        }
        return result;
    }

    private static double integrate(int b, int r, double from, double to, boolean falseNegative) {
        int steps = 200;
        double dx = (to - from) / steps;
        double area = 0;
        for (int i = 0; i < steps; i++) {
            double s = from + (i + 0.5) * dx;
            double p = 1 - Math.pow(1 - Math.pow(s, r), b);
            area += (falseNegative ? 1 - p : p) * dx;
        }
        return area;
    }

    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
