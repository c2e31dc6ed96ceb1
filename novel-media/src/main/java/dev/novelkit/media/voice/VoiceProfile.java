package dev.novelkit.media.voice;

import dev.novelkit.core.config.Require;

import java.util.Objects;

/**
 * How a character sounds: the backend's voice name, an emotion or speaking style with its strength, a role (Azure
 * role-play), and speaking rate and pitch as percentages relative to the voice's normal (0 = unchanged).
 * Immutable; every setter returns a new profile.
 */
public record VoiceProfile(String voice, String style, double styleDegree, String role, int ratePercent,
                           int pitchPercent) {
    public VoiceProfile {
        Objects.requireNonNull(voice, "voice");
        style = style == null ? "" : style.strip();
        role = role == null ? "" : role.strip();
        Require.between("styleDegree", styleDegree, 0.01, 2);
        Require.between("ratePercent", ratePercent, -50, 100);
        Require.between("pitchPercent", pitchPercent, -50, 50);
    }

    /** A voice with no style and normal rate and pitch. */
    public static VoiceProfile of(String voice) {
        return new VoiceProfile(voice, "", 1.0, "", 0, 0);
    }

    public VoiceProfile voice(String value) {
        return new VoiceProfile(value, style, styleDegree, role, ratePercent, pitchPercent);
    }

    /** The emotion or speaking style, such as "sad", "cheerful", "angry" (Azure style names). */
    public VoiceProfile style(String value) {
        return new VoiceProfile(voice, value, styleDegree, role, ratePercent, pitchPercent);
    }

    /** Strength of the style, 0.01..2 (1 is normal). */
    public VoiceProfile styleDegree(double value) {
        return new VoiceProfile(voice, style, value, role, ratePercent, pitchPercent);
    }

    public VoiceProfile role(String value) {
        return new VoiceProfile(voice, style, styleDegree, value, ratePercent, pitchPercent);
    }

    /** Speaking rate relative to normal, -50..+100 percent. */
    public VoiceProfile ratePercent(int value) {
        return new VoiceProfile(voice, style, styleDegree, role, value, pitchPercent);
    }

    /** Pitch relative to normal, -50..+50 percent. */
    public VoiceProfile pitchPercent(int value) {
        return new VoiceProfile(voice, style, styleDegree, role, ratePercent, value);
    }
}
