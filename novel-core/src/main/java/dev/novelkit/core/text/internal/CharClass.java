package dev.novelkit.core.text.internal;

import dev.novelkit.core.text.Sentences;

/**
 * The character classes the splitters and the chapter detector share, as bit sets for speed: Python's whitespace,
 * and {@link Sentences}' terminators, closing quotes and brackets and clause marks (soft break points), and the
 * "event" characters the scanners stop at.
 */
public final class CharClass {
    private CharClass() {
    }

    /** Bit set over all 65,536 chars: sentence terminators, '\n' and surrogates (for code point counting). */
    static final long[] EVENTS = new long[1024];
    private static final long[] SPACES = new long[1024];
    private static final long[] TERMINATORS = new long[1024];
    private static final long[] CLOSERS = new long[1024];
    private static final long[] BREAKS = new long[1024];

    static {
        // The rules are Sentences'; here they become bit sets for the scanners.
        for (char c : Sentences.ENDS.toCharArray()) {
            set(EVENTS, c);
            set(TERMINATORS, c);
        }
        set(EVENTS, '\n');
        for (char c : (Sentences.CLOSERS + Sentences.ASCII_QUOTES).toCharArray()) {
            set(CLOSERS, c);
        }
        for (char c : Sentences.CLAUSE_MARKS.toCharArray()) {
            set(BREAKS, c);
        }
        for (int c = Character.MIN_LOW_SURROGATE; c <= Character.MAX_LOW_SURROGATE; c++) {
            set(EVENTS, (char) c);
        }
        // Exactly the chars for which Python's str.isspace() is true (all are in the BMP).
        for (int c : new int[]{0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
                0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
                0x2028, 0x2029, 0x202f, 0x205f, 0x3000}) {
            set(SPACES, (char) c);
        }
    }

    private static void set(long[] bits, char c) {
        bits[c >>> 6] |= 1L << c;
    }

    /** Whitespace exactly as Python's {@code str.isspace()} defines it (what the seed's {@code strip()} removes). */
    public static boolean isSpace(int c) {
        return c >= 0 && c <= 0x3000 && (SPACES[c >>> 6] & (1L << c)) != 0;
    }

    /** A char the event scanners stop at: a terminator, a line feed or a low surrogate. */
    static boolean isEvent(char c) {
        return (EVENTS[c >>> 6] & (1L << c)) != 0;
    }

    /** Ends a sentence: 。！？!?… (a run of them ends one sentence). */
    public static boolean isTerminator(int c) {
        return in(TERMINATORS, c);
    }

    /** A closing quote or bracket that stays with the sentence it follows. */
    public static boolean isCloser(int c) {
        return in(CLOSERS, c);
    }

    /** A place an over-long sentence may be cut after: a comma, semicolon, colon, enumeration comma or space. */
    public static boolean isSoftBreak(int c) {
        return in(BREAKS, c) || isSpace(c);
    }

    private static boolean in(long[] bits, int c) {
        return c >= 0 && (bits[c >>> 6] & (1L << c)) != 0;
    }
}
