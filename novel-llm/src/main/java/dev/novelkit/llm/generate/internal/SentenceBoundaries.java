package dev.novelkit.llm.generate.internal;

import dev.novelkit.core.text.Sentences;

/** Cutting generated text cleanly: at a sentence end ({@link Sentences}' rules), never inside a surrogate pair. */
public final class SentenceBoundaries {
    private SentenceBoundaries() {
    }

    /**
     * The index just past the last sentence end in {@code text[from, limit)} (a line break counts as one), or -1 if
     * there is none: {@link Sentences#lastEnd}.
     */
    public static int lastEnd(CharSequence text, int from, int limit) {
        return Sentences.lastEnd(text, from, limit);
    }

    /** {@code limit} (at most the text's length), moved back by one if it would split a surrogate pair. */
    public static int safeCut(CharSequence text, int limit) {
        int cut = Math.min(limit, text.length());
        if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))
                && Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        return cut;
    }

    /** The last {@code chars} characters of {@code text} (not splitting a surrogate pair), stripped. */
    public static String tail(CharSequence text, int chars) {
        int start = Math.max(0, text.length() - chars);
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return text.subSequence(start, text.length()).toString().strip();
    }
}
