package dev.novelkit.media.video.internal;

import dev.novelkit.media.internal.frames.FfmpegLog;
import dev.novelkit.core.InvalidInputException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decoded audio: interleaved float samples in [-1, 1], one or two channels, at a known rate. Decoding goes through
 * FFmpeg (WAV, MP3, AAC, the sound of a video file...), resampled to the rate asked for. Not public API.
 */
public record Pcm(float[] samples, int channels, int sampleRate, int frames) {
    /** Seconds of audio, exact to the sample. */
    public double seconds() {
        return (double) frames / sampleRate;
    }

    /** Microseconds of audio, exact to the sample. */
    public long micros() {
        return Math.round(frames * 1_000_000.0 / sampleRate);
    }

    /** Decodes {@code file} at {@code sampleRate}, keeping mono as mono and mixing more than two channels to stereo. */
    public static Pcm decode(Path file, int sampleRate, String field) {
        Pcm pcm = decodeOrNull(file, sampleRate, field, Long.MAX_VALUE);
        if (pcm == null) {
            throw new InvalidInputException(field + " " + file, "has no audio stream");
        }
        return pcm;
    }

    /**
     * Decodes at most {@code maxMicros} of the audio of {@code file}; null when the file has no audio stream (a
     * silent video clip).
     */
    public static Pcm decodeOrNull(Path file, int sampleRate, String field, long maxMicros) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(field + " " + file, "no such audio file");
        }
        FfmpegLog.quiet();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            g.setSampleRate(sampleRate);
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                throw new InvalidInputException(field + " " + file, "not an audio file FFmpeg can read: " + e.getMessage(), e);
            }
            if (g.getAudioStream() < 0 || g.getAudioChannels() <= 0) {
                return null;
            }
            int channels = Math.min(2, g.getAudioChannels());
            if (g.getAudioChannels() > 2) {
                g.setAudioChannels(2);
            }
            long maxFrames = maxMicros == Long.MAX_VALUE ? Long.MAX_VALUE
                    : (long) Math.ceil(maxMicros / 1_000_000.0 * sampleRate);
            float[] data = new float[sampleRate * channels];
            int n = 0;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null || f.samples.length == 0) {
                    continue;
                }
                FloatBuffer fb = (FloatBuffer) f.samples[0];
                fb.rewind();
                int count = fb.remaining();
                if (f.samples.length > 1) {
                    throw new IllegalStateException("expected interleaved samples from FFmpeg");
                }
                if (n + count > data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, n + count));
                }
                fb.get(data, n, count);
                n += count;
                if ((long) n / channels >= maxFrames) {
                    break;
                }
            }
            int frames = n / channels;
            // FFmpeg's resampler keeps its last few samples (its delay) at the end of the stream: pad them back
            // as silence so the clip keeps its exact length, which subtitles are timed from
            long declared = g.getLengthInTime() <= 0 ? 0 : Math.round(g.getLengthInTime() * (double) sampleRate / 1_000_000.0);
            if (declared > frames && declared - frames <= sampleRate / 20 && declared * channels <= Integer.MAX_VALUE) {
                if (declared * channels > data.length) {
                    data = Arrays.copyOf(data, (int) declared * channels);
                }
                frames = (int) declared;
            }
            if (maxFrames < frames) {
                frames = (int) maxFrames;
            }
            return new Pcm(frames * channels == data.length ? data : Arrays.copyOf(data, frames * channels),
                    channels, sampleRate, frames);
        } catch (FrameGrabber.Exception e) {
            throw new InvalidInputException(field + " " + file, "cannot decode audio: " + e.getMessage(), e);
        }
    }

    /** Sample {@code i} of channel {@code c} (mono answers for both channels). */
    public float at(int frame, int c) {
        return channels == 1 ? samples[frame] : samples[frame * 2 + Math.min(c, 1)];
    }
}
