package dev.novelkit.media.internal.frames;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.io.FileProblems;
import dev.novelkit.media.video.Encoder;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * Writes an H.264 (+ AAC) MP4 with faststart through JavaCV's FFmpegFrameRecorder, into a temporary file beside
 * the target that is renamed onto it only by {@link #commit()}; closing without commit deletes it. Takes yuv420p
 * frames (no pixel conversion in FFmpeg) and interleaved float samples. Not public API.
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
    private boolean committed;
    private long frames;
    private Tap tap;

    public Mp4Writer(Path target, int width, int height, int fps, Settings s) {
        FfmpegLog.quiet();
        Encoder encoder = s.encoder().resolve();
        this.target = target.toAbsolutePath();
        this.width = width;
        this.height = height;
        try {
            // beside the file the target resolves to (through links), or in /tmp for a FIFO or device; made here so
            // that a folder that cannot be written is reported as such, not as an encoder failure
            this.temp = AtomicFiles.createTemporary(this.target, ".part.mp4");
        } catch (IOException e) {
            throw FileProblems.writing(this.target, e);
        }
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
            AtomicFiles.publish(temp, target);
        } catch (IOException e) {
            deleteTemp();
            throw FileProblems.writing(target, e);
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
        }
    }

    private void deleteTemp() {
        AtomicFiles.discard(temp);
    }
}
