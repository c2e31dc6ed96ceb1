package dev.novelkit.core.text;

import java.util.Objects;

/**
 * One chapter of a {@link Novel}: its 0-based index, its heading (empty for the preface before the first heading,
 * or for a novel without headings), its text without the heading line, and where that text starts in
 * {@link Novel#text()}.
 */
public record Chapter(int index, String title, String text, long start) {
    public Chapter {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        if (index < 0 || start < 0) {
            throw new IllegalArgumentException("bad chapter position: index=" + index + " start=" + start);
        }
    }

    /** Where the chapter's text ends in {@link Novel#text()} (exclusive). */
    public long end() {
        return start + text.length();
    }

    @Override
    public String toString() {
        return "Chapter[index=" + index + ", title=" + title + ", start=" + start + ", chars=" + text.length() + "]";
    }
}
