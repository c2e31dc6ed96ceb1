package dev.novelkit.dataset.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small text helpers for Chinese prose: quotes, clipping, ages and numerals. Not public API. */
public final class ChineseText {
    private ChineseText() {
    }

    /** A quoted span “…” inside a block, with its offsets. */
    public record Quote(String text, int start, int end) {
    }

    private static final Pattern QUOTE = Pattern.compile("[“\"「]([^”\"」]{1,400})[”\"」]");
    private static final Pattern AGE = Pattern.compile("([一二两三四五六七八九十百\\d]{1,4})(来|多|出头)?(岁|的年纪)");

    public static List<Quote> quotes(String block) {
        List<Quote> out = new ArrayList<>();
        Matcher m = QUOTE.matcher(block);
        while (m.find()) {
            out.add(new Quote(m.group(1).strip(), m.start(), m.end()));
        }
        return out;
    }

    /** The block with its quotes cut out. */
    public static String withoutQuotes(String block) {
        return QUOTE.matcher(block).replaceAll(" ");
    }

    /**
     * The block with its spoken quotes cut out; a short unpunctuated quote (a sound such as “轰”) keeps its words,
     * so "墙角“轰”的一声塌了" stays readable as narration.
     */
    public static String withoutSpeech(String block) {
        Matcher m = QUOTE.matcher(block);
        StringBuilder out = new StringBuilder(block.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(isSpoken(m.group(1)) ? " " : m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A quote that is speech, not a sound (“扑通”, “轰”): five or more characters, or two or more and punctuated. */
    public static boolean isSpoken(String quote) {
        int len = quote.codePointCount(0, quote.length());
        return len >= 5 || (len >= 2 && quote.matches(".*[，。！？,!?…].*"));
    }


    /** Cuts {@code s} to at most {@code max} characters, at the last clause mark before the limit when there is one. */
    public static String clip(String s, int max) {
        String t = s.strip();
        if (t.codePointCount(0, t.length()) <= max) {
            return t;
        }
        int cut = t.offsetByCodePoints(0, max);
        int best = -1;
        for (int i = cut - 1; i > cut / 2; i--) {
            if ("，,；;、。！？".indexOf(t.charAt(i)) >= 0) {
                best = i;
                break;
            }
        }
        String head = best > 0 ? t.substring(0, best) : t.substring(0, cut);
        return head.replaceAll("[，,；;、]+$", "") + "…";
    }

    /** An age in years mentioned in {@code text} ("十九岁", "四十来岁", "二十出头的年纪"), or -1. */
    public static int age(String text) {
        Matcher m = AGE.matcher(text);
        while (m.find()) {
            int n = numeral(m.group(1));
            if (n > 0 && n < 130) {
                return n;
            }
        }
        return -1;
    }

    /** The age phrase itself ("十九岁"), or empty. */
    public static String agePhrase(String text) {
        Matcher m = AGE.matcher(text);
        return m.find() && numeral(m.group(1)) > 0 ? m.group() : "";
    }

    /** Parses Chinese numerals up to 999 and Arabic digits; -1 when unparseable. */
    public static int numeral(String s) {
        if (s.chars().allMatch(java.lang.Character::isDigit)) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        String digits = "零一二三四五六七八九";
        int total = 0;
        int current = 0;
        for (char c : s.toCharArray()) {
            int d = c == '两' ? 2 : digits.indexOf(c);
            if (d >= 0) {
                current = d;
            } else if (c == '十') {
                total += (current == 0 ? 1 : current) * 10;
                current = 0;
            } else if (c == '百') {
                total += (current == 0 ? 1 : current) * 100;
                current = 0;
            } else {
                return -1;
            }
        }
        return total + current;
    }

}
