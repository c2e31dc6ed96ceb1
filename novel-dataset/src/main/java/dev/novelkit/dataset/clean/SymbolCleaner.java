package dev.novelkit.dataset.clean;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
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
     * The web-novel boilerplate removed by default, as regular expressions. The "手机用户请浏览…" and "天才一秒记住…"
     * patterns remove from the phrase to the end of its line (such lines are advertisements as a whole), with the line
     * end when the phrase starts the line; a line of at most 80 characters mentioning "最新章节" goes entirely.
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

    /**
     * Characters of which every match of {@link #DEFAULT_BOILERPLATE} contains at least one: texts without any of
     * them skip the patterns (a regular expression costs 5-30 ns per character; this scan about 1).
     */
    public static final String DEFAULT_TRIGGERS = "章页机秒.hHwWｗＷ";

    private static final SymbolCleaner DEFAULTS =
            new SymbolCleaner(DEFAULT_SYMBOLS, DEFAULT_BOILERPLATE, DEFAULT_TRIGGERS, true, true);

    private final String symbols;
    private final BitSet symbolSet;
    private final List<String> boilerplate;
    private final List<Pattern> boilerplatePatterns;
    private final String triggers;
    private final BitSet triggerSet;
    private final boolean htmlEntities;
    private final boolean collapseWhitespace;

    private SymbolCleaner(String symbols, List<String> boilerplate, String triggers, boolean htmlEntities,
                          boolean collapseWhitespace) {
        this.symbols = symbols;
        this.symbolSet = new BitSet();
        symbols.codePoints().forEach(cp -> {
            Require.that(!(isKeptPunctuation(cp) || Character.isLetterOrDigit(cp) || Character.isWhitespace(cp)),
                    "symbols", symbols, "must hold decorative symbols only, but '" + Character.toString(cp)
                            + "' is a letter, digit, space or Chinese punctuation");
            symbolSet.set(cp);
        });
        this.boilerplate = List.copyOf(boilerplate);
        this.boilerplatePatterns = compile(this.boilerplate);
        this.triggers = triggers;
        if (triggers == null) {
            this.triggerSet = null;
        } else {
            this.triggerSet = new BitSet();
            triggers.codePoints().forEach(triggerSet::set);
        }
        this.htmlEntities = htmlEntities;
        this.collapseWhitespace = collapseWhitespace;
    }

    /** Every step on, with {@link #DEFAULT_SYMBOLS} and {@link #DEFAULT_BOILERPLATE}. */
    public static SymbolCleaner defaults() {
        return DEFAULTS;
    }

    /** The decorative symbols to remove (each code point of {@code chars}); empty removes none. */
    public SymbolCleaner symbols(String chars) {
        return new SymbolCleaner(Require.nonNull("symbols", chars), boilerplate, triggers, htmlEntities,
                collapseWhitespace);
    }

    /**
     * The boilerplate regular expressions to remove (replaces the list; extend {@link #DEFAULT_BOILERPLATE} to add).
     * Unless the list is the default one, every pattern runs on every text; see
     * {@link #boilerplate(List, String)} to make that cheaper.
     */
    public SymbolCleaner boilerplate(List<String> regexes) {
        Require.nonNull("boilerplate", regexes);
        return new SymbolCleaner(symbols, regexes, regexes.equals(DEFAULT_BOILERPLATE) ? DEFAULT_TRIGGERS : null,
                htmlEntities, collapseWhitespace);
    }

    /**
     * The boilerplate regular expressions to remove, run only on texts that contain at least one of
     * {@code triggerChars}: every possible match must contain one of them (for example the rarest character of
     * each pattern's fixed words), or matches will be missed.
     */
    public SymbolCleaner boilerplate(List<String> regexes, String triggerChars) {
        Require.nonNull("boilerplate", regexes);
        Require.nonNull("triggerChars", triggerChars);
        return new SymbolCleaner(symbols, regexes, triggerChars, htmlEntities, collapseWhitespace);
    }

    /** Whether to unescape HTML entities ({@code &nbsp; &amp; &#12345; &#x4E2D;}) and turn br/p tags into line ends. */
    public SymbolCleaner htmlEntities(boolean on) {
        return new SymbolCleaner(symbols, boilerplate, triggers, on, collapseWhitespace);
    }

    /**
     * Whether to collapse whitespace: each run of spaces (also {@code U+3000}, no-break and tabs) becomes one space,
     * lines are trimmed, at most one blank line in a row is kept, and the text is trimmed.
     */
    public SymbolCleaner collapseWhitespace(boolean on) {
        return new SymbolCleaner(symbols, boilerplate, triggers, htmlEntities, on);
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
        if (!boilerplatePatterns.isEmpty() && (triggerSet == null || containsAny(s, triggerSet))) {
            for (Pattern p : boilerplatePatterns) {
                Matcher m = p.matcher(s);
                if (m.find()) {
                    s = m.replaceAll("");
                }
            }
        }
        if (collapseWhitespace && needsCollapse(s)) {
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
        if (cp >= 0x4E00 && cp <= 0x9FFF) {
            return false; // CJK unified ideographs: the bulk of the text
        }
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

    private static boolean containsAny(String s, BitSet set) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (set.get(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@link #collapseWhitespace(String)} would change anything (most texts: no). */
    private static boolean needsCollapse(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        if (isHorizontalSpace(s.charAt(0)) || s.charAt(0) == '\n' || isHorizontalSpace(s.charAt(n - 1))
                || s.charAt(n - 1) == '\n') {
            return true;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                char next = s.charAt(i + 1);
                if (next == '\n' || isHorizontalSpace(next) || s.charAt(i - 1) == '\n') {
                    return true;
                }
            } else if (c == '\n') {
                if (s.charAt(i + 1) == '\n' && i + 2 < n && s.charAt(i + 2) == '\n') {
                    return true;
                }
            } else if (c <= ' ' ? c == '\t' : isHorizontalSpace(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> regexes) {
        List<Pattern> parts = new ArrayList<>();
        for (int i = 0; i < regexes.size(); i++) {
            String r = Require.nonNull("boilerplate[" + i + "]", regexes.get(i));
            try {
                parts.add(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                throw new InvalidSettingException("boilerplate[" + i + "]", r,
                        "must be a regular expression (" + e.getDescription() + ")", e);
            }
        }
        return List.copyOf(parts);
    }

    @Override
    public String toString() {
        return "SymbolCleaner[symbols=" + symbols.codePointCount(0, symbols.length()) + ", boilerplate="
                + boilerplate.size() + ", htmlEntities=" + htmlEntities + ", collapseWhitespace=" + collapseWhitespace + "]";
    }
}
