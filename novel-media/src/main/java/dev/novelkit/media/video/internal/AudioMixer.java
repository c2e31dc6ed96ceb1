package dev.novelkit.media.video.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Mixes placed audio into a stereo track block by block, in exact sample positions: voices, sound effects and clip
 * sound added at their gain, background music (looped if asked) under a ducking envelope computed from the speech
 * with look-ahead, hold, attack and release, then clipped to [-1, 1]. Not public API.
 */
public final class AudioMixer {
    /** What a source is, for ducking. */
    public enum Role { SPEECH, MUSIC, EFFECT }

    /** A decoded source placed at {@code start} (in output samples), at most {@code length} samples long. */
    public record Placed(Pcm pcm, long start, long length, float gain, Role role, boolean loop) {
    }

    private static final double WINDOW_SECONDS = 0.010;
    private static final double THRESHOLD = Math.pow(10, -45 / 20.0);
    private static final double LOOKAHEAD = 0.08;
    private static final double HOLD = 0.25;
    private static final double ATTACK = 0.05;
    private static final double RELEASE = 0.35;
    private static final double MUSIC_FADE = 1.0;

    private final int sampleRate;
    private final long totalFrames;
    private final List<Placed> sources = new ArrayList<>();
    private final double duckGain;
    private float[] envelope;
    private int window;

    public AudioMixer(int sampleRate, long totalFrames, double duckGain) {
        this.sampleRate = sampleRate;
        this.totalFrames = totalFrames;
        this.duckGain = duckGain;
    }

    public void add(Placed p) {
        if (p.length() > 0 && p.start() < totalFrames && p.pcm().frames() > 0) {
            sources.add(p);
            envelope = null;
        }
    }

    public long totalFrames() {
        return totalFrames;
    }

    /** The music gain factor at output frame {@code n} (1 = not ducked). */
    public double duckAt(long n) {
        ensureEnvelope();
        double w = (double) n / window - 0.5;
        int i = (int) Math.floor(w);
        if (i < 0) {
            return envelope[0];
        }
        if (i >= envelope.length - 1) {
            return envelope[envelope.length - 1];
        }
        double f = w - i;
        return envelope[i] + (envelope[i + 1] - envelope[i]) * f;
    }

    private void ensureEnvelope() {
        if (envelope != null) {
            return;
        }
        window = Math.max(1, (int) Math.round(sampleRate * WINDOW_SECONDS));
        int windows = (int) ((totalFrames + window - 1) / window) + 1;
        double[] energy = new double[windows];
        boolean anySpeech = false;
        for (Placed p : sources) {
            if (p.role() != Role.SPEECH) {
                continue;
            }
            anySpeech = true;
            long len = Math.min(p.length(), Math.min(p.pcm().frames(), totalFrames - p.start()));
            double g2 = (double) p.gain() * p.gain();
            for (long k = 0; k < len; k++) {
                double s = p.pcm().channels() == 1 ? p.pcm().at((int) k, 0)
                        : 0.5 * (p.pcm().at((int) k, 0) + p.pcm().at((int) k, 1));
                energy[(int) ((p.start() + k) / window)] += s * s * g2;
            }
        }
        float[] env = new float[windows];
        if (!anySpeech || duckGain >= 1.0) {
            java.util.Arrays.fill(env, 1f);
            envelope = env;
            return;
        }
        boolean[] active = new boolean[windows];
        double thr2 = THRESHOLD * THRESHOLD * window;
        for (int i = 0; i < windows; i++) {
            active[i] = energy[i] > thr2;
        }
        int hold = (int) Math.round(HOLD / WINDOW_SECONDS);
        int look = (int) Math.round(LOOKAHEAD / WINDOW_SECONDS);
        boolean[] wanted = new boolean[windows];
        int lastActive = Integer.MIN_VALUE / 2;
        for (int i = 0; i < windows; i++) {
            if (active[i]) {
                lastActive = i;
            }
            if (i - lastActive <= hold) {
                wanted[i] = true;
            }
        }
        int nextActive = Integer.MAX_VALUE / 2;
        for (int i = windows - 1; i >= 0; i--) {
            if (active[i]) {
                nextActive = i;
            }
            if (nextActive - i <= look) {
                wanted[i] = true;
            }
        }
        double aAttack = 1 - Math.exp(-WINDOW_SECONDS / ATTACK);
        double aRelease = 1 - Math.exp(-WINDOW_SECONDS / RELEASE);
        double g = wanted[0] ? duckGain : 1.0;
        for (int i = 0; i < windows; i++) {
            double target = wanted[i] ? duckGain : 1.0;
            g += (target - g) * (target < g ? aAttack : aRelease);
            env[i] = (float) g;
        }
        envelope = env;
    }

    /**
     * The gain the music gets at output frame {@code n}: its volume, the ducking under speech and its fade in and
     * out (0 where no music plays; 1 when there is no music).
     */
    public double musicGainAt(long n) {
        for (Placed p : sources) {
            if (p.role() == Role.MUSIC) {
                long pEnd = end(p);
                return n < p.start() || n >= pEnd ? 0 : musicGain(p, n, pEnd);
            }
        }
        return 1;
    }

    private long end(Placed p) {
        return p.loop() ? Math.min(totalFrames, p.start() + p.length())
                : Math.min(p.start() + Math.min(p.length(), p.pcm().frames()), totalFrames);
    }

    private double musicGain(Placed p, long n, long pEnd) {
        long fadeFrames = (long) (MUSIC_FADE * sampleRate);
        long k = n - p.start();
        double gain = p.gain() * duckAt(n);
        if (k < fadeFrames) {
            gain *= (double) k / fadeFrames;
        }
        long left = pEnd - n;
        if (left < fadeFrames) {
            gain *= (double) left / fadeFrames;
        }
        return gain;
    }

    /** Mixes output frames [from, from + count) into {@code out} (interleaved stereo, 2·count floats). */
    public void mix(long from, int count, float[] out) {
        ensureEnvelope();
        java.util.Arrays.fill(out, 0, count * 2, 0f);
        long to = from + count;
        for (Placed p : sources) {
            long pEnd = end(p);
            long a = Math.max(from, p.start());
            long b = Math.min(to, pEnd);
            if (a >= b) {
                continue;
            }
            Pcm pcm = p.pcm();
            int len = pcm.frames();
            boolean music = p.role() == Role.MUSIC;
            for (long n = a; n < b; n++) {
                long k = n - p.start();
                int idx = (int) (p.loop() ? k % len : k);
                double gain = music ? musicGain(p, n, pEnd) : p.gain();
                int o = (int) (n - from) * 2;
                if (pcm.channels() == 1) {
                    float s = (float) (pcm.samples()[idx] * gain);
                    out[o] += s;
                    out[o + 1] += s;
                } else {
                    out[o] += (float) (pcm.samples()[idx * 2] * gain);
                    out[o + 1] += (float) (pcm.samples()[idx * 2 + 1] * gain);
                }
            }
        }
        for (int i = 0; i < count * 2; i++) {
            float v = out[i];
            out[i] = v > 1f ? 1f : (v < -1f ? -1f : v);
        }
    }
}
