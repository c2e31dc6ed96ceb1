package dev.novelkit.core.text.internal;

/** UTF-8 lengths of decoded text, for MB/s figures comparable with the seed script's. */
public final class Utf8 {
    private Utf8() {
    }

    static long length(char[] a, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = a[i];
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** How many bytes {@code s} takes in UTF-8 (a surrogate pair takes 4). */
    public static long length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
