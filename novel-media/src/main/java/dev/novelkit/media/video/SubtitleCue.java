package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;

import java.util.Objects;

/** One subtitle: text shown from {@code start} to {@code end} seconds, with an optional speaker name. */
public record SubtitleCue(double start, double end, String text, String speaker) {
    public SubtitleCue {
        Objects.requireNonNull(text, "text");
        text = text.strip();
        speaker = speaker == null ? "" : speaker.strip();
        if (!(start >= 0) || !(end > start)) {
            throw new InvalidInputException("cue", "needs 0 <= start < end, was " + start + ".." + end
                    + " for '" + text + "'");
        }
    }

    public static SubtitleCue of(double start, double end, String text) {
        return new SubtitleCue(start, end, text, "");
    }
}
