package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A line of dialogue or narration placed on the timeline: the audio file, when it starts, its volume, and the text
 * and speaker shown as a subtitle for exactly as long as the audio lasts (text may be empty).
 */
public record VoiceClip(Path file, double start, double volume, String text, String speaker) {
    public VoiceClip {
        Objects.requireNonNull(file, "file");
        if (!(start >= 0)) {
            throw new InvalidInputException("start", "voice " + file.getFileName() + " must start at >= 0 s, was " + start);
        }
        if (!(volume >= 0) || volume > 4) {
            throw new InvalidInputException("volume", "must be in 0..4, was " + volume);
        }
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
