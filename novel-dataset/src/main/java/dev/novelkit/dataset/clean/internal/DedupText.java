package dev.novelkit.dataset.clean.internal;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.primitives.Longs;

/** The normal form texts are compared in for duplicates: no whitespace, full-width ASCII folded, ASCII lower-cased. */
public final class DedupText {
    private DedupText() {
    }

    /** The normalized code points of {@code s}; the array may be longer than the returned {@code length()}. */
    public static int[] normalize(String s, int[] lengthOut) {
        int[] out = new int[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || cp == 0x3000 || cp == 0xA0) {
                continue;
            }
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                cp -= 0xFEE0;
            }
            if (cp >= 'A' && cp <= 'Z') {
                cp += 32;
            }
            out[n++] = cp;
        }
        lengthOut[0] = n;
        return out;
    }

    /** A 128-bit murmur3 hash of normalized query and response code points (with a separator between them). */
    public static long[] hash128(int[] q, int qLength, int[] r, int rLength) {
        Hasher h = Hashing.murmur3_128().newHasher();
        for (int i = 0; i < qLength; i++) {
            h.putInt(q[i]);
        }
        h.putInt(-1);
        for (int i = 0; i < rLength; i++) {
            h.putInt(r[i]);
        }
        byte[] bytes = h.hash().asBytes();
        return new long[]{Longs.fromBytes(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]),
                Longs.fromBytes(bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])};
    }
}
