package dev.novelkit.pipeline;

import dev.novelkit.core.io.AtomicFiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A quiet generated background track for offline videos: slow pentatonic arpeggios over a soft drone, 44.1 kHz
 * 16-bit stereo WAV. No samples, no licences; good enough to hear the music duck under the voices.
 */
public final class AmbientMusic {
    private static final int RATE = 44100;
    private static final double[] NOTES = {220.00, 261.63, 293.66, 329.63, 392.00, 440.00, 523.25};

    private AmbientMusic() {
    }

    /** Writes {@code seconds} of music to {@code file} (atomically). */
    public static void write(Path file, double seconds) {
        int frames = (int) Math.round(seconds * RATE);
        ByteBuffer pcm = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        pcm.putInt(0x46464952).putInt(36 + frames * 4).putInt(0x45564157)
                .putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 2).putInt(RATE)
                .putInt(RATE * 4).putShort((short) 4).putShort((short) 16)
                .putInt(0x61746164).putInt(frames * 4);
        double noteSeconds = 0.75;
        java.util.Random random = new java.util.Random(20240729);
        int[] melody = new int[(int) (seconds / noteSeconds) + 2];
        for (int i = 0; i < melody.length; i++) {
            melody[i] = random.nextInt(NOTES.length);
        }
        for (int f = 0; f < frames; f++) {
            double t = (double) f / RATE;
            int n = (int) (t / noteSeconds);
            double inNote = t - n * noteSeconds;
            double envelope = Math.exp(-2.2 * inNote) * Math.min(1, inNote * 40);
            double note = Math.sin(2 * Math.PI * NOTES[melody[n]] * t) * envelope * 0.22;
            double drone = (Math.sin(2 * Math.PI * 110 * t) + 0.5 * Math.sin(2 * Math.PI * 164.81 * t)) * 0.08
                    * (0.8 + 0.2 * Math.sin(2 * Math.PI * 0.1 * t));
            double fade = Math.min(1, Math.min(t / 2, (seconds - t) / 2));
            double left = (note * 0.9 + drone) * fade;
            double right = (note * 0.7 + drone) * fade;
            pcm.putShort((short) Math.round(left * 32767)).putShort((short) Math.round(right * 32767));
        }
        AtomicFiles.writeBytes(file, pcm.array());
    }
}
