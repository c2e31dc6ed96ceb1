package dev.novelkit.dataset.clean;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.dataset.clean.internal.HtmlEntities;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Removes what is noise in scraped Chinese novel text: control and zero-width characters, decorative symbols
 * (◆●■►▼▲▴∆▻▷❖♡□★☆※→ …), HTML entities and line-break tags, web-novel boilerplate ("本章未完", "天才一秒记住…",
 * site URLs …), and runs of blank lines and spaces. Chinese punctuation (，。！？“”‘’、；：…—《》【】（）～·) is kept.
 *
 * <p>Immutable: every setter returns a new cleaner. Thread-safe. The steps run in this order: HTML entities and
 * {@code <br>}/{@code <p>} tags, character removal, boilerplate patterns, whitespace.
 */
public final class SymbolCleaner {
    /** The decorative symbols removed by default (a superset of data-juicer's {@code ◆●■►▼▲▴∆▻▷❖♡□}). */
    public static final String DEFAULT_SYMBOLS =
            "◆◇●◎■□▪▫►▼▲▴▵▾▿◀▶▸▹◂◃◁▷▻▽△∆∇❖♡♢♤♧♠♣♥♦❤❥★☆✦✧✩✪✫✬✭✮✯✰✱✲✳✴✵✶✷✸✹✺✻✼✽✾✿❀❁❂❃❄❅❆❇❈❉❊❋"
                    + "※→←↑↓↖↗↘↙⇒⇐⇑⇓⇔↔➤➢➣➥➦➔➜☞☜☛☚♪♫♬♩✓✔✕✖✗✘⊙◤◥◣◢░▒▓█▉▊▋▌▍▎▏▀▄〓﹡";

    /**
     * The web-novel boilerplate removed by default, as regular expressions. Patterns that end in {@code [^\n]*}
     * remove from the phrase to the end of its line (such lines are advertisements as a whole).
     */
    public static final List<String> DEFAULT_BOILERPLATE = List.of(
            // "本章未完，请点击下一页继续阅读>>", "（本章未完，请翻页）", "-->>本章未完"
            "(?:-*>>)?[（(【\\[]?本章未完(?:[，,]?[^\\n）)】\\]]{0,16}?(?:继续阅读|翻页))?[。！!]?[)）】\\]]?(?:>>|》》)?",
            "[（(【\\[]本章完[)）】\\]]",
            "(?m:^[ \\t\\u3000]*本章完[ \\t\\u3000]*(?:\\n|$))",
            "请?点击下一页继续阅读[。！!]?(?:>>|》》)?",
            "(?m:^[ \\t\\u3000]*手机用户请(?:浏览|访问|登录)[^\\n]*(?:\\n|$))|手机用户请(?:浏览|访问|登录)[^\\n]*",
            "(?m:^[ \\t\\u3000]*天才一秒记住[^\\n]*(?:\\n|$))|天才一秒记住[^\\n]*",
            "(?m:^[^\\n]{0,40}最新章节[^\\n]{0,40}(?:\\n|$))",
            "(?i:(?:https?://|www\\.)[a-z0-9\\-._~/?#=&%+:]+)",
            "(?i:[wｗＷ]{3}\\s*[.．。]\\s*[a-z0-9ａ-ｚＡ-Ｚ０-９\\-]{1,30}\\s*[.．。]\\s*(?:com|net|org|cc|cn|la|ｃｏｍ|ｎｅｔ|ｏｒｇ))",
            "(?i:\\b[a-z0-9][a-z0-9\\-]{0,30}(?:\\.[a-z0-9\\-]{1,30})*\\.(?:com|net|org|cc|cn|info|me|la|tw|xyz|top|vip)\\b"
                    + "(?:/[a-z0-9\\-._~/?#=&%+]*)?)");

    private static final SymbolCleaner DEFAULTS =
            new SymbolCleaner(DEFAULT_SYMBOLS, DEFAULT_BOILERPLATE, true, true);

    private final String symbols;
    private final BitSet symbolSet;
    private final List<String> boilerplate;
    private final Pattern boilerplatePattern;
    private final boolean htmlEntities;
    private final boolean collapseWhitespace;

    private SymbolCleaner(String symbols, List<String> boilerplate, boolean htmlEntities, boolean collapseWhitespace) {
        this.symbols = symbols;
        this.symbolSet = new BitSet();
        symbols.codePoints().forEach(cp -> {
            if (isKeptPunctuation(cp) || Character.isLetterOrDigit(cp) || Character.isWhitespace(cp)) {
                throw new InvalidInputException("symbols", "'" + Character.toString(cp)
                        + "' is a letter, digit, space or Chinese punctuation, not a decorative symbol");
            }
            symbolSet.set(cp);
        });
        this.boilerplate = List.copyOf(boilerplate);
        this.boilerplatePattern = compile(this.boilerplate);
        this.htmlEntities = htmlEntities;
        this.collapseWhitespace = collapseWhitespace;
    }

    /** Every step on, with {@link #DEFAULT_SYMBOLS} and {@link #DEFAULT_BOILERPLATE}. */
    public static SymbolCleaner defaults() {
        return DEFAULTS;
    }

    /** The decorative symbols to remove (each code point of {@code chars}); empty removes none. */
    public SymbolCleaner symbols(String chars) {
        return new SymbolCleaner(Objects.requireNonNull(chars, "symbols"), boilerplate, htmlEntities, collapseWhitespace);
    }

    /** The boilerplate regular expressions to remove (replaces the list; extend {@link #DEFAULT_BOILERPLATE} to add). */
    public SymbolCleaner boilerplate(List<String> regexes) {
        return new SymbolCleaner(symbols, Objects.requireNonNull(regexes, "boilerplate"), htmlEntities, collapseWhitespace);
    }

    /** Whether to unescape HTML entities ({@code &nbsp; &amp; &#12345; &#x4E2D;}) and turn br/p tags into line ends. */
    public SymbolCleaner htmlEntities(boolean on) {
        return new SymbolCleaner(symbols, boilerplate, on, collapseWhitespace);
    }

    /**
     * Whether to collapse whitespace: each run of spaces (also {@code U+3000}, no-break and tabs) becomes one space,
     * lines are trimmed, at most one blank line in a row is kept, and the text is trimmed.
     */
    public SymbolCleaner collapseWhitespace(boolean on) {
        return new SymbolCleaner(symbols, boilerplate, htmlEntities, on);
    }

    public String symbols() {
        return symbols;
    }

    public List<String> boilerplate() {
        return boilerplate;
    }

    /** The cleaned text; the same instance when nothing had to change. */
    public String clean(String text) {
        Objects.requireNonNull(text, "text");
        String s = text;
        if (htmlEntities) {
            s = HtmlEntities.unescape(s);
        }
        s = removeCharacters(s);
        if (boilerplatePattern != null) {
            Matcher m = boilerplatePattern.matcher(s);
            if (m.find()) {
                s = m.replaceAll("");
            }
        }
        if (collapseWhitespace) {
            s = collapseWhitespace(s);
        }
        return s.equals(text) ? text : s;
    }

    /**
     * Whether a code point is "truly special" for the special-character ratio filter: symbols (other, modifier,
     * and math symbols except {@code + - < = > | ~ ～ × ÷ ±}), private-use, unassigned, format and control characters
     * other than line ends and tabs. Letters, digits, spaces and all punctuation (Chinese and ASCII) are not special.
     */
    public static boolean isSpecial(int cp) {
        switch (Character.getType(cp)) {
            case Character.OTHER_SYMBOL:
            case Character.MODIFIER_SYMBOL:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.FORMAT:
            case Character.SURROGATE:
                return true;
            case Character.CONTROL:
                return cp != '\n' && cp != '\t' && cp != '\r';
            case Character.MATH_SYMBOL:
                return "+<=>|~～×÷±＋＝＜＞".indexOf(cp) < 0;
            default:
                return false;
        }
    }

    /** Whether the code point is invisible or a control character that the cleaner always removes. */
    static boolean isInvisible(int cp) {
        if (cp < 0x20) {
            return cp != '\n' && cp != '\t';
        }
        if (cp < 0x7F) {
            return false;
        }
        return cp <= 0x9F                               // DEL and C1 controls
                || cp == 0xAD                           // soft hyphen
                || (cp >= 0x200B && cp <= 0x200F)       // zero-width space/joiners, LRM, RLM
                || (cp >= 0x202A && cp <= 0x202E)       // bidi embeddings
                || (cp >= 0x2060 && cp <= 0x2064)       // word joiner, invisible operators
                || (cp >= 0x2066 && cp <= 0x2069)       // bidi isolates
                || cp == 0x180E || cp == 0xFEFF         // Mongolian vowel separator, BOM / ZWNBSP
                || (cp >= 0xE000 && cp <= 0xF8FF)       // private use (font-obfuscation glyphs of novel sites)
                || (cp >= 0xFFF0 && cp <= 0xFFFB);      // specials (interlinear annotation, …)
    }

    private String removeCharacters(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\r' || mustRemove(c, s, i)) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n);
        b.append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == '\r') {
                if (i + 1 >= n || s.charAt(i + 1) != '\n') {
                    b.append('\n');
                }
            } else if (Character.isSurrogate((char) cp)) {
                // a lone surrogate: drop
            } else if (!isInvisible(cp) && !symbolSet.get(cp)) {
                b.appendCodePoint(cp);
            }
            i += len;
        }
        return b.toString();
    }

    private boolean mustRemove(char c, String s, int i) {
        if (c < 0x7F) {
            return c < 0x20 && c != '\n' && c != '\t';
        }
        if (Character.isHighSurrogate(c)) {
            if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                return symbolSet.get(Character.toCodePoint(c, s.charAt(i + 1)));
            }
            return true;
        }
        if (Character.isLowSurrogate(c)) {
            return !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
        }
        return isInvisible(c) || symbolSet.get(c);
    }

    static String collapseWhitespace(String s) {
        int n = s.length();
        StringBuilder b = new StringBuilder(n);
        boolean pendingSpace = false;
        int newlines = 0;
        boolean atLineStart = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                pendingSpace = false;
                newlines++;
                atLineStart = true;
            } else if (isHorizontalSpace(c)) {
                if (!atLineStart) {
                    pendingSpace = true;
                }
            } else {
                if (newlines > 0) {
                    if (b.length() > 0) {
                        b.append(newlines >= 2 ? "\n\n" : "\n");
                    }
                    newlines = 0;
                } else if (pendingSpace) {
                    b.append(' ');
                }
                pendingSpace = false;
                atLineStart = false;
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u3000' || c == '\u00A0' || (c >= '\u2000' && c <= '\u200A')
                || c == '\u202F' || c == '\u205F' || c == '\u1680';
    }

    /** Chinese and common punctuation that must never be configured as a "symbol". */
    private static boolean isKeptPunctuation(int cp) {
        return "，。！？“”‘’、；：…—《》【】（）「」『』〈〉～·,.!?;:'\"()[]-".indexOf(cp) >= 0;
    }

    private static Pattern compile(List<String> regexes) {
        if (regexes.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < regexes.size(); i++) {
            String r = Objects.requireNonNull(regexes.get(i), "boilerplate[" + i + "]");
            try {
                Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException("boilerplate[" + i + "]", "not a regular expression: "
                        + e.getDescription() + " in " + r, e);
            }
            parts.add("(?:" + r + ")");
        }
        return Pattern.compile(String.join("|", parts));
    }

    @Override
    public String toString() {
        return "SymbolCleaner[symbols=" + symbols.codePointCount(0, symbols.length()) + ", boilerplate="
                + boilerplate.size() + ", htmlEntities=" + htmlEntities + ", collapseWhitespace=" + collapseWhitespace + "]";
    }
}
