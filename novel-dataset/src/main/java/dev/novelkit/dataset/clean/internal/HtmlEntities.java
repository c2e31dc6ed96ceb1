package dev.novelkit.dataset.clean.internal;

import org.jsoup.parser.Parser;

import java.util.regex.Pattern;

/**
 * Unescapes the HTML entities found in scraped novel text, every one HTML5 names (jsoup's table: all 2,231, legacy
 * forms without a semicolon included) and numeric ones, and turns {@code <br>} / {@code <p>} tags into line ends.
 */
public final class HtmlEntities {
    /** A reference to NUL is dropped (other references to no character become U+FFFD, as HTML5 says). */
    private static final Pattern NUL = Pattern.compile("&#(?:0+|[xX]0+);?");
    private static final Pattern LINE_TAG = Pattern.compile("(?i:<br\\s*/?>|</?p(?:\\s[^<>]{0,200})?>)");

    private HtmlEntities() {
    }

    /** The text with entities decoded and br/p tags replaced; text that is not an entity is left as it is. */
    public static String unescape(String s) {
        boolean amp = s.indexOf('&') >= 0;
        boolean tag = s.indexOf('<') >= 0;
        if (!amp && !tag) {
            return s;
        }
        String t = tag ? LINE_TAG.matcher(s).replaceAll("\n") : s;
        if (!amp) {
            return t;
        }
        return Parser.unescapeEntities(NUL.matcher(t).replaceAll(""), false);
    }
}
