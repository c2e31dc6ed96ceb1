package dev.novelkit.media.internal.frames;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Crops a window out of a {@link Yuv420} picture and scales it to the size of another with bilinear filtering in
 * fixed point, sub-pixel exact (so slow pans and zooms glide instead of stepping). Big frames are split over two
 * threads. Not public API.
 */
public final class Resampler {
    private static final int PARALLEL_PIXELS = 600_000;

    private Resampler() {
    }

    /** Renders the window (x0, y0, w, h) in luma pixels of {@code src} into all of {@code dst}. */
    public static void resample(Yuv420 src, double x0, double y0, double w, double h, Yuv420 dst) {
        int ow = dst.width();
        int oh = dst.height();
        if (ow * oh >= PARALLEL_PIXELS && ForkJoinPool.getCommonPoolParallelism() >= 1
                && Runtime.getRuntime().availableProcessors() > 1) {
            int half = (oh / 4) * 2; // even split so chroma rows line up
            CompletableFuture<Void> bottom = CompletableFuture.runAsync(
                    () -> rows(src, x0, y0, w, h, dst, half, oh));
            rows(src, x0, y0, w, h, dst, 0, half);
            bottom.join();
        } else {
            rows(src, x0, y0, w, h, dst, 0, oh);
        }
    }

    /** As {@link #resample}, all on the calling thread. */
    public static void resampleHere(Yuv420 src, double x0, double y0, double w, double h, Yuv420 dst) {
        rows(src, x0, y0, w, h, dst, 0, dst.height());
    }

    /** Luma rows [from, to) and the matching chroma rows. */
    private static void rows(Yuv420 src, double x0, double y0, double w, double h, Yuv420 dst, int from, int to) {
        plane(src.data(), 0, src.width(), src.height(), x0, y0, w, h,
                dst.data(), 0, dst.width(), dst.height(), from, to);
        int scw = src.width() / 2;
        int sch = src.height() / 2;
        int dcw = dst.width() / 2;
        int dch = dst.height() / 2;
        plane(src.data(), src.uOffset(), scw, sch, x0 / 2, y0 / 2, w / 2, h / 2,
                dst.data(), dst.uOffset(), dcw, dch, from / 2, to / 2);
        plane(src.data(), src.vOffset(), scw, sch, x0 / 2, y0 / 2, w / 2, h / 2,
                dst.data(), dst.vOffset(), dcw, dch, from / 2, to / 2);
    }

    private static void plane(byte[] s, int sOff, int sw, int sh, double x0, double y0, double cw, double ch,
                              byte[] d, int dOff, int ow, int oh, int rowFrom, int rowTo) {
        double fx = cw / ow;
        double fy = ch / oh;
        int[] xi = new int[ow];
        int[] xw = new int[ow];
        for (int x = 0; x < ow; x++) {
            double sx = x0 + (x + 0.5) * fx - 0.5;
            if (sx < 0) {
                sx = 0;
            }
            int i = (int) sx;
            if (i >= sw - 1) {
                i = sw - 2;
                sx = sw - 1;
            }
            xi[x] = i;
            xw[x] = (int) ((sx - i) * 256);
        }
        // Source rows interpolated across (x 256), each once: neighbouring output rows mostly share their rows.
        Rows rows = new Rows(s, sOff, sw, xi, xw);
        for (int y = rowFrom; y < rowTo; y++) {
            double sy = y0 + (y + 0.5) * fy - 0.5;
            if (sy < 0) {
                sy = 0;
            }
            int j = (int) sy;
            if (j >= sh - 1) {
                j = sh - 2;
                sy = sh - 1;
            }
            int wy = (int) ((sy - j) * 256);
            int o = dOff + y * ow;
            int[] top = rows.get(j, -1);
            if (wy == 0) {
                for (int x = 0; x < ow; x++) {
                    d[o + x] = (byte) ((top[x] + 128) >> 8);
                }
            } else {
                int[] bot = rows.get(j + 1, j);
                for (int x = 0; x < ow; x++) {
                    int t = top[x];
                    d[o + x] = (byte) (((t << 8) + (bot[x] - t) * wy + 32768) >> 16);
                }
            }
        }
    }

    /** The last two source rows interpolated across: {@code (a << 8) + (b - a) * wx} for every output column. */
    private static final class Rows {
        private final byte[] s;
        private final int sOff;
        private final int sw;
        private final int[] xi;
        private final int[] xw;
        private final int[][] rows;
        private final int[] which = {-1, -1};
        private int next;

        Rows(byte[] s, int sOff, int sw, int[] xi, int[] xw) {
            this.s = s;
            this.sOff = sOff;
            this.sw = sw;
            this.xi = xi;
            this.xw = xw;
            this.rows = new int[2][xi.length];
        }

        /** Source row {@code j} interpolated, computed unless it is one of the last two; never evicts row {@code keep}. */
        int[] get(int j, int keep) {
            if (which[0] == j) {
                return rows[0];
            }
            if (which[1] == j) {
                return rows[1];
            }
            int slot = which[0] == keep ? 1 : which[1] == keep ? 0 : next;
            next = 1 - slot;
            int[] h = rows[slot];
            int r = sOff + j * sw;
            for (int x = 0; x < h.length; x++) {
                int i = r + xi[x];
                int a = s[i] & 255;
                h[x] = (a << 8) + ((s[i + 1] & 255) - a) * xw[x];
            }
            which[slot] = j;
            return h;
        }
    }
}
