package dev.novelkit.media.shot;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.internal.frames.KenBurnsFrames;
import dev.novelkit.media.internal.frames.Mp4Writer;
import dev.novelkit.media.internal.frames.Pictures;
import dev.novelkit.media.internal.frames.Yuv420;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * The offline shot backend: a smooth, eased pan or zoom over a still (Ken Burns), rendered with JavaCV into an
 * H.264 MP4 of the chosen size, frame rate and length. No account, no GPU. Immutable.
 */
public final class KenBurnsShotRenderer implements ShotBackend {
    private final Encoder encoder;
    private final String preset;
    private final int crf;
    private final double zoom;
    private final KenBurns.Easing easing;
    private final ProgressListener listener;

    private KenBurnsShotRenderer(Encoder encoder, String preset, int crf, double zoom, KenBurns.Easing easing,
                                 ProgressListener listener) {
        this.encoder = encoder;
        this.preset = preset;
        this.crf = crf;
        this.zoom = zoom;
        this.easing = easing;
        this.listener = listener;
    }

    /**
     * libx264 (else libopenh264), preset superfast, CRF 20, 15% zoom, eased. A shot is usually an intermediate
     * file that the assembler encodes again, so speed matters more than size here: superfast at CRF 20 keeps the
     * picture as good as veryfast at CRF 23 in a larger file, at about twice the speed on moving detail.
     */
    public static KenBurnsShotRenderer defaults() {
        return new KenBurnsShotRenderer(Encoder.AUTO, "superfast", 20, KenBurns.DEFAULT_ZOOM, KenBurns.Easing.EASE_IN_OUT,
                ProgressListener.NONE);
    }

    /** The H.264 encoder (default {@link Encoder#AUTO}). */
    public KenBurnsShotRenderer encoder(Encoder value) {
        return new KenBurnsShotRenderer(Require.nonNull("encoder", value), preset, crf, zoom, easing, listener);
    }

    /** libx264's speed preset, one of {@link Encoder#X264_PRESETS} (default superfast). */
    public KenBurnsShotRenderer preset(String value) {
        return new KenBurnsShotRenderer(encoder, Require.oneOf("preset", value, Encoder.X264_PRESETS), crf, zoom,
                easing, listener);
    }

    /** libx264 constant rate factor 0..51 (default 20). */
    public KenBurnsShotRenderer crf(int value) {
        return new KenBurnsShotRenderer(encoder, preset, Require.between("crf", value, 0, 51), zoom, easing, listener);
    }

    /** How much the picture is enlarged at the tight end of the move (1.0..2.0, default 1.15). */
    public KenBurnsShotRenderer zoom(double value) {
        return new KenBurnsShotRenderer(encoder, preset, crf, Require.between("zoom", value, 1.0, 2.0), easing,
                listener);
    }

    public KenBurnsShotRenderer easing(KenBurns.Easing value) {
        return new KenBurnsShotRenderer(encoder, preset, crf, zoom, Require.nonNull("easing", value), listener);
    }

    /** Receives a progress event per half second of video rendered. */
    public KenBurnsShotRenderer listener(ProgressListener value) {
        return new KenBurnsShotRenderer(encoder, preset, crf, zoom, easing, value == null ? ProgressListener.NONE : value);
    }

    @Override
    public String name() {
        return "kenburns";
    }

    @Override
    public boolean isOffline() {
        return true;
    }

    @Override
    public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
        BufferedImage still = Pictures.read(request.image());
        return RenderedShot.local(render(still, new KenBurns(request.move(), zoom, easing), request.format(),
                request.seconds(), out, cancellation));
    }

    /** Renders {@code move} over {@code still} for {@code seconds} into {@code out}; returns {@code out}. */
    public Path render(BufferedImage still, KenBurns move, VideoFormat format, double seconds, Path out,
                       Cancellation cancellation) {
        Cancellation cancel = cancellation == null ? new Cancellation() : cancellation;
        long frames = Math.max(1, format.frameAt(Timeline.micros(seconds)));
        Mp4Writer.Settings settings = new Mp4Writer.Settings(encoder, preset, crf, 0, 0, 0, 0);
        try (Mp4Writer writer = new Mp4Writer(out, format.width(), format.height(), format.fps(), settings)) {
            if (move.moves()) {
                KenBurnsFrames kb = new KenBurnsFrames(still, move, format.width(), format.height());
                Yuv420 frame = new Yuv420(format.width(), format.height());
                for (long i = 0; i < frames; i++) {
                    cancel.throwIfCancelled("rendering " + out.getFileName());
                    kb.render(frames == 1 ? 0 : (double) i / (frames - 1), frame);
                    writer.video(frame);
                    report(i, frames);
                }
            } else {
                writer.video(Yuv420.fromRgb(Pictures.cover(still, format.width(), format.height())));
                report(0, frames);
                for (long i = 1; i < frames; i++) {
                    cancel.throwIfCancelled("rendering " + out.getFileName());
                    writer.repeat();
                    report(i, frames);
                }
            }
            return writer.commit();
        }
    }

    /** Renders a black shot (the last resort when even the still cannot be read). */
    public Path renderBlank(VideoFormat format, double seconds, Path out) {
        long frames = Math.max(1, format.frameAt(Timeline.micros(seconds)));
        Mp4Writer.Settings settings = new Mp4Writer.Settings(encoder, preset, crf, 0, 0, 0, 0);
        try (Mp4Writer writer = new Mp4Writer(out, format.width(), format.height(), format.fps(), settings)) {
            writer.video(new Yuv420(format.width(), format.height()).black());
            for (long i = 1; i < frames; i++) {
                writer.repeat();
            }
            return writer.commit();
        }
    }

    private void report(long i, long frames) {
        if (i % 15 == 0 || i == frames - 1) {
            listener.onProgress(new Progress("kenburns", i + 1, frames, ""));
        }
    }

    @Override
    public String toString() {
        return "KenBurnsShotRenderer[encoder=" + encoder + ", preset=" + preset + ", crf=" + crf + ", zoom=" + zoom
                + ", easing=" + easing + "]";
    }
}
