package dev.novelkit.media.voice;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.voice.internal.Wav;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One mono WAV track made of voice clips placed at given times, silent between them: what a lip-sync service needs
 * to move a mouth in step with the voices a video will play over that shot.
 */
public final class VoiceTrack {
    /** A clip (16-bit PCM WAV) starting {@code at} seconds into the track. */
    public record Placement(Path wav, double at) {
        public Placement {
            Objects.requireNonNull(wav, "wav");
            if (!(at >= 0)) {
                throw new InvalidInputException("at", "a clip must start at 0 s or later, was " + at);
            }
        }
    }

    private VoiceTrack() {
    }

    /**
     * Writes the clips into {@code out} (atomically), at the sample rate of the first, mixed where they overlap,
     * the whole at least {@code seconds} long; multi-channel clips are mixed down to mono. All clips must share one
     * sample rate.
     */
    public static AudioClip write(List<Placement> parts, double seconds, Path out) {
        if (parts.isEmpty()) {
            throw new InvalidInputException("voice track " + out, "no clips to place");
        }
        Wav first = Wav.read(parts.get(0).wav());
        int rate = first.sampleRate();
        double end = seconds;
        Wav[] clips = new Wav[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            clips[i] = i == 0 ? first : Wav.read(parts.get(i).wav());
            if (clips[i].sampleRate() != rate) {
                throw new InvalidInputException(parts.get(i).wav().toString(), "sample rate " + clips[i].sampleRate()
                        + " Hz differs from the track's " + rate + " Hz");
            }
            end = Math.max(end, parts.get(i).at() + clips[i].seconds());
        }
        int[] mix = new int[(int) Math.ceil(end * rate)];
        for (int i = 0; i < parts.size(); i++) {
            Wav w = clips[i];
            int offset = (int) Math.round(parts.get(i).at() * rate);
            short[] s = w.samples();
            for (int f = 0; f < w.frames() && offset + f < mix.length; f++) {
                int sum = 0;
                for (int c = 0; c < w.channels(); c++) {
                    sum += s[f * w.channels() + c];
                }
                mix[offset + f] += sum / w.channels();
            }
        }
        short[] pcm = new short[mix.length];
        for (int i = 0; i < mix.length; i++) {
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mix[i]));
        }
        Wav track = new Wav(rate, 1, pcm);
        track.write(out);
        return new AudioClip(out, track.seconds(), rate, "voice track", 0, 0);
    }
}
