package dev.novelkit.media.video.internal;

import dev.novelkit.core.text.Sentences;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks subtitle text into balanced lines of at most {@code maxChars} width units (a Chinese character is one unit,
 * a Latin letter or digit half of one), never starting a line with closing punctuation nor ending one with an
 * opening bracket, preferring breaks after punctuation, never splitting a Latin word that fits. Not public API.
 */
public final class SubtitleText {
    /**
     * Never at a line's start: sentence ends, clause marks and closing quotes and brackets ({@link Sentences}), and
     * the Latin full stop, dashes, ellipsis dots, percent, middle dot and tildes.
     */
    private static final String NO_LINE_START = Sentences.ENDS + Sentences.CLAUSE_MARKS + Sentences.CLOSERS
            + ".—%·～~";
    private static final String NO_LINE_END = "（「『《〈【〔“‘([{";
    /** A good place to break: after a sentence end or a clause mark, or a Latin full stop. */
    private static final String BREAK_AFTER = Sentences.ENDS + Sentences.CLAUSE_MARKS + ".";

    private SubtitleText() {
    }

    /** The display width of one code point in units of a Chinese character. */
    static double width(int cp) {
        if (cp < 0x1100 || (cp >= 0xFF61 && cp <= 0xFFDC)) {
            return 0.5;
        }
        return 1.0;
    }

    /** The display width of a string. */
    public static double width(String s) {
        return s.codePoints().mapToDouble(SubtitleText::width).sum();
    }

    private record Token(String text, double width, boolean space) {
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            int cp = cps[i];
            if (Character.isWhitespace(cp)) {
                out.add(new Token(" ", 0.5, true));
                while (i < cps.length && Character.isWhitespace(cps[i])) {
                    i++;
                }
                continue;
            }
            if (cp < 0x1100 && Character.isLetterOrDigit(cp)) {
                StringBuilder b = new StringBuilder();
                double w = 0;
                while (i < cps.length && cps[i] < 0x1100 && (Character.isLetterOrDigit(cps[i]) || cps[i] == '\'' || cps[i] == '-')) {
                    b.appendCodePoint(cps[i]);
                    w += width(cps[i]);
                    i++;
                }
                out.add(new Token(b.toString(), w, false));
                continue;
            }
            out.add(new Token(new String(Character.toChars(cp)), width(cp), false));
            i++;
        }
        return out;
    }

    /** Wraps {@code text} (collapsing whitespace) into as few balanced lines as fit in {@code maxChars} units each. */
    public static List<String> wrap(String text, int maxChars) {
        String clean = text.strip().replaceAll("\\s+", " ");
        if (clean.isEmpty()) {
            return List.of();
        }
        if (width(clean) <= maxChars) {
            return List.of(clean);
        }
        List<Token> toks = splitLongWords(tokens(clean), maxChars);
        int n = toks.size();
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + toks.get(i).width();
        }
        double total = prefix[n];
        for (int lines = (int) Math.ceil(total / maxChars); lines <= n; lines++) {
            List<String> result = balanced(toks, prefix, lines, maxChars, total / lines);
            if (result != null) {
                return result;
            }
        }
        // cannot happen: one token per line always fits after splitLongWords
        List<String> fallback = new ArrayList<>();
        for (Token t : toks) {
            fallback.add(t.text());
        }
        return fallback;
    }

    private static List<Token> splitLongWords(List<Token> toks, int maxChars) {
        List<Token> out = new ArrayList<>();
        for (Token t : toks) {
            if (t.width() <= maxChars) {
                out.add(t);
                continue;
            }
            int per = Math.max(1, maxChars * 2 - 1);
            String s = t.text();
            for (int i = 0; i < s.length(); i += per) {
                String part = s.substring(i, Math.min(s.length(), i + per));
                out.add(new Token(part, width(part), false));
            }
        }
        return out;
    }

    /** Minimum-raggedness split into exactly {@code lines} lines, or null when impossible. */
    private static List<String> balanced(List<Token> toks, double[] prefix, int lines, int maxChars, double target) {
        int n = toks.size();
        double inf = Double.MAX_VALUE / 4;
        double[][] cost = new double[lines + 1][n + 1];
        int[][] from = new int[lines + 1][n + 1];
        for (double[] row : cost) {
            java.util.Arrays.fill(row, inf);
        }
        cost[0][0] = 0;
        for (int k = 1; k <= lines; k++) {
            for (int j = 1; j <= n; j++) {
                if (k == lines && j != n) {
                    continue;
                }
                if (j < n && !canBreakBefore(toks, j)) {
                    continue;
                }
                for (int i = j - 1; i >= k - 1; i--) {
                    double w = lineWidth(toks, prefix, i, j);
                    if (w > maxChars) {
                        break;
                    }
                    if (cost[k - 1][i] >= inf || (i > 0 && !canBreakBefore(toks, i))) {
                        continue;
                    }
                    double c = cost[k - 1][i] + (w - target) * (w - target)
                            + (j < n && !BREAK_AFTER.contains(toks.get(j - 1).text()) ? 2.0 : 0);
                    if (c < cost[k][j]) {
                        cost[k][j] = c;
                        from[k][j] = i;
                    }
                }
            }
        }
        if (cost[lines][n] >= inf) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int j = n;
        for (int k = lines; k >= 1; k--) {
            int i = from[k][j];
            StringBuilder b = new StringBuilder();
            for (int t = i; t < j; t++) {
                b.append(toks.get(t).text());
            }
            out.add(0, b.toString().strip());
            j = i;
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    /** Width of tokens [i, j) without leading and trailing spaces. */
    private static double lineWidth(List<Token> toks, double[] prefix, int i, int j) {
        double w = prefix[j] - prefix[i];
        if (toks.get(i).space()) {
            w -= toks.get(i).width();
        }
        if (j - 1 > i && toks.get(j - 1).space()) {
            w -= toks.get(j - 1).width();
        }
        return w;
    }

    private static boolean canBreakBefore(List<Token> toks, int j) {
        Token next = toks.get(j);
        Token prev = toks.get(j - 1);
        if (!next.space() && next.text().length() > 0 && NO_LINE_START.indexOf(next.text().codePointAt(0)) >= 0) {
            return false;
        }
        if (!prev.space() && prev.text().length() > 0 && NO_LINE_END.indexOf(prev.text().codePointAt(0)) >= 0) {
            return false;
        }
        // Latin words next to each other only break at spaces
        boolean prevLatin = !prev.space() && prev.text().codePointAt(0) < 0x1100 && Character.isLetterOrDigit(prev.text().codePointAt(0));
        boolean nextLatin = !next.space() && next.text().codePointAt(0) < 0x1100 && Character.isLetterOrDigit(next.text().codePointAt(0));
        return !(prevLatin && nextLatin);
    }
}
