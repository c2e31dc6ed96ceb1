package dev.novelkit.core.text.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Strict UTF-8 decoding of a file range in small chunks into one char array, fused with what the splitters and {@code Novel} need to
 * know about the text: line ends are normalised on the way ({@code \r\n} and {@code \r} become {@code \n}), and
 * the positions of sentence terminators, line feeds and surrogate pairs are recorded, as is the first NUL.
 * Decoding fails (returns null) on any malformed input; the caller then finds the offending byte for its message.
 */
final class Utf8Decoder {
    private static final int CHUNK = 128 << 10;
    /** ASCII chars needing attention: NUL, LF, CR, '!', '?'. */
    private static final long ASCII_SPECIAL = 1L | 1L << '\n' | 1L << '\r' | 1L << '!' | 1L << '?';
    /** Two 3-byte sequences in the low six bytes of a little-endian long: lead 1110xxxx, then 10xxxxxx twice. */
    private static final long PAIR_MASK = 0xC0C0F0C0C0F0L;
    private static final long PAIR_PATTERN = 0x8080E08080E0L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] EVENTS = CharClass.EVENTS;

    /** The decoded text so far: chars [0, length) of a buffer sized from an estimate, grown if it falls short. */
    char[] text;
    long length;
    int nul = -1;
    boolean endsWithCr;
    int[] events = new int[1024];
    int eventCount;
    int[] pairs = new int[16];
    int pairCount;
    private boolean skipLf;

    private Utf8Decoder(int expectedChars) {
        text = new char[Math.max(16, expectedChars)];
    }

    /** Decodes bytes [from, to) of the file; null if they are not valid UTF-8. */
    static Utf8Decoder read(FileChannel ch, long from, long to) throws IOException {
        return read(ch, from, to, (int) Math.min(Integer.MAX_VALUE - 16, to - from));
    }

    /**
     * Decodes bytes [from, to) of the file into one buffer of about {@code expectedChars} (an estimate: the buffer
     * grows if it is short); null if they are not valid UTF-8.
     */
    static Utf8Decoder read(FileChannel ch, long from, long to, int expectedChars) throws IOException {
        Utf8Decoder d = new Utf8Decoder(expectedChars);
        byte[] buf = new byte[CHUNK + 4];
        int carry = 0;
        for (long pos = from; pos < to; ) {
            int r = (int) Math.min(CHUNK, to - pos);
            ByteBuffer bb = ByteBuffer.wrap(buf, carry, r);
            while (bb.hasRemaining()) {
                if (ch.read(bb, pos + bb.position() - carry) < 0) {
                    throw new java.io.EOFException("file shrank while reading");
                }
            }
            pos += r;
            int total = carry + r;
            int cut = pos < to ? completeUpTo(buf, total) : total;
            d.ensureCapacity(d.length + cut);
            int n = d.decode(buf, cut, d.text, (int) d.length);
            if (n < 0) {
                return null;
            }
            d.length += n;
            carry = total - cut;
            System.arraycopy(buf, cut, buf, 0, carry);
        }
        return d;
    }

    /** The end of the last complete UTF-8 sequence in buf[0, total) (a malformed tail is left to the decoder). */
    private static int completeUpTo(byte[] buf, int total) {
        for (int i = total - 1; i >= 0 && i >= total - 4; i--) {
            int b = buf[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return i + len <= total ? total : i;
            }
        }
        return total;
    }

    private void ensureCapacity(long chars) {
        if (chars > text.length) {
            if (chars > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("too long for one String (" + chars + " chars)");
            }
            text = Arrays.copyOf(text, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(chars, text.length * 3L / 2)));
        }
    }

    /** Decodes buf[0, len) into out from {@code off}; the number of chars, or -1 if malformed. */
    private int decode(byte[] buf, int len, char[] out, int off) {
        int sp = 0;
        int dp = off;
        int base = (int) length - off;
        while (sp < len) {
            int b0 = buf[sp];
            if (b0 >= 0) {
                char c = (char) b0;
                sp++;
                if (c < 64 && ((ASCII_SPECIAL >>> c) & 1) != 0) {
                    if (c == '\n' && skipLf) {
                        skipLf = false;
                        continue;
                    }
                    if (c == '\r') {
                        c = '\n';
                        skipLf = true;
                    } else {
                        skipLf = false;
                    }
                    if (c == 0) {
                        if (nul < 0) {
                            nul = base + dp;
                        }
                    } else {
                        event(base + dp);
                    }
                } else {
                    skipLf = false;
                }
                out[dp++] = c;
                continue;
            }
            skipLf = false;
            if ((b0 & 0xF0) == 0xE0) {
                // The common case in Chinese text: a run of 3-byte sequences, two at a time from one 8-byte load.
                do {
                    while (sp + 8 <= len) {
                        long x = (long) LONGS.get(buf, sp);
                        if ((x & PAIR_MASK) != PAIR_PATTERN) {
                            break;
                        }
                        int c0 = (int) (((x & 0x0F) << 12) | ((x >>> 2) & 0xFC0) | ((x >>> 16) & 0x3F));
                        long y = x >>> 24;
                        int c1 = (int) (((y & 0x0F) << 12) | ((y >>> 2) & 0xFC0) | ((y >>> 16) & 0x3F));
                        out[dp] = (char) c0;
                        out[dp + 1] = (char) c1;
                        // Lead bytes E4-EB (U+4000-U+BFFF, the CJK ideographs among them) are never overlong,
                        // surrogates or events; anything else (punctuation) is checked.
                        if (((((int) x & 0xFF) - 0xE4 | ((int) y & 0xFF) - 0xE4) & ~7) != 0) {
                            // Negative when either is overlong (below U+0800) or a surrogate.
                            int bad = (c0 - 0x800) | (c1 - 0x800) | (((c0 & 0xF800) ^ 0xD800) - 1)
                                    | (((c1 & 0xF800) ^ 0xD800) - 1);
                            if (bad < 0) {
                                break;
                            }
                            if ((((EVENTS[c0 >>> 6] >>> c0) | (EVENTS[c1 >>> 6] >>> c1)) & 1) != 0) {
                                if (CharClass.isEvent((char) c0)) {
                                    event(base + dp);
                                }
                                if (CharClass.isEvent((char) c1)) {
                                    event(base + dp + 1);
                                }
                            }
                        }
                        dp += 2;
                        sp += 6;
                    }
                    if (sp >= len || ((b0 = buf[sp]) & 0xF0) != 0xE0) {
                        break;
                    }
                    if (sp + 2 >= len) {
                        return -1;
                    }
                    int b1 = buf[sp + 1];
                    int b2 = buf[sp + 2];
                    int c = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
                    if (((b1 & 0xC0) ^ 0x80 | (b2 & 0xC0) ^ 0x80) != 0 || c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) {
                        return -1;
                    }
                    if ((char) (c - 0x4E00) >= 0x5200 && CharClass.isEvent((char) c)) {
                        event(base + dp);
                    }
                    out[dp++] = (char) c;
                    sp += 3;
                } while (sp < len && ((b0 = buf[sp]) & 0xF0) == 0xE0);
            } else if ((b0 & 0xE0) == 0xC0) {
                if (sp + 1 >= len) {
                    return -1;
                }
                int b1 = buf[sp + 1];
                int c = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
                if ((b1 & 0xC0) != 0x80 || c < 0x80) {
                    return -1;
                }
                out[dp++] = (char) c;
                sp += 2;
            } else if ((b0 & 0xF8) == 0xF0) {
                if (sp + 3 >= len) {
                    return -1;
                }
                int b1 = buf[sp + 1];
                int b2 = buf[sp + 2];
                int b3 = buf[sp + 3];
                if (((b1 & 0xC0) ^ 0x80 | (b2 & 0xC0) ^ 0x80 | (b3 & 0xC0) ^ 0x80) != 0) {
                    return -1;
                }
                int cp = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
                if (cp < 0x10000 || cp > 0x10FFFF) {
                    return -1;
                }
                out[dp++] = Character.highSurrogate(cp);
                pair(base + dp);
                out[dp++] = Character.lowSurrogate(cp);
                sp += 4;
            } else {
                return -1;
            }
        }
        endsWithCr = skipLf;
        return dp - off;
    }

    private void event(int pos) {
        if (eventCount == events.length) {
            events = Arrays.copyOf(events, eventCount * 2);
        }
        events[eventCount++] = pos;
    }

    private void pair(int lowPos) {
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairCount * 2);
        }
        pairs[pairCount++] = lowPos;
    }

    /** Appends the decoding of the bytes that follow (a \n right after a trailing \r belongs to that line end). */
    Utf8Decoder append(Utf8Decoder rest) {
        int shift = (int) length;
        int skip = endsWithCr && rest.length > 0 && rest.text[0] == '\n' ? 1 : 0;
        int restLen = (int) rest.length - skip;
        if (nul < 0 && rest.nul >= 0) {
            nul = shift + rest.nul - skip;
        }
        for (int i = 0; i < rest.eventCount; i++) {
            int p = rest.events[i] - skip;
            if (p >= 0) {
                event(shift + p);
            }
        }
        for (int i = 0; i < rest.pairCount; i++) {
            pair(shift + rest.pairs[i] - skip);
        }
        ensureCapacity(length + restLen);
        System.arraycopy(rest.text, skip, text, shift, restLen);
        length += restLen;
        endsWithCr = rest.length > 0 ? rest.endsWithCr : endsWithCr;
        return this;
    }

    String text() {
        return new String(text, 0, (int) length);
    }

    ScanIndex index() {
        return new ScanIndex(events, eventCount, pairs, pairCount);
    }
}
