package dev.novelkit.media.voice;

import dev.novelkit.media.voice.internal.Wav;

/** Test audio: silence, a tone, silence, as real 16-bit PCM WAV bytes. */
final class Tones {
    private Tones() {
    }

    static Wav paddedTone(int rate, double leadSeconds, double toneSeconds, double tailSeconds) {
        int lead = (int) Math.round(leadSeconds * rate);
        int tone = (int) Math.round(toneSeconds * rate);
        int tail = (int) Math.round(tailSeconds * rate);
        short[] s = new short[lead + tone + tail];
        for (int i = 0; i < tone; i++) {
            s[lead + i] = (short) (12000 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return new Wav(rate, 1, s);
    }
}
