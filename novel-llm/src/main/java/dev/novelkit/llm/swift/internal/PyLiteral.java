package dev.novelkit.llm.swift.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small parser for the Python literals swift prints ({@code print(logs)} of a dict): single- or double-quoted
 * strings with escapes, ints, floats ({@code 1e-05}, {@code nan}, {@code inf}), {@code True/False/None}, and nested
 * dicts, lists and tuples. It also reads JSON ({@code true/false/null}), so one parser serves the console lines and
 * {@code logging.jsonl}.
 *
 * <p>Values come back as {@link Map} (insertion order kept), {@link List}, {@link String}, {@link Long},
 * {@link Double}, {@link Boolean} or {@code null}. Not thread-safe; cheap to create.
 */
public final class PyLiteral {
    private final String s;
    private int pos;
    private final int end;

    private PyLiteral(String s, int from, int end) {
        this.s = s;
        this.pos = from;
        this.end = end;
    }

    /** Thrown when the text is not a literal this parser understands; says where. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** Parses the whole text (surrounding whitespace allowed) as one literal. */
    public static Object parse(String text) {
        return parse(text, 0, text.length());
    }

    /** Parses {@code text[from, end)} as one literal; anything but whitespace after it is an error. */
    public static Object parse(String text, int from, int end) {
        PyLiteral p = new PyLiteral(text, from, end);
        Object v = p.value();
        p.skipSpace();
        if (p.pos != p.end) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    /** Parses the whole text as a dict literal. */
    public static Map<String, Object> parseDict(String text) {
        return parseDict(text, 0, text.length());
    }

    /** Parses a dict literal in {@code text[from, end)}, or fails when it is another kind of value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseDict(String text, int from, int end) {
        Object v = parse(text, from, end);
        if (!(v instanceof Map)) {
            throw new ParseException("not a dict");
        }
        return (Map<String, Object>) v;
    }

    private ParseException error(String what) {
        int from = Math.max(0, pos - 20);
        int to = Math.min(end, pos + 20);
        return new ParseException(what + " at column " + (pos + 1) + " near '" + s.substring(from, to) + "'");
    }

    private void skipSpace() {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private Object value() {
        skipSpace();
        if (pos >= end) {
            throw error("unexpected end of text");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return dict();
            case '[':
                return sequence(']');
            case '(':
                return sequence(')');
            case '\'':
            case '"':
                return string(c);
            default:
                if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
                    return number();
                }
                return word();
        }
    }

    private Map<String, Object> dict() {
        pos++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (pos < end && s.charAt(pos) == '}') {
            pos++;
            return map;
        }
        while (true) {
            Object key = value();
            skipSpace();
            expect(':');
            Object v = value();
            map.put(String.valueOf(key), v);
            skipSpace();
            if (pos >= end) {
                throw error("unclosed dict");
            }
            char c = s.charAt(pos++);
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
            skipSpace();
            if (pos < end && s.charAt(pos) == '}') { // trailing comma
                pos++;
                return map;
            }
        }
    }

    private List<Object> sequence(char close) {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (pos < end && s.charAt(pos) == close) {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            if (pos >= end) {
                throw error("unclosed list");
            }
            char c = s.charAt(pos++);
            if (c == close) {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '" + close + "'");
            }
            skipSpace();
            if (pos < end && s.charAt(pos) == close) {
                pos++;
                return list;
            }
        }
    }

    private void expect(char c) {
        if (pos >= end || s.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private String string(char quote) {
        int start = ++pos;
        // fast path: no escapes
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == quote) {
                return s.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            pos++;
        }
        StringBuilder b = new StringBuilder(s.length() - start);
        b.append(s, start, pos);
        while (pos < end) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= end) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case '0' -> b.append('\0');
                case 'x' -> b.append((char) hex(2));
                case 'u' -> b.append((char) hex(4));
                case 'U' -> b.appendCodePoint(hex(8));
                default -> b.append(e); // \\ \' \" and unknown escapes keep the char
            }
        }
        throw error("unclosed string");
    }

    private int hex(int digits) {
        if (pos + digits > end) {
            throw error("short \\x/\\u escape");
        }
        try {
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("bad hex escape");
        }
    }

    private Object number() {
        int start = pos;
        boolean floating = false;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
            pos++;
            if (pos < end && Character.isLetter(s.charAt(pos))) { // -inf, -nan
                Object w = word();
                if (w instanceof Double d) {
                    return s.charAt(start) == '-' ? -d : d;
                }
                throw error("bad number");
            }
        }
        while (pos < end) {
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9' || c == '_') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                floating = true;
                pos++;
                if ((c == 'e' || c == 'E') && pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String text = s.substring(start, pos);
        if (text.indexOf('_') >= 0) {
            text = text.replace("_", "");
        }
        try {
            if (!floating) {
                if (text.length() < 19) {
                    return Long.parseLong(text);
                }
                return Double.parseDouble(text);
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad number '" + text + "'");
        }
    }

    private Object word() {
        int start = pos;
        while (pos < end && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        String w = s.substring(start, pos);
        switch (w) {
            case "True":
            case "true":
                return Boolean.TRUE;
            case "False":
            case "false":
                return Boolean.FALSE;
            case "None":
            case "null":
                return null;
            case "nan":
            case "NaN":
                return Double.NaN;
            case "inf":
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            default:
                pos = start;
                throw error(w.isEmpty() ? "unexpected character" : "unknown name '" + w + "'");
        }
    }
}
