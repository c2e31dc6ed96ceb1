package dev.novelkit.media.internal.frames;

import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.video.KenBurns;

import java.awt.image.BufferedImage;

/**
 * Frames of a Ken Burns move over one still: the still is scaled once to the output size times the zoom (so the
 * tight end of the move is pixel-exact), converted to YUV once, and each frame is a bilinear crop-and-scale of it.
 * Not public API.
 */
public final class KenBurnsFrames {
    private final Yuv420 source;
    private final KenBurns move;
    private final int width;
    private final int height;

    public KenBurnsFrames(BufferedImage still, KenBurns move, int width, int height) {
        this.move = move;
        this.width = width;
        this.height = height;
        int sw = (int) Math.round(width * move.zoom()) & ~1;
        int sh = (int) Math.round(height * move.zoom()) & ~1;
        this.source = Yuv420.fromRgb(Pictures.cover(still, Math.max(sw, width), Math.max(sh, height)));
    }

    /** Renders the frame at {@code progress} (0 = first frame, 1 = last) into {@code out}; big frames use two threads. */
    public void render(double progress, Yuv420 out) {
        double[] w = window(progress);
        Resampler.resample(source, w[0], w[1], w[2], w[3], out);
    }

    /**
     * As {@link #render}, all on the calling thread (for callers that render several frames at once); the pixels are
     * the same. Safe to call from several threads at once, each with its own {@code out}.
     */
    public void renderHere(double progress, Yuv420 out) {
        double[] w = window(progress);
        Resampler.resampleHere(source, w[0], w[1], w[2], w[3], out);
    }

    /** The source window (x0, y0, width, height) shown at {@code progress}. */
    private double[] window(double progress) {
        double e = move.easing().apply(progress);
        double sw = source.width();
        double sh = source.height();
        double z = move.zoom();
        double x0;
        double y0;
        double cw;
        double ch;
        CameraMove m = move.move();
        switch (m) {
            case ZOOM_IN, ZOOM_OUT -> {
                double s = m == CameraMove.ZOOM_IN ? 1 + (z - 1) * e : z - (z - 1) * e;
                cw = sw / s;
                ch = sh / s;
                x0 = (sw - cw) / 2;
                y0 = (sh - ch) / 2;
            }
            case PAN_LEFT, PAN_RIGHT -> {
                cw = sw / z;
                ch = sh / z;
                double travel = sw - cw;
                x0 = m == CameraMove.PAN_RIGHT ? travel * e : travel * (1 - e);
                y0 = (sh - ch) / 2;
            }
            case TILT_UP, TILT_DOWN -> {
                cw = sw / z;
                ch = sh / z;
                double travel = sh - ch;
                y0 = m == CameraMove.TILT_DOWN ? travel * e : travel * (1 - e);
                x0 = (sw - cw) / 2;
            }
            default -> {
                cw = sw;
                ch = sh;
                x0 = 0;
                y0 = 0;
            }
        }
        return new double[]{x0, y0, cw, ch};
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
