package dev.novelkit.core.story;

import java.util.Objects;

/** One spoken line: who says it, the words, and the emotion to say it with (empty: neutral). */
public record DialogueLine(String speaker, String text, String emotion) {
    public DialogueLine {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        emotion = Character.orEmpty(emotion);
    }
}
