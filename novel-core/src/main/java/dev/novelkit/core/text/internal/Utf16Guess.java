package dev.novelkit.core.text.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Recognises UTF-16 text written without a byte-order mark, as some Windows tools save it. Asked only about bytes
 * that are not UTF-8: the code units must be nearly all text a novel holds (CJK ideographs, CJK and full-width
 * punctuation, ASCII) in one byte order and clearly less so in the other; when both read as text (mostly ASCII),
 * the zero bytes of ASCII characters, on the high-byte side of each code unit, tell the order.
 */
final class Utf16Guess {
    private static final double TEXT_SHARE = 0.95;
    private static final double OTHER_SHARE = 0.8;

    private Utf16Guess() {
    }

    /** UTF-16LE or UTF-16BE when the first {@code len} bytes read as one of them, else null. */
    static Charset of(byte[] b, int len) {
        int n = len & ~1;
        if (n < 4) {
            return null;
        }
        int zeroEven = 0;
        int zeroOdd = 0;
        for (int i = 0; i < n; i += 2) {
            zeroEven += b[i] == 0 ? 1 : 0;
            zeroOdd += b[i + 1] == 0 ? 1 : 0;
        }
        double le = textShare(b, n, true);
        double be = textShare(b, n, false);
        if (le >= TEXT_SHARE && be < OTHER_SHARE) {
            return StandardCharsets.UTF_16LE;
        }
        if (be >= TEXT_SHARE && le < OTHER_SHARE) {
            return StandardCharsets.UTF_16BE;
        }
        if (le >= TEXT_SHARE && be >= TEXT_SHARE) {
            // Mostly ASCII reads as text both ways (0x0061 'a', 0x6100 '愀'): its zero bytes tell the order.
            if (zeroOdd > 2 * zeroEven) {
                return StandardCharsets.UTF_16LE;
            }
            if (zeroEven > 2 * zeroOdd) {
                return StandardCharsets.UTF_16BE;
            }
        }
        return null;
    }

    /** The share of code units that are text a novel holds, surrogate pairs counted when well formed. */
    private static double textShare(byte[] b, int n, boolean littleEndian) {
        int text = 0;
        int units = n / 2;
        for (int i = 0; i < n; i += 2) {
            int lo = b[littleEndian ? i : i + 1] & 0xFF;
            int hi = b[littleEndian ? i + 1 : i] & 0xFF;
            int u = hi << 8 | lo;
            if (Character.isHighSurrogate((char) u) && i + 3 < n) {
                int lo2 = b[littleEndian ? i + 2 : i + 3] & 0xFF;
                int hi2 = b[littleEndian ? i + 3 : i + 2] & 0xFF;
                if (Character.isLowSurrogate((char) (hi2 << 8 | lo2))) {
                    text += 2;
                    i += 2;
                }
                continue;
            }
            if (isText(u)) {
                text++;
            }
        }
        return units == 0 ? 0 : (double) text / units;
    }

    private static boolean isText(int u) {
        return u == '\n' || u == '\r' || u == '\t' || (u >= 0x20 && u < 0x7F) || (u >= 0xA0 && u <= 0xFF)
                || (u >= 0x2000 && u <= 0x206F) // general punctuation: “”‘’…—
                || (u >= 0x3000 && u <= 0x303F) // CJK punctuation: 。、「」
                || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) // CJK ideographs
                || (u >= 0xFF00 && u <= 0xFFEF); // full-width forms: ，！？（）
    }
}
