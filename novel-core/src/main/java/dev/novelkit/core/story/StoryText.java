package dev.novelkit.core.story;

import java.util.List;
import java.util.Objects;

/** The text a storyboard is extracted from: a title and its chapters (each a heading and its body text). */
public record StoryText(String title, List<Part> parts) {
    /** One chapter: its heading (may be empty) and its text. */
    public record Part(String heading, String text) {
        public Part {
            heading = heading == null ? "" : heading.strip();
            Objects.requireNonNull(text, "text");
        }
    }

    public StoryText {
        title = title == null ? "" : title.strip();
        parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
    }

    /** A text without chapters. */
    public static StoryText of(String title, String text) {
        return new StoryText(title, List.of(new Part("", text)));
    }

    /** All parts' text joined by blank lines. */
    public String fullText() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(p.text()).append("\n\n");
        }
        return b.toString();
    }
}
