package dev.novelkit.media.internal.frames;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * A planar YUV 4:2:0 picture (BT.709, limited range) in one byte array: Y, then U, then V, no padding, the layout
 * FFmpeg calls yuv420p. Mutable; not thread-safe.
 */
public final class Yuv420 {
    private final int width;
    private final int height;
    private final byte[] data;

    public Yuv420(int width, int height) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("YUV 4:2:0 needs even sizes, was " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.data = new byte[width * height * 3 / 2];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public byte[] data() {
        return data;
    }

    public int uOffset() {
        return width * height;
    }

    public int vOffset() {
        return width * height + (width / 2) * (height / 2);
    }

    /** Black (Y 16, U and V 128). */
    public Yuv420 black() {
        Arrays.fill(data, 0, uOffset(), (byte) 16);
        Arrays.fill(data, uOffset(), data.length, (byte) 128);
        return this;
    }

    public void copyFrom(Yuv420 other) {
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    /** Converts an RGB picture of exactly this size (BT.709 limited range, chroma from 2x2 averages). */
    public static Yuv420 fromRgb(BufferedImage rgb) {
        BufferedImage img = rgb.getType() == BufferedImage.TYPE_INT_RGB ? rgb : Pictures.toIntRgb(rgb);
        int w = img.getWidth() & ~1;
        int h = img.getHeight() & ~1;
        Yuv420 out = new Yuv420(w, h);
        int stride = img.getWidth();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        byte[] d = out.data;
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int p = px[row + x];
                int r = (p >> 16) & 255;
                int g = (p >> 8) & 255;
                int b = p & 255;
                d[o + x] = (byte) (16 + ((11966 * r + 40254 * g + 4064 * b + 32768) >> 16));
            }
        }
        int cw = w / 2;
        int uo = out.uOffset();
        int vo = out.vOffset();
        for (int y = 0; y < h / 2; y++) {
            int r0 = 2 * y * stride;
            int r1 = r0 + stride;
            for (int x = 0; x < cw; x++) {
                int a = px[r0 + 2 * x];
                int b2 = px[r0 + 2 * x + 1];
                int c = px[r1 + 2 * x];
                int e = px[r1 + 2 * x + 1];
                int r = ((a >> 16) & 255) + ((b2 >> 16) & 255) + ((c >> 16) & 255) + ((e >> 16) & 255);
                int g = ((a >> 8) & 255) + ((b2 >> 8) & 255) + ((c >> 8) & 255) + ((e >> 8) & 255);
                int b = (a & 255) + (b2 & 255) + (c & 255) + (e & 255);
                // sums of 4 pixels: shift by 18 instead of 16
                d[uo + y * cw + x] = (byte) (128 + ((-6598 * r - 22187 * g + 28784 * b + (1 << 17)) >> 18));
                d[vo + y * cw + x] = (byte) (128 + ((28784 * r - 26148 * g - 2637 * b + (1 << 17)) >> 18));
            }
        }
        return out;
    }

    /**
     * Converts the window of {@code out}'s size at ({@code offX}, {@code offY}) of a packed BGR24 picture with
     * {@code stride} bytes per row into {@code out}.
     */
    public static void fromBgr(java.nio.ByteBuffer bgr, int stride, int offX, int offY, Yuv420 out) {
        int w = out.width;
        int h = out.height;
        byte[] row0 = new byte[w * 3];
        byte[] row1 = new byte[w * 3];
        byte[] d = out.data;
        int cw = w / 2;
        int uo = out.uOffset();
        int vo = out.vOffset();
        for (int y = 0; y < h; y += 2) {
            bgr.get((offY + y) * stride + offX * 3, row0, 0, w * 3);
            bgr.get((offY + y + 1) * stride + offX * 3, row1, 0, w * 3);
            for (int x = 0; x < w; x++) {
                int i = x * 3;
                d[y * w + x] = luma(row0[i + 2] & 255, row0[i + 1] & 255, row0[i] & 255);
                d[(y + 1) * w + x] = luma(row1[i + 2] & 255, row1[i + 1] & 255, row1[i] & 255);
            }
            for (int x = 0; x < cw; x++) {
                int i = x * 6;
                int r = (row0[i + 2] & 255) + (row0[i + 5] & 255) + (row1[i + 2] & 255) + (row1[i + 5] & 255);
                int g = (row0[i + 1] & 255) + (row0[i + 4] & 255) + (row1[i + 1] & 255) + (row1[i + 4] & 255);
                int b = (row0[i] & 255) + (row0[i + 3] & 255) + (row1[i] & 255) + (row1[i + 3] & 255);
                d[uo + (y / 2) * cw + x] = (byte) (128 + ((-6598 * r - 22187 * g + 28784 * b + (1 << 17)) >> 18));
                d[vo + (y / 2) * cw + x] = (byte) (128 + ((28784 * r - 26148 * g - 2637 * b + (1 << 17)) >> 18));
            }
        }
    }

    private static byte luma(int r, int g, int b) {
        return (byte) (16 + ((11966 * r + 40254 * g + 4064 * b + 32768) >> 16));
    }

    /** {@code out = a·(1-t) + b·t} for every sample (a crossfade step); t in [0, 1]. */
    public static void mix(Yuv420 a, Yuv420 b, double t, Yuv420 out) {
        int wt = (int) Math.round(Math.min(1, Math.max(0, t)) * 256);
        int wa = 256 - wt;
        byte[] x = a.data;
        byte[] y = b.data;
        byte[] o = out.data;
        for (int i = 0; i < o.length; i++) {
            o[i] = (byte) (((x[i] & 255) * wa + (y[i] & 255) * wt + 128) >> 8);
        }
    }

    /** {@code out = src} faded towards black by {@code level} (1 = unchanged, 0 = black). */
    public static void fade(Yuv420 src, double level, Yuv420 out) {
        int l = (int) Math.round(Math.min(1, Math.max(0, level)) * 256);
        byte[] s = src.data;
        byte[] o = out.data;
        int uo = src.uOffset();
        for (int i = 0; i < uo; i++) {
            o[i] = (byte) (16 + ((((s[i] & 255) - 16) * l + 128) >> 8));
        }
        for (int i = uo; i < o.length; i++) {
            o[i] = (byte) (128 + ((((s[i] & 255) - 128) * l + 128) >> 8));
        }
    }

    /** The picture back as RGB (for tests and previews). */
    public BufferedImage toRgb() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int cw = width / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double yy = ((data[y * width + x] & 255) - 16) * 255.0 / 219;
                double u = ((data[uOffset() + (y / 2) * cw + x / 2] & 255) - 128) * 255.0 / 224;
                double v = ((data[vOffset() + (y / 2) * cw + x / 2] & 255) - 128) * 255.0 / 224;
                int r = clamp(yy + 1.5748 * v);
                int g = clamp(yy - 0.1873 * u - 0.4681 * v);
                int b = clamp(yy + 1.8556 * u);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
