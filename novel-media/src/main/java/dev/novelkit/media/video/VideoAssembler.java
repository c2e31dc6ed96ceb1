package dev.novelkit.media.video;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.internal.frames.Mp4Writer;
import dev.novelkit.media.video.internal.AssemblyEngine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link Timeline} into an H.264 + AAC MP4 (faststart) with JavaCV/FFmpeg: stills, Ken Burns moves and
 * clips with transitions, voices, ducked music and effects mixed in exact sample positions, subtitles burned in
 * with a CJK font plus an SRT file beside the video. Frames are composed ahead of the encoder on
 * {@link #renderThreads(int) several threads}; the pictures handed to the encoder do not depend on how many.
 * Immutable: every setting returns a new assembler.
 *
 * <pre>{@code
 * AssemblyResult r = VideoAssembler.defaults().encoder(Encoder.AUTO).crf(23).assemble(timeline, Path.of("out.mp4"));
 * try (Job<AssemblyResult> job = VideoAssembler.defaults().start(timeline, Path.of("out.mp4"), listener)) {
 *     AssemblyResult done = job.await();
 * }
 * }</pre>
 */
public final class VideoAssembler {
    private final Encoder encoder;
    private final String preset;
    private final int crf;
    private final long videoBitrate;
    private final int audioBitrate;
    private final int sampleRate;
    private final boolean burnSubtitles;
    private final boolean writeSrt;
    private final int renderThreads;
    private final int encoderThreads;
    private final FrameTap frameTap;

    private VideoAssembler(Encoder encoder, String preset, int crf, long videoBitrate, int audioBitrate, int sampleRate,
                           boolean burnSubtitles, boolean writeSrt, int renderThreads, int encoderThreads,
                           FrameTap frameTap) {
        this.encoder = encoder;
        this.preset = preset;
        this.crf = crf;
        this.videoBitrate = videoBitrate;
        this.audioBitrate = audioBitrate;
        this.sampleRate = sampleRate;
        this.burnSubtitles = burnSubtitles;
        this.writeSrt = writeSrt;
        this.renderThreads = renderThreads;
        this.encoderThreads = encoderThreads;
        this.frameTap = frameTap;
    }

    /**
     * libx264 where available (else libopenh264), preset veryfast, CRF 23, AAC 128 kb/s at 48 kHz, subtitles burned
     * and written as SRT, one render thread per processor (at most 8), the encoder's own choice of threads.
     */
    public static VideoAssembler defaults() {
        return new VideoAssembler(Encoder.AUTO, "veryfast", 23, 0, 128_000, 48_000, true, true,
                Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())), 0, null);
    }

    /** The H.264 encoder; {@link Encoder#AUTO} picks libx264 where the FFmpeg build has it, else libopenh264. */
    public VideoAssembler encoder(Encoder value) {
        return new VideoAssembler(Require.nonNull("encoder", value), preset, crf, videoBitrate, audioBitrate,
                sampleRate, burnSubtitles, writeSrt, renderThreads, encoderThreads, frameTap);
    }

    /** The libx264 speed preset (ultrafast ... veryslow). */
    public VideoAssembler preset(String value) {
        return new VideoAssembler(encoder, Require.oneOf("preset", value, Encoder.X264_PRESETS), crf, videoBitrate,
                audioBitrate, sampleRate, burnSubtitles, writeSrt, renderThreads, encoderThreads, frameTap);
    }

    /** libx264 constant rate factor 0..51 (lower is better and bigger); used unless a video bitrate is set. */
    public VideoAssembler crf(int value) {
        return new VideoAssembler(encoder, preset, Require.between("crf", value, 0, 51), videoBitrate, audioBitrate,
                sampleRate, burnSubtitles, writeSrt, renderThreads, encoderThreads, frameTap);
    }

    /** A target video bitrate in bits per second (0 = CRF for libx264, an automatic bitrate for libopenh264). */
    public VideoAssembler videoBitrate(long bitsPerSecond) {
        Require.that(bitsPerSecond >= 0 && bitsPerSecond <= 200_000_000L, "videoBitrate", bitsPerSecond,
                "must be between 0 and 200000000");
        return new VideoAssembler(encoder, preset, crf, bitsPerSecond, audioBitrate, sampleRate, burnSubtitles,
                writeSrt, renderThreads, encoderThreads, frameTap);
    }

    /** The AAC bitrate in bits per second (default 128000). */
    public VideoAssembler audioBitrate(int bitsPerSecond) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate,
                Require.between("audioBitrate", bitsPerSecond, 32_000, 512_000), sampleRate, burnSubtitles, writeSrt,
                renderThreads, encoderThreads, frameTap);
    }

    /** The audio sample rate: 44100 or 48000. */
    public VideoAssembler sampleRate(int hz) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate,
                Require.oneOf("sampleRate", hz, List.of(44_100, 48_000)), burnSubtitles, writeSrt, renderThreads,
                encoderThreads, frameTap);
    }

    /** Whether subtitles are drawn into the picture (default true). */
    public VideoAssembler burnSubtitles(boolean value) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, value, writeSrt,
                renderThreads, encoderThreads, frameTap);
    }

    /** Whether an SRT file is written beside the MP4 (default true). */
    public VideoAssembler writeSrt(boolean value) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, burnSubtitles, value,
                renderThreads, encoderThreads, frameTap);
    }

    /**
     * How many threads compose frames (Ken Burns steps, transitions, subtitles) ahead of the encoder, 1..64
     * (default: one per processor, at most 8); a few frames per thread are held at once. The frames are the same
     * whatever the number.
     */
    public VideoAssembler renderThreads(int value) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, burnSubtitles,
                writeSrt, Require.between("renderThreads", value, 1, 64), encoderThreads, frameTap);
    }

    /**
     * How many threads the H.264 encoder uses, 0..64: 0 (the default) lets the encoder choose (libx264: 1.5 per
     * processor). The encoded stream depends on this number (not on timing): a fixed number gives the same file on
     * every machine.
     */
    public VideoAssembler encoderThreads(int value) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, burnSubtitles,
                writeSrt, renderThreads, Require.between("encoderThreads", value, 0, 64), frameTap);
    }

    /** Shows every frame to {@code tap} just before it is encoded (null: none); for checks and previews. */
    public VideoAssembler frameTap(FrameTap tap) {
        return new VideoAssembler(encoder, preset, crf, videoBitrate, audioBitrate, sampleRate, burnSubtitles,
                writeSrt, renderThreads, encoderThreads, tap);
    }

    /** Assembles without progress reports; {@code start(timeline, out, ProgressListener.NONE).await()}. */
    public AssemblyResult assemble(Timeline timeline, Path out) {
        return start(timeline, out, ProgressListener.NONE).await();
    }

    /**
     * Assembles {@code timeline} into {@code out} (written atomically; an SRT goes beside it as {@code out.srt}),
     * waiting for the end; {@code cancellation} stops it from another thread, which removes the partial output and
     * throws {@link dev.novelkit.core.CancelledException}.
     */
    public AssemblyResult assemble(Timeline timeline, Path out, ProgressListener listener, Cancellation cancellation) {
        return start(timeline, out, listener, cancellation == null ? new Cancellation() : cancellation).await();
    }

    /** Starts assembling on a worker thread; {@link Job#cancel()} stops it and removes the partial output. */
    public Job<AssemblyResult> start(Timeline timeline, Path out, ProgressListener listener) {
        return start(timeline, out, listener, new Cancellation());
    }

    private Job<AssemblyResult> start(Timeline timeline, Path out, ProgressListener listener, Cancellation cancellation) {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(out, "out");
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        Mp4Writer.Settings settings = new Mp4Writer.Settings(encoder, preset, crf, videoBitrate, audioBitrate,
                sampleRate, 2, encoderThreads);
        Mp4Writer.Tap tap = frameTap == null ? null : frameTap::frame;
        return Job.start("assembling " + out.getFileName(), l, cancellation, (c, pl) -> new AssemblyEngine(timeline,
                out, settings, burnSubtitles, writeSrt, renderThreads, tap, pl, c).run());
    }

    /** The settings that shape the output (the number of render threads and the tap do not, so they are left out). */
    @Override
    public String toString() {
        return "VideoAssembler[encoder=" + encoder + ", preset=" + preset + ", crf=" + crf + ", videoBitrate="
                + videoBitrate + ", audioBitrate=" + audioBitrate + ", sampleRate=" + sampleRate + ", burnSubtitles="
                + burnSubtitles + ", writeSrt=" + writeSrt + ", encoderThreads=" + encoderThreads + "]";
    }
}
