package dev.novelkit.dataset.clean.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Unescapes the HTML entities found in scraped novel text and turns {@code <br>} / {@code <p>} tags into line ends. */
public final class HtmlEntities {
    private static final Pattern ENTITY_OR_TAG = Pattern.compile(
            "&(?:#(\\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,10}));|(?i:<br\\s*/?>|</?p(?:\\s[^<>]{0,200})?>)");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("nbsp", "\u00A0"), Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"),
            Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("hellip", "…"), Map.entry("mdash", "—"),
            Map.entry("ndash", "–"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"), Map.entry("lsquo", "‘"),
            Map.entry("rsquo", "’"), Map.entry("middot", "·"), Map.entry("emsp", "\u2003"), Map.entry("ensp", "\u2002"),
            Map.entry("thinsp", "\u2009"), Map.entry("ideographicspace", "\u3000"), Map.entry("copy", "©"),
            Map.entry("reg", "®"), Map.entry("trade", "™"), Map.entry("times", "×"), Map.entry("divide", "÷"),
            Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("bull", "•"), Map.entry("deg", "°"),
            Map.entry("plusmn", "±"), Map.entry("yen", "¥"), Map.entry("zwj", "\u200D"), Map.entry("zwnj", "\u200C"),
            Map.entry("shy", "\u00AD"), Map.entry("sect", "§"), Map.entry("para", "¶"));

    private HtmlEntities() {
    }

    /** The text with known entities and br/p tags replaced; unknown entities are left as they are. */
    public static String unescape(String s) {
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0) {
            return s;
        }
        Matcher m = ENTITY_OR_TAG.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int last = 0;
        do {
            b.append(s, last, m.start());
            String replacement;
            if (m.group(1) != null) {
                replacement = codePoint(Integer.parseInt(m.group(1)));
            } else if (m.group(2) != null) {
                replacement = codePoint(Integer.parseInt(m.group(2), 16));
            } else if (m.group(3) != null) {
                replacement = NAMED.getOrDefault(m.group(3).toLowerCase(java.util.Locale.ROOT), m.group());
            } else {
                replacement = "\n";
            }
            b.append(replacement);
            last = m.end();
        } while (m.find());
        b.append(s, last, s.length());
        return b.toString();
    }

    private static String codePoint(int cp) {
        if (cp == 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return "";
        }
        return Character.toString(cp);
    }
}
