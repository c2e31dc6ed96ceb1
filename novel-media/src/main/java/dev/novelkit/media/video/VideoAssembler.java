package dev.novelkit.media.video;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.video.internal.AssemblyEngine;
import dev.novelkit.media.internal.frames.Mp4Writer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a {@link Timeline} into an H.264 + AAC MP4 (faststart) with JavaCV/FFmpeg: stills, Ken Burns moves and
 * clips with transitions, voices, ducked music and effects mixed in exact sample positions, subtitles burned in
 * with a CJK font plus an SRT file beside the video. Immutable: every setting returns a new assembler.
 *
 * <pre>{@code
 * AssemblyResult r = VideoAssembler.create().encoder(Encoder.AUTO).crf(23)
 *         .assemble(timeline, Path.of("out.mp4"), ProgressListener.NONE, new Cancellation());
 * }</pre>
 */
public final class VideoAssembler {
    private static final Set<String> X264_PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    private final Encoder encoder;
    private final String preset;
    private final int crf;
    private final long videoBitrate;
    private final int audioBitrate;
    private final int sampleRate;
    private final boolean burnSubtitles;
    private final boolean writeSrt;

    private VideoAssembler(Encoder encoder, String preset, int crf, long videoBitrate, int audioBitrate, int sampleRate,
                           boolean burnSubtitles, boolean writeSrt) {
        this.encoder = encoder;
        this.preset = preset;
        this.crf = crf;
        this.videoBitrate = videoBitrate;
        this.audioBitrate = audioBitrate;
        this.sampleRate = sampleRate;
        this.burnSubtitles = burnSubtitles;
        this.writeSrt = writeSrt;
    }

    /** libx264 where available (else libopenh264), preset veryfast, CRF 23, AAC 128 kb/s at 48 kHz, subtitles burned and written as SRT. */
    public static VideoAssembler create() {
        return new VideoAssembler(Encoder.AUTO, "veryfast", 23, 0, 128_000, 48_000, true, true);
    }

    /** The H.264 encoder; {@link Encoder#AUTO} picks libx264 where the FFmpeg build has it, else libopenh264. */
    public VideoAssembler encoder(Encoder value) {
        return new VideoAssembler(Objects.requireNonNull(value, "encoder"), preset, crf, videoBitrate, audioBitrate,
                sampleRate, burnSubtitles, writeSrt);
    }

    /** The libx264 speed preset (ultrafast ... veryslow). */
    public VideoAssembler preset(String value) {
        if (value == null || !X264_PRESETS.contains(value)) {
            throw new InvalidInputException("preset", "unknown x264 preset '" + value + "' (expected one of " + X264_PRESETS + ")");
        }
        return new VideoAssembler(encoder, value, crf, videoBitrate, audioBitrate, sampleRate, burnSubtitles, writeSrt);
    }

    /** libx264 constant rate factor 0..51 (lower is better and bigger); used unless a video bitrate is set. */
    public VideoAssembler crf(int value) {
        if (value < 0 || value > 51) {
            throw new InvalidInputException("crf", "must be in 0..51, was " + value);
        }
        return new VideoAssembler(encoder, preset, value, videoBitrate, audioBitrate, sampleRate, burnSubtitles, writeSrt);
    }

    /** A target video bitrate in bits per second (0 = CRF for libx264, an automatic bitrate for libopenh264). */
    public VideoAssembler videoBitrate(long bitsPerSecond) {
        if (bitsPerSecond < 0 || bitsPerSecond > 200_000_000L) {
            throw new InvalidInputException("videoBitrate", "must be in 0..200000000, was " + bitsPerSecond);
        }
        return new VideoAssembler(encoder, preset, crf, bitsPerSecond, audioBitrate, sampleRate, burnSubtitles, writeSrt);
    }

    /** The AAC bitrate in bits per second (default 128000). */
    public VideoAssembler audioBitrate(int bitsPerSecond) {
        if (bitsPerSecond < 32_000 || bitsPerSecond > 512_000) {
            throw new InvalidInputException("audioBitrate", "must be in 32000..512000, was " + bitsPerSecond);
        }
        return new VideoAssembler(encoder, preset, crf, videoBitrate, bitsPerSecond, sampleRate, burnSubtitles, writeSrt);
    }

    /** The audio sample rate: 44100 or 48000. */
    public VideoAssembler sampleRate(int hz) {
        if (hz != 44_100 && hz != 48_000) {
            throw new InvalidInputException("sampleRate", "must be 44100 or 48000, was " + hz);
        }
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, hz, burnSubtitles, writeSrt);
    }

    /** Whether subtitles are drawn into the picture (default true). */
    public VideoAssembler burnSubtitles(boolean value) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, value, writeSrt);
    }

    /** Whether an SRT file is written beside the MP4 (default true). */
    public VideoAssembler writeSrt(boolean value) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, burnSubtitles, value);
    }

    /** Assembles without progress reports or cancellation. */
    public AssemblyResult assemble(Timeline timeline, Path out) {
        return assemble(timeline, out, ProgressListener.NONE, new Cancellation());
    }

    /**
     * Assembles {@code timeline} into {@code out} (written atomically; an SRT goes beside it as {@code out.srt}).
     * Cancelling removes the partial output and throws {@link dev.novelkit.core.CancelledException}.
     */
    public AssemblyResult assemble(Timeline timeline, Path out, ProgressListener listener, Cancellation cancellation) {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(out, "out");
        return new AssemblyEngine(timeline, out, settings(), burnSubtitles, writeSrt,
                listener == null ? ProgressListener.NONE : listener,
                cancellation == null ? new Cancellation() : cancellation).run();
    }

    /** Starts assembling on a background thread; the job can be cancelled. */
    public AssemblyJob start(Timeline timeline, Path out, ProgressListener listener) {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<AssemblyResult> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(assemble(timeline, out, listener, cancellation));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "novelkit-assemble");
        t.start();
        return new AssemblyJob(cancellation, future);
    }

    private Mp4Writer.Settings settings() {
        return new Mp4Writer.Settings(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, 2);
    }

    @Override
    public String toString() {
        return "VideoAssembler[encoder=" + encoder + ", preset=" + preset + ", crf=" + crf + ", videoBitrate="
                + videoBitrate + ", audioBitrate=" + audioBitrate + ", sampleRate=" + sampleRate + "]";
    }
}
