package dev.novelkit.media.internal.frames;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resampler gives, to the bit, the bilinear value the formula defines for every output pixel (the reference
 * below computes it pixel by pixel, the way the resampler did before it learnt to reuse source rows), for zooms in
 * and out, pans, windows at the edges and odd sizes, on one thread or two.
 */
class ResamplerTest {
    @Test
    void every_pixel_is_the_bilinear_value_of_its_window_whatever_the_scale_and_position() {
        Random random = new Random(20240611);
        for (int round = 0; round < 300; round++) {
            int sw = 2 * (4 + random.nextInt(200));
            int sh = 2 * (4 + random.nextInt(200));
            int ow = 2 * (2 + random.nextInt(160));
            int oh = 2 * (2 + random.nextInt(160));
            Yuv420 src = new Yuv420(sw, sh);
            random.nextBytes(src.data());
            double w = sw * (0.3 + 0.7 * random.nextDouble());
            double h = sh * (0.3 + 0.7 * random.nextDouble());
            double x0 = round % 7 == 0 ? 0 : (sw - w) * random.nextDouble();
            double y0 = round % 11 == 0 ? sh - h : (sh - h) * random.nextDouble();
            if (round % 3 == 0) { // whole source rows (no vertical blend): one to one, or two rows to one
                int step = 1 + round % 2;
                oh = Math.max(2, Math.min(oh, sh / step - 2) & ~1);
                h = oh * step;
                y0 = random.nextInt(sh - (int) h);
            }
            Yuv420 expected = new Yuv420(ow, oh);
            reference(src, x0, y0, w, h, expected);
            Yuv420 here = new Yuv420(ow, oh);
            Yuv420 split = new Yuv420(ow, oh);

            Resampler.resampleHere(src, x0, y0, w, h, here);
            Resampler.resample(src, x0, y0, w, h, split);

            assertThat(here.data()).as("round %d: %dx%d window (%.2f, %.2f, %.2f, %.2f) to %dx%d",
                    round, sw, sh, x0, y0, w, h, ow, oh).isEqualTo(expected.data());
            assertThat(split.data()).isEqualTo(expected.data());
        }
    }

    @Test
    void a_frame_big_enough_to_be_split_over_two_threads_is_the_same_as_on_one() {
        Random random = new Random(7);
        Yuv420 src = new Yuv420(1242, 2208);
        random.nextBytes(src.data());
        Yuv420 expected = new Yuv420(1080, 1920);
        reference(src, 81.3, 40.7, 1080.4, 1920.9, expected);
        Yuv420 split = new Yuv420(1080, 1920);

        Resampler.resample(src, 81.3, 40.7, 1080.4, 1920.9, split);

        assertThat(split.data()).isEqualTo(expected.data());
    }

    /** The bilinear value of every pixel, computed on its own from four source samples. */
    private static void reference(Yuv420 src, double x0, double y0, double w, double h, Yuv420 dst) {
        plane(src.data(), 0, src.width(), src.height(), x0, y0, w, h, dst.data(), 0, dst.width(), dst.height());
        plane(src.data(), src.uOffset(), src.width() / 2, src.height() / 2, x0 / 2, y0 / 2, w / 2, h / 2,
                dst.data(), dst.uOffset(), dst.width() / 2, dst.height() / 2);
        plane(src.data(), src.vOffset(), src.width() / 2, src.height() / 2, x0 / 2, y0 / 2, w / 2, h / 2,
                dst.data(), dst.vOffset(), dst.width() / 2, dst.height() / 2);
    }

    private static void plane(byte[] s, int sOff, int sw, int sh, double x0, double y0, double cw, double ch,
                              byte[] d, int dOff, int ow, int oh) {
        for (int y = 0; y < oh; y++) {
            double sy = Math.max(0, y0 + (y + 0.5) * (ch / oh) - 0.5);
            int j = (int) sy;
            if (j >= sh - 1) {
                j = sh - 2;
                sy = sh - 1;
            }
            int wy = (int) ((sy - j) * 256);
            for (int x = 0; x < ow; x++) {
                double sx = Math.max(0, x0 + (x + 0.5) * (cw / ow) - 0.5);
                int i = (int) sx;
                if (i >= sw - 1) {
                    i = sw - 2;
                    sx = sw - 1;
                }
                int wx = (int) ((sx - i) * 256);
                int r0 = sOff + j * sw;
                int r1 = r0 + sw;
                int a = s[r0 + i] & 255;
                int b = s[r0 + i + 1] & 255;
                int c = s[r1 + i] & 255;
                int e = s[r1 + i + 1] & 255;
                int top = (a << 8) + (b - a) * wx;
                int bot = (c << 8) + (e - c) * wx;
                d[dOff + y * ow + x] = (byte) (wy == 0 ? (top + 128) >> 8 : ((top << 8) + (bot - top) * wy + 32768) >> 16);
            }
        }
    }
}
