package dev.novelkit.dataset.internal;

import java.util.ArrayList;
import java.util.List;

/** Sentence splitting and length trimming for Chinese prose, counting code points as Python's {@code len} does. */
public final class Sentences {
    private static final String ENDS = "。！？!?…";
    private static final String CLOSERS = "”’」』）)】》\"'";
    private static final String COMMAS = "，,；;、：:";

    private Sentences() {
    }

    /**
     * Splits at 。！？!?… (and their runs) keeping closing quotes and brackets with their sentence, and at line
     * breaks; sentences are stripped, empty ones dropped.
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
            } else if (ENDS.indexOf(c) >= 0) {
                int j = i + 1;
                while (j < n && (ENDS.indexOf(text.charAt(j)) >= 0 || CLOSERS.indexOf(text.charAt(j)) >= 0)) {
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

    /** The length in code points. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /**
     * Shortens {@code text} to at most {@code max} code points at the last sentence end that fits, else at the last
     * comma (which becomes 。 when there is room), else hard at {@code max}. Boundaries in the first third are not
     * used, so the result is never a stub.
     */
    public static String trim(String text, int max) {
        String s = text.strip();
        if (length(s) <= max) {
            return s;
        }
        int limit = s.offsetByCodePoints(0, max);
        int minimum = s.offsetByCodePoints(0, Math.max(1, max / 3));
        for (int i = limit - 1; i >= minimum; i--) {
            if (ENDS.indexOf(s.charAt(i)) >= 0) {
                int j = i + 1;
                while (j < limit && CLOSERS.indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                return s.substring(0, j);
            }
        }
        for (int i = limit - 1; i >= minimum; i--) {
            if (COMMAS.indexOf(s.charAt(i)) >= 0) {
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
