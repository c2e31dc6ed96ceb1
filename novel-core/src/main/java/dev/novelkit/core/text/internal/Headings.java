package dev.novelkit.core.text.internal;

/**
 * Recognises chapter headings on their own short line, conservatively: {@code 第十二章 风起}, {@code 第3回},
 * {@code 第一卷}, {@code 卷二 xx}, {@code 序章}, {@code 楔子}, {@code 尾声}, {@code Chapter 7}, {@code CHAPTER IV: Title},
 * and numbered forms such as {@code 一、风起} or {@code 12. The Road} (a short title, no punctuation).
 * A line that reads like a sentence (ends with 。, holds a comma, is long) is never a heading.
 */
public final class Headings {
    /** The longest raw line (in chars) that is looked at; longer lines are never headings. */
    public static final int MAX_LINE_CHARS = 80;
    /** The longest heading, trimmed, in code points. */
    static final int MAX_HEADING = 40;
    private static final String CN_DIGITS = "零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟";
    private static final String[] SPECIAL = {"序章", "楔子", "引子", "尾声", "后记", "终章", "番外", "序言", "前言"};

    private Headings() {
    }

    /** A cheap first test on the first non-blank char of a line: could a heading start with it? */
    public static boolean mayStartHeading(int c) {
        return c == '第' || c == '卷' || c == 'C' || c == 'c' || (c >= '0' && c <= '9') || (c >= '０' && c <= '９')
                || CN_DIGITS.indexOf(c) >= 0 || c == '序' || c == '楔' || c == '引' || c == '尾' || c == '后'
                || c == '终' || c == '番' || c == '前';
    }

    /** The heading's title (the trimmed line) when {@code line} (without its line feed) is a heading, else null. */
    public static String title(String line) {
        int from = 0;
        int to = line.length();
        while (from < to && CharClass.isSpace(line.charAt(from))) {
            from++;
        }
        while (to > from && CharClass.isSpace(line.charAt(to - 1))) {
            to--;
        }
        if (from == to || line.codePointCount(from, to) > MAX_HEADING) {
            return null;
        }
        String t = line.substring(from, to);
        char last = t.charAt(t.length() - 1);
        if (last == '。' || last == '，' || last == ',' || last == '；' || last == ';' || last == '、'
                || t.indexOf('。') >= 0) {
            return null;
        }
        return isChineseHeading(t) || isChapterWord(t) || isSpecial(t) || isNumbered(t) ? t : null;
    }

    /** 第…章/回/节/卷 or 卷… with Chinese or Arabic numerals, then nothing, a separator and a title, or a short title. */
    private static boolean isChineseHeading(String t) {
        int i;
        if (t.charAt(0) == '第') {
            int n = numerals(t, 1);
            if (n == 0 || n > 9 || 1 + n >= t.length()) {
                return false;
            }
            char unit = t.charAt(1 + n);
            if (unit != '章' && unit != '回' && unit != '节' && unit != '卷') {
                return false;
            }
            i = 2 + n;
        } else if (t.charAt(0) == '卷') {
            int n = numerals(t, 1);
            if (n == 0 || n > 6) {
                return false;
            }
            i = 1 + n;
            if (i < t.length() && !isSeparator(t.charAt(i))) {
                return false; // "卷三十年..." reads like prose
            }
        } else {
            return false;
        }
        return restIsTitle(t, i, 30);
    }

    /** "Chapter 12", "CHAPTER XII: The End", "chapter 3 - x". */
    private static boolean isChapterWord(String t) {
        if (t.length() < 9 || !t.regionMatches(true, 0, "chapter", 0, 7) || !CharClass.isSpace(t.charAt(7))) {
            return false;
        }
        int i = 8;
        while (i < t.length() && CharClass.isSpace(t.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < t.length() && (isAsciiDigit(t.charAt(i)) || "IVXLCDMivxlcdm".indexOf(t.charAt(i)) >= 0)) {
            i++;
        }
        if (i == start || i - start > 8) {
            return false;
        }
        if (i == t.length()) {
            return true;
        }
        char c = t.charAt(i);
        return (CharClass.isSpace(c) || c == ':' || c == '.' || c == '-' || c == '：') && noSentencePunctuation(t, i + 1);
    }

    /** 序章, 楔子, 尾声 ... alone, or followed by a separator and a short title. */
    private static boolean isSpecial(String t) {
        for (String s : SPECIAL) {
            if (t.startsWith(s)) {
                if (t.length() == s.length()) {
                    return true;
                }
                return isSeparator(t.charAt(s.length())) && restIsTitle(t, s.length(), 30);
            }
        }
        return false;
    }

    /** "一、风起", "12. The Road", "３．归来": a number, 、 or a dot, then a short title without any punctuation. */
    private static boolean isNumbered(String t) {
        int n = 0;
        while (n < t.length() && n < 4 && (isAsciiDigit(t.charAt(n)) || (t.charAt(n) >= '０' && t.charAt(n) <= '９'))) {
            n++;
        }
        boolean arabic = n > 0;
        if (!arabic) {
            n = numerals(t, 0);
            if (n == 0 || n > 5) {
                return false;
            }
        }
        if (n >= t.length()) {
            return false;
        }
        char sep = t.charAt(n);
        int i = n + 1;
        if (sep == '.') {
            if (!arabic || i >= t.length() || !CharClass.isSpace(t.charAt(i))) {
                return false; // "3.14", "1.5倍" are not headings
            }
        } else if (sep != '、' && sep != '．') {
            return false;
        }
        while (i < t.length() && CharClass.isSpace(t.charAt(i))) {
            i++;
        }
        if (!arabic && i < t.length() && numerals(t, i) > 0) {
            return false; // "三、四个人" counts, it is no heading
        }
        int len = t.codePointCount(i, t.length());
        if (len == 0 || len > 20) {
            return false;
        }
        boolean letter = false;
        for (int k = i; k < t.length(); k++) {
            char c = t.charAt(k);
            if (Character.isLetter(c)) {
                letter = true;
            } else if (!Character.isDigit(c) && !CharClass.isSpace(c) && !Character.isSurrogate(c)) {
                return false;
            }
        }
        return letter;
    }

    /** After the numbered part at {@code i}: nothing, or an optional separator and a title of at most max code points. */
    private static boolean restIsTitle(String t, int i, int max) {
        if (i >= t.length()) {
            return true;
        }
        boolean separated = isSeparator(t.charAt(i));
        while (i < t.length() && isSeparator(t.charAt(i))) {
            i++;
        }
        if (i >= t.length()) {
            return true;
        }
        if (t.codePointCount(i, t.length()) > max) {
            return false;
        }
        if (!separated) {
            // "第一章风起" is common, "第二回合他输了！" is prose: without a separator allow no punctuation at all.
            for (int k = i; k < t.length(); k++) {
                char c = t.charAt(k);
                if (!Character.isLetterOrDigit(c) && !CharClass.isSpace(c) && !Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
        return noSentencePunctuation(t, i);
    }

    private static boolean noSentencePunctuation(String t, int from) {
        for (int k = from; k < t.length(); k++) {
            char c = t.charAt(k);
            if (c == '，' || c == ',' || c == '。' || c == '；' || c == ';' || c == '“' || c == '”') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(char c) {
        return CharClass.isSpace(c) || c == '：' || c == ':' || c == '、' || c == '.' || c == '．' || c == '-'
                || c == '—' || c == '·' || c == '_';
    }

    private static int numerals(String t, int from) {
        int i = from;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (isAsciiDigit(c) || (c >= '０' && c <= '９') || CN_DIGITS.indexOf(c) >= 0) {
                i++;
            } else {
                break;
            }
        }
        return i - from;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
