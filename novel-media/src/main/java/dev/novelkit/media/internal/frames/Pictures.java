package dev.novelkit.media.internal.frames;

import dev.novelkit.core.InvalidInputException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads pictures (ImageIO, or FFmpeg for WebP and the like) and scales them with good quality. Not public API. */
public final class Pictures {
    private Pictures() {
    }

    /** Reads a picture file; an unreadable one is an {@link InvalidInputException} naming the file. */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.toString(), Files.isDirectory(file) ? "is a folder, not a picture"
                    : Files.exists(file) ? "not a regular file, not a picture" : "no such picture file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(file.toString(), "cannot read: permission denied");
        }
        BufferedImage img = null;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // try FFmpeg below
        }
        if (img == null) {
            img = readWithFfmpeg(file);
        }
        if (img == null || img.getWidth() < 2 || img.getHeight() < 2) {
            throw new InvalidInputException(file.toString(), "not a picture that ImageIO or FFmpeg can read");
        }
        return img;
    }

    private static BufferedImage readWithFfmpeg(Path file) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            FfmpegLog.quiet();
            g.start();
            Frame f = g.grabImage();
            if (f == null || f.image == null) {
                return null;
            }
            return toIntRgb(conv.getBufferedImage(f));
        } catch (Exception e) {
            return null;
        }
    }

    /** A copy in {@code TYPE_INT_RGB} (transparent parts become black). */
    public static BufferedImage toIntRgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * The centred part of {@code src} with the aspect ratio {@code w:h}, scaled to exactly {@code w x h}
     * ("cover": fills the frame, crops what sticks out). Large reductions go in halving steps to avoid aliasing.
     */
    public static BufferedImage cover(BufferedImage src, int w, int h) {
        double sw = src.getWidth();
        double sh = src.getHeight();
        double target = (double) w / h;
        double cw = sw;
        double ch = sh;
        if (sw / sh > target) {
            cw = sh * target;
        } else {
            ch = sw / target;
        }
        int x0 = (int) Math.round((sw - cw) / 2);
        int y0 = (int) Math.round((sh - ch) / 2);
        int icw = Math.max(1, (int) Math.round(cw));
        int ich = Math.max(1, (int) Math.round(ch));
        BufferedImage cur = src;
        int cx = x0;
        int cy = y0;
        // halve while more than twice too large
        while (icw > 2 * w && ich > 2 * h) {
            int nw = icw / 2;
            int nh = ich / 2;
            BufferedImage half = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            draw(cur, cx, cy, icw, ich, half, nw, nh);
            cur = half;
            cx = 0;
            cy = 0;
            icw = nw;
            ich = nh;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        draw(cur, cx, cy, icw, ich, out, w, h);
        return out;
    }

    private static void draw(BufferedImage src, int sx, int sy, int sw, int sh, BufferedImage dst, int dw, int dh) {
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, dw, dh, sx, sy, sx + sw, sy + sh, null);
        g.dispose();
    }
}
