package dev.novelkit.dataset.clean.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Finds and, where it can be undone exactly, repairs mojibake: UTF-8 text that was decoded as Latin-1 or
 * Windows-1252 ("ä½ å¥½" for 你好) is re-encoded and decoded again; the tell-tale leftovers of broken round trips
 * ("锟斤拷", "烫烫烫", "屯屯屯", U+FFFD, "Ã©", "â€œ") mark a text as broken beyond repair.
 */
public final class Mojibake {
    /** Windows-1252 bytes 0x80-0x9F as characters (undefined bytes map to the C1 control of the same value). */
    private static final String CP1252_HIGH =
            "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
    private static final String CONTINUATION = "[\\u0080-\\u00BF" + CP1252_HIGH + "]";
    private static final Pattern BROKEN = Pattern.compile(
            "\uFFFD|锟斤拷|烫烫烫|屯屯屯|[ÃÂ]" + CONTINUATION + "|â€" + CONTINUATION
                    + "|[\\u00E4-\\u00E9]" + CONTINUATION + CONTINUATION);

    private Mojibake() {
    }

    /**
     * The text decoded correctly if the whole of it is UTF-8 bytes read as Latin-1 / Windows-1252, else the text
     * unchanged.
     */
    public static String repair(String s) {
        int n = s.length();
        boolean high = false;
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int b;
            if (c <= 0xFF) {
                b = c;
            } else {
                int k = CP1252_HIGH.indexOf(c);
                if (k < 0) {
                    return s;
                }
                b = 0x80 + k;
            }
            high |= b >= 0x80;
            bytes[i] = (byte) b;
        }
        if (!high) {
            return s;
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            return s;
        }
    }

    /** Whether the text holds replacement characters or mojibake sequences. */
    public static boolean isBroken(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\uFFFD' || c == '锟' || c == '烫' || c == '屯' || (c >= 0xC2 && c <= 0xE9)) {
                return BROKEN.matcher(s).region(i, n).find();
            }
        }
        return false;
    }
}
