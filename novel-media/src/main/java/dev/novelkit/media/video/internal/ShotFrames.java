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
 * frame) or a video clip (decoded in step with the output clock, last frame held). Not public API.
 */
public interface ShotFrames extends AutoCloseable {
    /** Frame {@code index} of {@code count}; may return the same buffer as before (see {@link #version()}). */
    Yuv420 frame(long index, long count);

    /** Changes whenever the content returned by {@link #frame} changes. */
    long version();

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
        private final Yuv420 frame;

        public Still(Yuv420 frame) {
            this.frame = frame;
        }

        @Override
        public Yuv420 frame(long index, long count) {
            return frame;
        }

        @Override
        public long version() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    /** A Ken Burns move. */
    final class Moving implements ShotFrames {
        private final KenBurnsFrames kb;
        private final Yuv420 out;
        private long version = -1;

        public Moving(KenBurnsFrames kb) {
            this.kb = kb;
            this.out = new Yuv420(kb.width(), kb.height());
        }

        @Override
        public Yuv420 frame(long index, long count) {
            if (index != version) {
                kb.render(count <= 1 ? 0 : (double) index / (count - 1), out);
                version = index;
            }
            return out;
        }

        @Override
        public long version() {
            return version;
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
        private final Yuv420 out;
        private final int fps;
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
            this.out = new Yuv420(format.width(), format.height()).black();
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
        public Yuv420 frame(long index, long count) {
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
            return out;
        }

        private void convert(Frame f) {
            ByteBuffer buf = (ByteBuffer) f.image[0];
            Yuv420.fromBgr(buf, f.imageStride, offX, offY, out);
            version++;
        }

        @Override
        public long version() {
            return version;
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
