package dev.novelkit.media.video.internal;

import dev.novelkit.media.internal.frames.FfmpegLog;
import dev.novelkit.media.internal.frames.KenBurnsFrames;
import dev.novelkit.media.internal.frames.Pictures;
import dev.novelkit.media.internal.frames.Yuv420;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.VideoFormat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The frames of one shot at the output size: a still (converted once), a Ken Burns move (one crop-and-scale per
 * frame, drawn by whichever thread renders the frame) or a video clip (decoded in step with the output clock, last
 * frame held). {@link #frame} is called in frame order from one thread; the pictures it returns can be drawn on any
 * thread. Not public API.
 */
public interface ShotFrames extends AutoCloseable {
    /**
     * One frame of a shot: pixels that are ready (shared, never changed afterwards) or a Ken Burns step still to
     * draw. {@code version} changes whenever the content changes, so equal versions of one shot are equal pictures.
     */
    record Picture(long version, Yuv420 ready, KenBurnsFrames move, double progress) {
        /** The pixels: the ready picture itself, or the move's step drawn into {@code scratch} (which is returned). */
        public Yuv420 draw(java.util.function.Supplier<Yuv420> scratch) {
            if (ready != null) {
                return ready;
            }
            Yuv420 out = scratch.get();
            move.renderHere(progress, out);
            return out;
        }

        /** Whether {@link #draw} returns a shared picture that must not be written to. */
        public boolean shared() {
            return ready != null;
        }
    }

    /** Frame {@code index} of {@code count}; called with rising indexes. */
    Picture frame(long index, long count);

    @Override
    void close();

    /** Prepares the frames of {@code clip} for {@code format}; {@code field} names it in errors. */
    static ShotFrames open(ShotClip clip, VideoFormat format, String field) {
        if (!Files.isRegularFile(clip.file())) {
            throw new InvalidInputException(field + " " + clip.file(), "no such file");
        }
        if (clip.kind() == ShotClip.Kind.VIDEO) {
            return new Clip(clip.file(), format, field);
        }
        BufferedImage img;
        try {
            img = Pictures.read(clip.file());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field + " " + clip.file(), e.problem(), e);
        }
        if (clip.kenBurns() != null && clip.kenBurns().moves()) {
            KenBurnsFrames kb = new KenBurnsFrames(img, clip.kenBurns(), format.width(), format.height());
            return new Moving(kb);
        }
        return new Still(Yuv420.fromRgb(Pictures.cover(img, format.width(), format.height())));
    }

    /** A picture that does not move. */
    final class Still implements ShotFrames {
        private final Picture picture;

        public Still(Yuv420 frame) {
            this.picture = new Picture(0, frame, null, 0);
        }

        @Override
        public Picture frame(long index, long count) {
            return picture;
        }

        @Override
        public void close() {
        }
    }

    /** A Ken Burns move. */
    final class Moving implements ShotFrames {
        private final KenBurnsFrames kb;

        public Moving(KenBurnsFrames kb) {
            this.kb = kb;
        }

        @Override
        public Picture frame(long index, long count) {
            return new Picture(index, null, kb, count <= 1 ? 0 : (double) index / (count - 1));
        }

        @Override
        public void close() {
        }
    }

    /** A video clip, scaled to cover the frame and centred, decoded as the output clock advances. */
    final class Clip implements ShotFrames {
        private final Path file;
        private final String field;
        private final FFmpegFrameGrabber grabber;
        private final int width;
        private final int height;
        private final int fps;
        private Picture current;
        private int offX;
        private int offY;
        private long version = -1;
        private Frame pending;
        private long pendingMicros;
        private long firstMicros = Long.MIN_VALUE;
        private boolean eof;

        Clip(Path file, VideoFormat format, String field) {
            this.file = file;
            this.field = field;
            this.fps = format.fps();
            this.width = format.width();
            this.height = format.height();
            FfmpegLog.quiet();
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
            try {
                g.start();
                int iw = g.getImageWidth();
                int ih = g.getImageHeight();
                if (g.getVideoStream() < 0 || iw <= 0 || ih <= 0) {
                    throw new InvalidInputException(field + " " + file, "has no video stream");
                }
                double scale = Math.max((double) format.width() / iw, (double) format.height() / ih);
                int cw = Math.max(format.width(), (int) Math.ceil(iw * scale)) & ~1;
                int ch = Math.max(format.height(), (int) Math.ceil(ih * scale)) & ~1;
                cw = Math.max(cw, format.width());
                ch = Math.max(ch, format.height());
                offX = ((cw - format.width()) / 2) & ~1;
                offY = ((ch - format.height()) / 2) & ~1;
                g.stop();
                g.setImageWidth(cw);
                g.setImageHeight(ch);
                g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
                g.start();
            } catch (FrameGrabber.Exception e) {
                closeQuietly(g);
                throw new InvalidInputException(field + " " + file, "not a video FFmpeg can read: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(g);
                throw e;
            }
            this.grabber = g;
        }

        @Override
        public Picture frame(long index, long count) {
            long t = Math.round(index * 1_000_000.0 / fps);
            long halfFrame = 500_000L / fps;
            try {
                while (!eof) {
                    if (pending == null) {
                        Frame f = grabber.grabImage();
                        if (f == null || f.image == null) {
                            eof = true;
                            break;
                        }
                        long ts = grabber.getTimestamp();
                        if (firstMicros == Long.MIN_VALUE) {
                            firstMicros = ts;
                        }
                        pending = f;
                        pendingMicros = ts - firstMicros;
                    }
                    if (pendingMicros <= t + halfFrame || version < 0) {
                        convert(pending);
                        pending = null;
                    } else {
                        break;
                    }
                }
            } catch (FrameGrabber.Exception e) {
                throw new InvalidInputException(field + " " + file, "cannot decode video: " + e.getMessage(), e);
            }
            if (version < 0) {
                throw new InvalidInputException(field + " " + file, "has no video frames");
            }
            return current;
        }

        /** Converts into a new picture: the one before may still be in use by a frame being rendered. */
        private void convert(Frame f) {
            ByteBuffer buf = (ByteBuffer) f.image[0];
            Yuv420 out = new Yuv420(width, height);
            Yuv420.fromBgr(buf, f.imageStride, offX, offY, out);
            version++;
            current = new Picture(version, out, null, 0);
        }

        @Override
        public void close() {
            closeQuietly(grabber);
        }

        private static void closeQuietly(FFmpegFrameGrabber g) {
            try {
                g.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }
}
