package dev.novelkit.media.voice;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A synthesized line: a 16-bit PCM WAV file, its exact duration (from its sample count), its sample rate, the
 * backend that spoke it, and how much leading and trailing silence was trimmed off.
 */
public record AudioClip(Path file, double seconds, int sampleRate, String backend, double trimmedLeadSeconds,
                        double trimmedTailSeconds) {
    /** Measures an existing 16-bit PCM WAV file (a clip spoken earlier and kept), without trimming it. */
    public static AudioClip measure(Path file, String backend) {
        dev.novelkit.media.voice.internal.Wav wav = dev.novelkit.media.voice.internal.Wav.read(file);
        return new AudioClip(file, wav.seconds(), wav.sampleRate(), backend, 0, 0);
    }

    public AudioClip {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(backend, "backend");
        if (!(seconds >= 0) || sampleRate <= 0) {
            throw new IllegalArgumentException("bad clip " + file + ": seconds=" + seconds + ", rate=" + sampleRate);
        }
    }
}
