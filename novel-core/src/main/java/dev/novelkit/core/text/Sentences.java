package dev.novelkit.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Where sentences of Chinese (and Western) prose end, written down once for the whole library: the splitters,
 * the dataset's summaries and storyboards, the generator's cuts and the subtitle wrapper all use these rules.
 *
 * <ul>
 *   <li>A sentence ends at a run of {@value #ENDS}.</li>
 *   <li>The closing quotes and brackets right after the end stay with the sentence: {@value #CLOSERS}, and the
 *       ASCII quotes {@value #ASCII_QUOTES}, which close there (elsewhere they may as well open).</li>
 *   <li>A clause ends at {@value #CLAUSE_MARKS}: where an over-long sentence may be cut.</li>
 * </ul>
 *
 * <p>Lengths are in code points, as Python's {@code len} counts.
 */
public final class Sentences {
    /** The sentence terminators: a run of them ends one sentence. */
    public static final String ENDS = "。！？!?…";
    /** Closing quotes and brackets that belong to the sentence they follow (never open one). */
    public static final String CLOSERS = "”’」』）)】》〉］]｝}〕〗›»";
    /** ASCII quotes: closing right after a sentence end, so they stay with it there. */
    public static final String ASCII_QUOTES = "\"'";
    /** Clause marks: comma, semicolon, colon (full and half width) and the enumeration comma. */
    public static final String CLAUSE_MARKS = "，,；;：:、";

    private Sentences() {
    }

    /** Ends a sentence: {@value #ENDS}. */
    public static boolean isEnd(int c) {
        return c >= 0 && ENDS.indexOf(c) >= 0;
    }

    /** A closing quote or bracket ({@value #CLOSERS}). */
    public static boolean isCloser(int c) {
        return c >= 0 && CLOSERS.indexOf(c) >= 0;
    }

    /** Stays with the sentence end it follows: a closer or an ASCII quote. */
    public static boolean staysWithEnd(int c) {
        return isCloser(c) || (c >= 0 && ASCII_QUOTES.indexOf(c) >= 0);
    }

    /** Ends a clause: {@value #CLAUSE_MARKS}. */
    public static boolean isClauseMark(int c) {
        return c >= 0 && CLAUSE_MARKS.indexOf(c) >= 0;
    }

    /**
     * Splits at sentence ends (and their runs), keeping closing quotes and brackets with their sentence, and at
     * line breaks; sentences are stripped, empty ones dropped.
     */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                add(out, text, start, i);
                start = ++i;
            } else if (isEnd(c)) {
                int j = i + 1;
                while (j < n && (isEnd(text.charAt(j)) || staysWithEnd(text.charAt(j)))) {
                    j++;
                }
                add(out, text, start, j);
                start = i = j;
            } else {
                i++;
            }
        }
        add(out, text, start, n);
        return out;
    }

    private static void add(List<String> out, String text, int from, int to) {
        String s = text.substring(from, to).strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /**
     * The index just past the last sentence end in {@code text[from, limit)} (a line break counts as one), with the
     * closing quotes and brackets after it (as far as {@code limit}); -1 if there is none.
     */
    public static int lastEnd(CharSequence text, int from, int limit) {
        int to = Math.min(limit, text.length());
        for (int i = to - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (isEnd(c) || c == '\n') {
                int end = i + 1;
                while (end < to && staysWithEnd(text.charAt(end))) {
                    end++;
                }
                return end;
            }
        }
        return -1;
    }

    /** The length in code points. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /**
     * Shortens {@code text} to at most {@code max} code points at the last sentence end that fits, else at the last
     * clause mark (which becomes 。 when there is room), else hard at {@code max}. Boundaries in the first third are
     * not used, so the result is never a stub.
     */
    public static String trim(String text, int max) {
        String s = text.strip();
        if (length(s) <= max) {
            return s;
        }
        int limit = s.offsetByCodePoints(0, max);
        int minimum = s.offsetByCodePoints(0, Math.max(1, max / 3));
        for (int i = limit - 1; i >= minimum; i--) {
            if (isEnd(s.charAt(i))) {
                int j = i + 1;
                while (j < limit && staysWithEnd(s.charAt(j))) {
                    j++;
                }
                return s.substring(0, j);
            }
        }
        for (int i = limit - 1; i >= minimum; i--) {
            if (isClauseMark(s.charAt(i))) {
                String head = s.substring(0, i).strip();
                return length(head) < max ? head + "。" : head;
            }
        }
        return s.substring(0, limit);
    }

    /**
     * Drops quotation marks left without their partner when a sentence was cut out of a longer quotation
     * ({@code “我叫苏远山，是陈伯的故人。} → {@code 我叫苏远山，是陈伯的故人。}).
     */
    public static String balanceQuotes(String s) {
        StringBuilder b = new StringBuilder(s);
        for (String pair : new String[]{"“”", "「」", "『』"}) {
            char open = pair.charAt(0);
            char close = pair.charAt(1);
            int depth = 0;
            for (int i = 0; i < b.length(); i++) {
                char c = b.charAt(i);
                if (c == open) {
                    depth++;
                } else if (c == close) {
                    if (depth == 0) {
                        b.deleteCharAt(i--);
                    } else {
                        depth--;
                    }
                }
            }
            for (int i = b.length() - 1; i >= 0 && depth > 0; i--) {
                if (b.charAt(i) == open) {
                    int closeAfter = b.indexOf(String.valueOf(close), i);
                    if (closeAfter < 0) {
                        b.deleteCharAt(i);
                        depth--;
                    }
                }
            }
        }
        return b.toString().strip();
    }

    /** The last {@code n} code points of {@code text} (all of it when shorter). */
    public static String tail(String text, int n) {
        int count = length(text);
        return count <= n ? text : text.substring(text.offsetByCodePoints(0, count - n));
    }
}
