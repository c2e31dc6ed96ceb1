package dev.novelkit.media.internal.frames;

import dev.novelkit.core.BackendException;
import dev.novelkit.media.video.Encoder;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes an H.264 (+ AAC) MP4 with faststart through JavaCV's FFmpegFrameRecorder, into a temporary file beside
 * the target ({@code .NAME.HEX.part.mp4}, locked while written) that is renamed onto it only by {@link #commit()};
 * closing without commit deletes it, and temporaries a killed run left behind are deleted by the next writer of the
 * same target. Takes yuv420p frames (no pixel conversion in FFmpeg) and interleaved float samples. Not public API.
 */
public final class Mp4Writer implements AutoCloseable {
    /**
     * Encoder settings; {@code crf} < 0 or {@code videoBitrate} > 0 selects bitrate mode; {@code threads} is the
     * number of encoder threads, 0 for the encoder's own choice (libx264: 1.5 per core).
     */
    public record Settings(Encoder encoder, String preset, int crf, long videoBitrate, int audioBitrate,
                           int sampleRate, int audioChannels, int threads) {
        /** Settings with the encoder choosing its number of threads. */
        public Settings(Encoder encoder, String preset, int crf, long videoBitrate, int audioBitrate, int sampleRate,
                        int audioChannels) {
            this(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, audioChannels, 0);
        }
    }

    /** Sees each raw picture just before it is encoded (index from 0, yuv420p bytes, read-only, valid during the call). */
    @FunctionalInterface
    public interface Tap {
        void frame(long index, ByteBuffer yuv420p);
    }

    private final Path target;
    private final Path temp;
    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private final ByteBuffer frameBuffer;
    private final FileChannel tempLock;
    private boolean committed;
    private long frames;
    private Tap tap;

    public Mp4Writer(Path target, int width, int height, int fps, Settings s) {
        FfmpegLog.quiet();
        Encoder encoder = s.encoder().resolve();
        this.target = regularTarget(target);
        this.width = width;
        this.height = height;
        Path dir = this.target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(dir.toString(), "cannot create the folder for " + this.target.getFileName()
                    + ": " + reason(e), e);
        }
        removeStaleTemporaries(dir, this.target.getFileName().toString());
        this.temp = dir.resolve("." + this.target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + ".part.mp4");
        this.tempLock = lockNew(temp);
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), width, height, s.audioChannels());
        r.setFormat("mp4");
        r.setVideoCodecName(encoder.ffmpegName());
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        r.setGopSize(encoder == Encoder.LIBX264 ? 250 : fps * 4);
        if (encoder == Encoder.LIBX264) {
            r.setVideoOption("preset", s.preset());
            r.setVideoOption("profile", "high");
            if (s.videoBitrate() > 0 || s.crf() < 0) {
                r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, Math.max(100_000, s.videoBitrate())));
            } else {
                r.setVideoBitrate(0);
                r.setVideoOption("crf", Integer.toString(s.crf()));
            }
        } else {
            long bits = s.videoBitrate() > 0 ? s.videoBitrate() : Math.max(500_000L, (long) width * height * fps / 10);
            r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, bits));
            r.setVideoOption("allow_skip_frames", "0");
        }
        if (s.threads() > 0) {
            r.setVideoOption("threads", Integer.toString(s.threads()));
        }
        r.setVideoOption("colorspace", "bt709");
        r.setVideoOption("color_primaries", "bt709");
        r.setVideoOption("color_trc", "bt709");
        r.setVideoOption("color_range", "tv");
        r.setOption("movflags", "+faststart");
        if (s.audioChannels() > 0) {
            r.setAudioCodecName("aac");
            r.setAudioBitrate(s.audioBitrate());
            r.setSampleRate(s.sampleRate());
        }
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            deleteTemp();
            unlock();
            throw BackendException.builder("ffmpeg", "cannot start the " + encoder.ffmpegName() + " encoder: "
                    + e.getMessage()).cause(e).build();
        }
        this.recorder = r;
        this.frameBuffer = ByteBuffer.allocateDirect(width * height * 3 / 2);
    }

    /** Shows every frame to {@code value} just before encoding it (null: none). */
    public void tap(Tap value) {
        this.tap = value;
    }

    /** Copies a frame into the native buffer and encodes it. */
    public void video(Yuv420 frame) {
        frameBuffer.clear();
        frameBuffer.put(frame.data(), 0, frame.data().length);
        frameBuffer.flip();
        encodeBuffer();
    }

    /** Encodes the frame last passed to {@link #video(Yuv420)} once more (a still that does not change). */
    public void repeat() {
        encodeBuffer();
    }

    private void encodeBuffer() {
        if (tap != null) {
            tap.frame(frames, frameBuffer.asReadOnlyBuffer());
        }
        try {
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, frameBuffer);
            frames++;
        } catch (FrameRecorder.Exception e) {
            throw BackendException.builder("ffmpeg", "encoding frame " + frames + " failed: " + e.getMessage()).cause(e).build();
        }
    }

    /** Encodes interleaved float samples ({@code count} frames of all channels). */
    public void audio(float[] interleaved, int offset, int count, int sampleRate, int channels) {
        if (count <= 0) {
            return;
        }
        FloatBuffer buf = FloatBuffer.wrap(interleaved, offset, count * channels).slice();
        try {
            recorder.recordSamples(sampleRate, channels, buf);
        } catch (FrameRecorder.Exception e) {
            throw BackendException.builder("ffmpeg", "encoding audio failed: " + e.getMessage()).cause(e).build();
        }
    }

    public long frames() {
        return frames;
    }

    /** Flushes the encoders, writes the index at the front (faststart) and renames the file onto the target. */
    public Path commit() {
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw BackendException.builder("ffmpeg", "finishing " + target.getFileName() + " failed: "
                    + e.getMessage()).cause(e).build();
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteTemp();
            throw new InvalidInputException(target.toString(), "cannot move the finished video there: " + reason(e), e);
        } finally {
            unlock();
        }
        committed = true;
        return target;
    }

    /** Discards everything unless committed. */
    @Override
    public void close() {
        if (!committed) {
            committed = true;
            try {
                recorder.release();
            } catch (FrameRecorder.Exception | RuntimeException e) {
                // already failing; the temporary file is removed below
            }
            deleteTemp();
            unlock();
        }
    }

    /**
     * The file to write: {@code target} itself, or the file a symbolic link names (the link stays); refuses anything
     * that exists and is not a regular file (a folder, a FIFO, a device), which a finished MP4 cannot replace.
     */
    private static Path regularTarget(Path target) {
        Path t = target.toAbsolutePath();
        try {
            for (int hops = 0; Files.isSymbolicLink(t) && hops < 40; hops++) {
                t = t.resolveSibling(Files.readSymbolicLink(t)).normalize();
            }
        } catch (IOException e) {
            throw new InvalidInputException(target.toString(), "cannot follow the link: " + reason(e), e);
        }
        if (Files.exists(t) && !Files.isRegularFile(t)) {
            throw new InvalidInputException(target.toString(), (Files.isDirectory(t) ? "is a folder" : "is not a regular file")
                    + "; give the path of an .mp4 file to write");
        }
        return t;
    }

    /**
     * Deletes the temporaries an interrupted earlier run left beside {@code name} ({@code .NAME.HEX.part.mp4}); a
     * temporary another writer still holds (it keeps a lock on it) is left alone.
     */
    static void removeStaleTemporaries(Path dir, String name) {
        Pattern mine = Pattern.compile("\\." + Pattern.quote(name) + "\\.[0-9a-f]{1,16}\\.part\\.mp4");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                f -> mine.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))) {
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE);
                     FileLock lock = ch.tryLock()) {
                    if (lock != null) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException | OverlappingFileLockException e) {
                    // in use by another writer, or gone already
                }
            }
        } catch (IOException e) {
            // nothing to clean, or the folder cannot be listed: the write below reports real problems
        }
    }

    /** Creates {@code temp} and holds a lock on it while it is being written, so no other run takes it for stale. */
    private static FileChannel lockNew(Path temp) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (ch.tryLock() == null) {
                throw new IOException("locked by another process");
            }
            return ch;
        } catch (IOException | OverlappingFileLockException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new InvalidInputException(temp.getParent().toString(), "cannot write a temporary file here: "
                    + reason(e), e);
        }
    }

    private void unlock() {
        try {
            tempLock.close();
        } catch (IOException e) {
            // released anyway when the process ends
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // best effort
        }
    }
}
