package dev.novelkit.media.video;

import dev.novelkit.core.config.Require;


/** One subtitle: text shown from {@code start} to {@code end} seconds, with an optional speaker name. */
public record SubtitleCue(double start, double end, String text, String speaker) {
    public SubtitleCue {
        text = Require.nonNull("text", text).strip();
        speaker = speaker == null ? "" : speaker.strip();
        Require.that(start >= 0 && end > start && Double.isFinite(end), "cue", start + ".." + end,
                "needs 0 <= start < end (for '" + text + "')");
    }

    public static SubtitleCue of(double start, double end, String text) {
        return new SubtitleCue(start, end, text, "");
    }
}
