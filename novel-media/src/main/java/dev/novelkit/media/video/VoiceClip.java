package dev.novelkit.media.video;

import dev.novelkit.core.config.Require;

import java.nio.file.Path;

/**
 * A line of dialogue or narration placed on the timeline: the audio file, when it starts, its volume, and the text
 * and speaker shown as a subtitle for exactly as long as the audio lasts (text may be empty).
 */
public record VoiceClip(Path file, double start, double volume, String text, String speaker) {
    public VoiceClip {
        Require.nonNull("file", file);
        Require.that(start >= 0 && Double.isFinite(start), "start", start,
                "must be 0 or more (voice " + file.getFileName() + ")");
        Require.between("volume", volume, 0, 4);
        text = text == null ? "" : text.strip();
        speaker = speaker == null ? "" : speaker.strip();
    }

    /** A clip at full volume with a subtitle. */
    public static VoiceClip of(Path file, double start, String text) {
        return new VoiceClip(file, start, 1.0, text, "");
    }

    public VoiceClip volume(double newVolume) {
        return new VoiceClip(file, start, newVolume, text, speaker);
    }

    public VoiceClip speaker(String newSpeaker) {
        return new VoiceClip(file, start, volume, text, newSpeaker);
    }

    public VoiceClip file(Path newFile) {
        return new VoiceClip(newFile, start, volume, text, speaker);
    }
}
