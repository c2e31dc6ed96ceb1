package dev.novelkit.core.text;

import java.util.Objects;

/**
 * One piece of a novel as a splitter cut it: its 0-based position, the 0-based chapter it belongs to (with the
 * chapter's heading, empty when the novel has none), its text, and the [start, end) offsets of the span it came
 * from, in UTF-16 chars of the decoded source. The text may differ from the span: the seed-compatible mode appends
 * "。" to every piece and strips whitespace.
 */
public record Paragraph(int index, int chapter, String chapterTitle, String text, long start, long end) {
    public Paragraph {
        Objects.requireNonNull(text, "text");
        chapterTitle = chapterTitle == null ? "" : chapterTitle;
        if (index < 0 || chapter < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("bad paragraph position: index=" + index + " chapter=" + chapter
                    + " start=" + start + " end=" + end);
        }
    }

    /** The length in code points, as Python's {@code len} counts (a character outside the BMP counts once). */
    public int length() {
        return text.codePointCount(0, text.length());
    }
}
