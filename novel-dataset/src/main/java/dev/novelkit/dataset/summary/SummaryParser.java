package dev.novelkit.dataset.summary;

import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the structured summary a model wrote in the seed's format (style and theme, characters, opening / climax /
 * ending) into a {@link StorySummary}, and says whether the model followed the format.
 *
 * <p>Tolerant of what models actually write: full-width or ASCII colons, extra spaces, markdown bold and headers
 * ({@code **人物形象**:}, {@code ### 剧情概述}), list markers and numbering, {@code 人物1:张三,...} as well as
 * {@code 张三:...} and {@code 张三(主角):...}, a table of characters, synonyms of the headings (结局 for 结尾,
 * 主要人物 for 人物形象, ...), a chatty preamble, {@code <think>} blocks, and sections squashed onto one line.
 * Missing sections stay empty. {@link StorySummary#wellFormed()} is true only when the style, at least one
 * character and all three plot parts are present. {@link StorySummary#text()} is the model's text as written
 * (without {@code <think>} blocks), which the dataset uses verbatim as the seed does. Thread-safe and stateless.
 */
public final class SummaryParser {
    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
    private static final Pattern SECTION = Pattern.compile(
            "^(?<head>小说的?(?:风格(?:和|与|及|、)?主题|主题(?:和|与|及|、)?风格|风格|主题)|风格(?:和|与|及|、)主题|主题(?:和|与|及|、)风格"
                    + "|风格|主题|故事风格|故事主题|写作风格"
                    + "|人物形象|主要人物(?:形象)?|人物介绍|人物设定|人物|角色形象|主要角色|角色介绍|角色"
                    + "|剧情概述|剧情概要|剧情简介|剧情梗概|剧情|情节概述|情节概要|情节|故事梗概|故事概述|故事情节|内容概述)"
                    + "\\s*(?:[:：]\\s*(?<rest>.*)|$)");
    private static final Pattern PLOT_PART = Pattern.compile(
            "^(?<head>开头|开端|开篇|起因|开始|高潮|结尾|结局|尾声|收尾|发展|经过|转折)(?:部分)?\\s*(?:[:：]\\s*(?<rest>.*)|$)");
    private static final Pattern CHARACTER_PREFIX = Pattern.compile(
            "^(?:人物|角色)\\s*[0-9０-９一二三四五六七八九十]+\\s*(?:[:：.、．]\\s*)?(?<rest>.*)$");
    private static final Pattern LIST_MARKER = Pattern.compile(
            "^(?:#{1,6}\\s*|[-*•·+>]\\s+|[-*•·]\\s*(?=\\S)|\\d{1,2}\\s*[.、)）．]\\s*(?!\\d)|[一二三四五六七八九十]{1,2}\\s*[、.．]\\s*"
                    + "|[（(]\\s*\\d{1,2}\\s*[)）]\\s*|[①②③④⑤⑥⑦⑧⑨⑩]\\s*)");
    private static final Pattern SQUASHED_BREAK = Pattern.compile(
            "(?<=\\S)\\s*(?=(?:\\*\\*)?(?:小说的风格和主题|人物形象|剧情概述|人物\\s*\\d+|开头|高潮|结尾)(?:\\*\\*)?\\s*[:：])");
    private static final Pattern INLINE_PART = Pattern.compile(
            "(?<=[。！？!?；;])[ \\t]*(?=(?:\\*\\*)?(?:开头|开端|高潮|结尾|结局|人物\\s*\\d+)(?:\\*\\*)?\\s*[:：])");
    private static final Set<String> NONE_WORDS = Set.of("无", "暂无", "略", "无。", "n/a", "N/A", "none", "未知", "-", "—");

    private SummaryParser() {
    }

    private enum Section { PREAMBLE, STYLE, CHARACTERS, PLOT }

    private enum Part { NONE, OPENING, CLIMAX, ENDING, OTHER }

    /** Parses a model's answer; never throws on odd text (null counts as empty). */
    public static StorySummary parse(String modelText) {
        String text = modelText == null ? "" : THINK.matcher(modelText).replaceAll("");
        int thinkEnd = text.lastIndexOf("</think>");
        if (thinkEnd >= 0) {
            // Some servers drop the opening tag of a reasoning block.
            text = text.substring(thinkEnd + "</think>".length());
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        String body = text;
        if (body.lines().count() < 4) {
            body = SQUASHED_BREAK.matcher(body).replaceAll("\n");
        }
        body = INLINE_PART.matcher(body).replaceAll("\n");

        Section section = Section.PREAMBLE;
        Part part = Part.NONE;
        StringBuilder style = new StringBuilder();
        List<CharacterNote> characters = new ArrayList<>();
        StringBuilder[] plot = {new StringBuilder(), new StringBuilder(), new StringBuilder()};

        for (String raw : body.split("\n")) {
            String line = clean(raw);
            if (line.isEmpty() || isRule(line)) {
                continue;
            }
            Matcher head = SECTION.matcher(line);
            if (head.matches()) {
                section = sectionOf(head.group("head"));
                part = Part.NONE;
                String rest = clean(nullToEmpty(head.group("rest")));
                if (rest.isEmpty()) {
                    continue;
                }
                if (section == Section.CHARACTERS) {
                    inlineCharacters(rest, characters);
                    continue;
                }
                line = rest;
            }
            Matcher sub = PLOT_PART.matcher(line);
            if (sub.matches() && section != Section.STYLE) {
                section = Section.PLOT;
                part = partOf(sub.group("head"));
                line = clean(nullToEmpty(sub.group("rest")));
                if (line.isEmpty()) {
                    continue;
                }
            }
            switch (section) {
                case STYLE -> append(style, line);
                case CHARACTERS -> character(line, characters);
                case PLOT -> {
                    switch (part) {
                        case OPENING -> append(plot[0], line);
                        case CLIMAX -> append(plot[1], line);
                        case ENDING -> append(plot[2], line);
                        default -> {
                            // A plot paragraph without 开头/高潮/结尾, or a 发展 part: not one of the three parts.
                        }
                    }
                }
                default -> {
                    // Preamble such as "好的,以下是总结:" is ignored.
                }
            }
        }
        String styleText = valueOrEmpty(style.toString());
        String opening = valueOrEmpty(plot[0].toString());
        String climax = valueOrEmpty(plot[1].toString());
        String ending = valueOrEmpty(plot[2].toString());
        boolean wellFormed = !styleText.isEmpty() && !characters.isEmpty()
                && !opening.isEmpty() && !climax.isEmpty() && !ending.isEmpty();
        return new StorySummary(styleText, characters, opening, climax, ending, text, wellFormed);
    }

    /**
     * How much of the format a summary holds, 0 to 5: style, characters, opening, climax, ending. Used to keep the
     * best of several attempts.
     */
    public static int completeness(StorySummary summary) {
        Objects.requireNonNull(summary, "summary");
        int n = 0;
        n += summary.styleAndTheme().isEmpty() ? 0 : 1;
        n += summary.characters().isEmpty() ? 0 : 1;
        n += summary.opening().isEmpty() ? 0 : 1;
        n += summary.climax().isEmpty() ? 0 : 1;
        n += summary.ending().isEmpty() ? 0 : 1;
        return n;
    }

    private static Section sectionOf(String head) {
        if (head.contains("风格") || head.contains("主题")) {
            return Section.STYLE;
        }
        if (head.contains("人物") || head.contains("角色")) {
            return Section.CHARACTERS;
        }
        return Section.PLOT;
    }

    private static Part partOf(String head) {
        return switch (head) {
            case "开头", "开端", "开篇", "起因", "开始" -> Part.OPENING;
            case "高潮", "转折" -> Part.CLIMAX;
            case "结尾", "结局", "尾声", "收尾" -> Part.ENDING;
            default -> Part.OTHER;
        };
    }

    /** Drops markdown emphasis, heading marks, list markers and numbering, and surrounding spaces. */
    static String clean(String line) {
        String s = line.replace("**", "").replace("__", "").replace('\u3000', ' ').strip();
        for (int i = 0; i < 3; i++) {
            Matcher m = LIST_MARKER.matcher(s);
            if (!m.lookingAt() || m.end() == 0) {
                break;
            }
            s = s.substring(m.end()).strip();
        }
        if (s.startsWith("【") && s.indexOf('】') > 0) {
            // 【人物形象】 style headings.
            int close = s.indexOf('】');
            s = (s.substring(1, close) + s.substring(close + 1)).strip();
        }
        return s;
    }

    private static boolean isRule(String line) {
        return line.chars().allMatch(c -> c == '-' || c == '=' || c == '*' || c == '_' || c == '|' || c == ':'
                || c == ' ');
    }

    /** {@code 人物形象:张三、李四} or {@code 人物形象:张三:年轻剑客}. */
    private static void inlineCharacters(String rest, List<CharacterNote> out) {
        if (rest.indexOf(':') >= 0 || rest.indexOf('：') >= 0 || rest.startsWith("|")) {
            character(rest, out);
            return;
        }
        String[] names = rest.split("[、,，;；]");
        boolean allShort = names.length > 1;
        for (String n : names) {
            allShort &= validName(n.strip());
        }
        if (allShort) {
            for (String n : names) {
                out.add(new CharacterNote(n.strip(), ""));
            }
        } else {
            character(rest, out);
        }
    }

    private static void character(String line, List<CharacterNote> out) {
        if (line.startsWith("|")) {
            tableRow(line, out);
            return;
        }
        Matcher prefixed = CHARACTER_PREFIX.matcher(line);
        boolean numbered = prefixed.matches();
        String rest = numbered ? prefixed.group("rest").strip() : line;
        if (rest.isEmpty() || isPlaceholder(rest)) {
            return;
        }
        CharacterNote note = split(rest);
        if (note != null) {
            out.add(note);
        } else if (!numbered && !out.isEmpty()) {
            // A wrapped description line: it belongs to the character above.
            CharacterNote last = out.remove(out.size() - 1);
            String d = last.description().isEmpty() ? rest : last.description() + rest;
            out.add(new CharacterNote(last.name(), d));
        }
    }

    private static void tableRow(String line, List<CharacterNote> out) {
        List<String> cells = new ArrayList<>();
        for (String c : line.split("\\|")) {
            if (!c.isBlank()) {
                cells.add(clean(c));
            }
        }
        if (cells.isEmpty()) {
            return;
        }
        String name = cells.get(0);
        if (Set.of("人物", "姓名", "角色", "名字", "人物名", "角色名").contains(name) || !validName(name)) {
            return;
        }
        String description = String.join("，", cells.subList(1, cells.size()));
        out.add(new CharacterNote(name, isPlaceholder(description) ? "" : description));
    }

    /** Splits "张三:描述", "张三,描述", "张三(主角):描述", "张三——描述"; null when no name can be found. */
    private static CharacterNote split(String rest) {
        int colon = firstOf(rest, ":：");
        String name;
        String description;
        if (colon > 0 && rest.codePointCount(0, colon) <= 16) {
            name = rest.substring(0, colon).strip();
            description = rest.substring(colon + 1);
        } else {
            int sep = firstOf(rest, ",，、;；—-( （");
            if (sep <= 0) {
                return validName(rest) && rest.codePointCount(0, rest.length()) <= 6 ? new CharacterNote(rest, "") : null;
            }
            name = rest.substring(0, sep).strip();
            description = rest.substring(sep);
            int copula = name.indexOf('是');
            if (name.length() > 4 && copula >= 1 && copula <= 4) {
                // "张三是一个年轻的剑客,..." : the name ends at 是.
                description = rest.substring(copula);
                name = name.substring(0, copula);
            }
        }
        String role = "";
        int open = firstOf(name, "(（");
        if (open > 0) {
            int close = firstOf(name, ")）");
            role = name.substring(open + 1, close > open ? close : name.length()).strip();
            name = name.substring(0, open).strip();
        } else if (description.startsWith("(") || description.startsWith("（")) {
            int close = firstOf(description, ")）");
            if (close > 0) {
                role = description.substring(1, close).strip();
                description = description.substring(close + 1);
            }
        }
        name = stripQuotes(name);
        description = stripLeading(description);
        if (isPlaceholder(description)) {
            description = "";
        }
        if (!role.isEmpty()) {
            description = description.isEmpty() ? role : role + "，" + description;
        }
        if (!validName(name) || isPlaceholder(name)) {
            return null;
        }
        return new CharacterNote(name, description);
    }

    private static String stripQuotes(String s) {
        return s.replaceAll("^[\"“「『《]+|[\"”」』》]+$", "").strip();
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && ":：,，、;；—-– ".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i).strip();
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > 12) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if ("。！？!?，,；;：:\"“”".indexOf(name.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPlaceholder(String s) {
        String t = s.strip();
        return t.isEmpty() || NONE_WORDS.contains(t) || t.matches("[xX×*.…]{2,}[。.]?");
    }

    private static void append(StringBuilder b, String line) {
        if (b.length() > 0) {
            b.append('\n');
        }
        b.append(line);
    }

    private static String valueOrEmpty(String s) {
        String t = s.strip();
        return isPlaceholder(t) ? "" : t;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
