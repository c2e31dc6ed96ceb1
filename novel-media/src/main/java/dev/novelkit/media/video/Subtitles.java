package dev.novelkit.media.video;

import java.util.List;

/**
 * The subtitle track: explicit cues, and/or cues derived from the voice clips' text timed by each clip's exact
 * audio duration ({@code fromVoices}), drawn in {@code style}. Burned into the picture and written as an SRT file.
 */
public record Subtitles(List<SubtitleCue> cues, boolean fromVoices, SubtitleStyle style) {
    /** No subtitles at all. */
    public static final Subtitles NONE = new Subtitles(List.of(), false, SubtitleStyle.defaults());

    public Subtitles {
        cues = cues == null ? List.of() : List.copyOf(cues);
        style = style == null ? SubtitleStyle.defaults() : style;
    }

    /** Subtitles taken from the voice clips' text, in the default style. */
    public static Subtitles fromVoiceClips() {
        return new Subtitles(List.of(), true, SubtitleStyle.defaults());
    }

    /** Exactly these cues, in the default style. */
    public static Subtitles of(List<SubtitleCue> cues) {
        return new Subtitles(cues, false, SubtitleStyle.defaults());
    }

    public Subtitles style(SubtitleStyle newStyle) {
        return new Subtitles(cues, fromVoices, newStyle);
    }

    /** Whether there is anything to show. */
    public boolean isEmpty() {
        return cues.isEmpty() && !fromVoices;
    }
}
