package dev.novelkit.media.video.export.internal;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.internal.frames.FfmpegLog;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.file.Path;

/** What an editor needs to know of a video file: its length and whether it has sound. Not public API. */
public record VideoProbe(long micros, boolean hasAudio, int channels) {
    /** Opens {@code file} with FFmpeg; {@code field} names it in errors. */
    public static VideoProbe of(Path file, String field) {
        FfmpegLog.quiet();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) {
                throw new InvalidInputException(field + " " + file, "has no video stream");
            }
            long micros = g.getLengthInTime();
            if (micros <= 0 && g.getFrameRate() > 0) {
                micros = Math.round(g.getLengthInVideoFrames() * 1_000_000.0 / g.getFrameRate());
            }
            if (micros <= 0) {
                throw new InvalidInputException(field + " " + file, "has no known length");
            }
            boolean audio = g.getAudioStream() >= 0 && g.getAudioChannels() > 0;
            return new VideoProbe(micros, audio, audio ? g.getAudioChannels() : 0);
        } catch (FrameGrabber.Exception e) {
            throw new InvalidInputException(field + " " + file, "not a video FFmpeg can read: " + e.getMessage(), e);
        }
    }

    /** How many frames at {@code fps} show the file before it ends (at least 1). */
    public long frames(int fps) {
        return Math.max(1, (long) Math.ceil(micros * (double) fps / 1_000_000.0 - 1e-6));
    }
}
