package dev.novelkit.llm.generate.internal;

/** Where Chinese (and Western) sentences end, for cutting generated text cleanly. */
public final class SentenceBoundaries {
    private static final String ENDS = "。！？!?…\n";
    private static final String CLOSERS = "”’」』\"')）》】";

    private SentenceBoundaries() {
    }

    /**
     * The index just past the last sentence end in {@code text[from, limit)}, or -1 if there is none. A sentence
     * ends at 。！？!?… or a line break; closing quotes and brackets right after it belong to it (as far as
     * {@code limit}).
     */
    public static int lastEnd(CharSequence text, int from, int limit) {
        int to = Math.min(limit, text.length());
        for (int i = to - 1; i >= from; i--) {
            if (ENDS.indexOf(text.charAt(i)) >= 0) {
                int end = i + 1;
                while (end < to && CLOSERS.indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                return end;
            }
        }
        return -1;
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
