package dev.novelkit.media.voice;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.io.FileProblems;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.media.voice.internal.Wav;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Speaks lines with character voices: a backend, a cast (a {@link VoiceProfile} per character, plus a narrator),
 * and per line an emotion that overrides the profile's style. Every clip comes back with its exact duration, its
 * leading and trailing silence trimmed (TTS engines pad both ends, the "dead air after each sentence" users hear).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * VoiceSynth synth = VoiceSynth.of(EspeakVoiceBackend.defaults())
 *         .cast("林晚舟", VoiceProfile.of("cmn-latn-pinyin+f3").ratePercent(5));
 * AudioClip clip = synth.speak(new DialogueLine("林晚舟", "再等一等吧。", "calm"), Path.of("line.wav"));
 * }</pre>
 */
public final class VoiceSynth {
    /** The speaker name used for narration. */
    public static final String NARRATOR = "旁白";

    private final VoiceBackend backend;
    private final Map<String, VoiceProfile> cast;
    private final boolean trimSilence;
    private final double silenceThreshold;
    private final double keepSilenceSeconds;

    private VoiceSynth(VoiceBackend backend, Map<String, VoiceProfile> cast, boolean trimSilence,
                       double silenceThreshold, double keepSilenceSeconds) {
        this.backend = Require.nonNull("backend", backend);
        this.cast = Map.copyOf(cast);
        this.trimSilence = trimSilence;
        this.silenceThreshold = silenceThreshold;
        this.keepSilenceSeconds = keepSilenceSeconds;
    }

    /** A synth over {@code backend}; silence below 1% of full scale trimmed, keeping 40 ms at each end. */
    public static VoiceSynth of(VoiceBackend backend) {
        return new VoiceSynth(backend, Map.of(), true, 0.01, 0.04);
    }

    public VoiceBackend backend() {
        return backend;
    }

    /** Gives {@code speaker} this voice (use {@link #NARRATOR} for the narration). */
    public VoiceSynth cast(String speaker, VoiceProfile profile) {
        Map<String, VoiceProfile> copy = new HashMap<>(cast);
        copy.put(Require.nonNull("speaker", speaker), Require.nonNull("profile", profile));
        return new VoiceSynth(backend, copy, trimSilence, silenceThreshold, keepSilenceSeconds);
    }

    /** Adds every entry of {@code profiles} to the cast. */
    public VoiceSynth cast(Map<String, VoiceProfile> profiles) {
        Map<String, VoiceProfile> copy = new HashMap<>(cast);
        copy.putAll(profiles);
        return new VoiceSynth(backend, copy, trimSilence, silenceThreshold, keepSilenceSeconds);
    }

    public VoiceSynth trimSilence(boolean value) {
        return new VoiceSynth(backend, cast, value, silenceThreshold, keepSilenceSeconds);
    }

    /** Amplitude (fraction of full scale) under which leading and trailing audio counts as silence. */
    public VoiceSynth silenceThreshold(double value) {
        Require.that(value > 0 && value < 1, "silenceThreshold", value, "must be between 0 and 1 (exclusive)");
        return new VoiceSynth(backend, cast, trimSilence, value, keepSilenceSeconds);
    }

    /** Silence kept at each end when trimming, in seconds (default 0.04). */
    public VoiceSynth keepSilenceSeconds(double value) {
        Require.between("keepSilenceSeconds", value, 0, 10);
        return new VoiceSynth(backend, cast, trimSilence, silenceThreshold, value);
    }

    public Map<String, VoiceProfile> castList() {
        return cast;
    }

    /** The profile a speaker gets: their own, else the narrator's, else the backend's default voice. */
    public VoiceProfile profileOf(String speaker) {
        VoiceProfile p = cast.get(speaker);
        if (p == null) {
            p = cast.get(NARRATOR);
        }
        return p != null ? p : VoiceProfile.of(backend.defaultVoice());
    }

    /** Speaks a dialogue line with its speaker's voice; the line's emotion, when given, overrides the style. */
    public AudioClip speak(DialogueLine line, Path out) {
        VoiceProfile profile = profileOf(line.speaker());
        if (!line.emotion().isEmpty() && !line.emotion().equals("calm")) {
            profile = profile.style(line.emotion());
        }
        return speak(line.text(), profile, out);
    }

    /** Speaks narration with the narrator's voice. */
    public AudioClip narrate(String text, Path out) {
        return speak(text, profileOf(NARRATOR), out);
    }

    /** Speaks {@code text} with {@code profile} into {@code out} and measures (and trims) the result. */
    public AudioClip speak(String text, VoiceProfile profile, Path out) {
        return speak(text, profile, out, new Cancellation());
    }

    /** As {@link #speak(String, VoiceProfile, Path)}, ending at once when {@code cancellation} is cancelled. */
    public AudioClip speak(String text, VoiceProfile profile, Path out, Cancellation cancellation) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "nothing to speak for " + out);
        }
        Path raw;
        try {
            raw = AtomicFiles.createTemporary(out, ".raw.wav");
        } catch (IOException e) {
            throw FileProblems.writing(out, e);
        }
        try {
            backend.synthesize(text.strip(), profile, raw, cancellation);
            Wav wav;
            try {
                wav = Wav.read(raw);
            } catch (InvalidInputException e) {
                throw BackendException.builder(backend.name(), "returned audio that is not 16-bit PCM WAV ("
                        + e.problem() + ")").cause(e).build();
            }
            double lead = 0;
            double tail = 0;
            if (trimSilence) {
                int[] range = wav.audibleRange(silenceThreshold);
                if (range != null) {
                    int keep = (int) Math.round(keepSilenceSeconds * wav.sampleRate());
                    int from = Math.max(0, range[0] - keep);
                    int to = Math.min(wav.frames(), range[1] + 1 + keep);
                    lead = (double) from / wav.sampleRate();
                    tail = (double) (wav.frames() - to) / wav.sampleRate();
                    wav = wav.slice(from, to);
                }
            }
            wav.write(out);
            return new AudioClip(out, wav.seconds(), wav.sampleRate(), backend.name(), lead, tail);
        } finally {
            AtomicFiles.discard(raw);
        }
    }

    @Override
    public String toString() {
        return "VoiceSynth[backend=" + backend.name() + ", cast=" + cast.keySet() + "]";
    }
}
