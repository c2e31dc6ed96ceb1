package dev.novelkit.core.text.internal;

import dev.novelkit.core.InvalidInputException;
import org.mozilla.universalchardet.prober.Big5Prober;
import org.mozilla.universalchardet.prober.GB18030Prober;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Encoding detection and strict decoding of novel files. Detection: a byte-order mark (UTF-8, UTF-16 LE/BE), else
 * UTF-16 without a mark (its zero bytes on one side of each code unit, or Chinese text that reads as CJK in one byte
 * order only), else binary rejection (NUL bytes, many control bytes), else strict UTF-8, else GB18030 (a superset of
 * GBK and GB2312) or Big5 (Windows code page 950), told apart by Mozilla's character-distribution probers
 * (juniversalchardet); when they cannot tell (a few characters only) or neither decodes, the error asks for the
 * encoding. The whole-file reader decodes large UTF-8 files on two threads.
 */
public final class Decoding {
    /** How many leading bytes encoding detection looks at when streaming. */
    public static final int SNIFF_BYTES = 1 << 20;
    /** Reading a whole file decodes all of it strictly anyway, so a smaller sample chooses the encoding. */
    private static final int WHOLE_FILE_SNIFF_BYTES = 64 << 10;
    static final Charset GB18030 = Charset.forName("GB18030");
    /** Big5 as Windows writes it (code page 950, a superset of plain Big5). */
    static final Charset BIG5 = Charset.forName("x-windows-950");
    private static final String ASK = "; name its encoding (--encoding on the command line)";
    private static final int PARALLEL_BYTES = 4 << 20;

    private Decoding() {
    }

    /** The encoding chosen for a file, and how many byte-order-mark bytes to skip. */
    public record Choice(Charset charset, int bomLength, boolean detected) {
    }

    /**
     * A decoded file: its text with line ends normalised, either as a String or (when decoded here, with its scan
     * index) as chars [0, length) of an array; the charset it was read with, where its first NUL char is (-1:
     * none), and the scan index found while decoding (null when not built).
     */
    public record Decoded(String text, char[] chars, int length, Charset charset, int nul, ScanIndex index) {
        /** The text as a String (built from the chars if it is held as chars). */
        public String string() {
            return text != null ? text : new String(chars, 0, length);
        }

        /** Whether chars [0, length) hold only whitespace. */
        public boolean blank() {
            for (int i = 0; i < length; i++) {
                if (!CharClass.isSpace(text != null ? text.charAt(i) : chars[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Chooses the encoding from the first {@code len} bytes ({@code whole}: they are the whole file). With a
     * forced charset only a UTF-8 byte-order mark is skipped.
     */
    public static Choice choose(byte[] b, int len, boolean whole, Charset forced, String name) {
        if (forced != null) {
            boolean bom = forced.equals(StandardCharsets.UTF_8) && hasUtf8Bom(b, len);
            return new Choice(forced, bom ? 3 : 0, false);
        }
        if (hasUtf8Bom(b, len)) {
            return new Choice(StandardCharsets.UTF_8, 3, true);
        }
        if (len >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return new Choice(StandardCharsets.UTF_16LE, 2, true);
        }
        if (len >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return new Choice(StandardCharsets.UTF_16BE, 2, true);
        }
        long utf8Error = firstError(b, 0, len, StandardCharsets.UTF_8, whole);
        if (utf8Error >= 0) {
            Charset utf16 = Utf16Guess.of(b, len);
            if (utf16 != null) {
                return new Choice(utf16, 0, true);
            }
        }
        rejectBinary(b, len, name);
        if (utf8Error < 0) {
            return new Choice(StandardCharsets.UTF_8, 0, true);
        }
        if (meantAsUtf8(b, 0, (int) utf8Error)) {
            throw notText(name, null, utf8Error, b[(int) utf8Error]);
        }
        return new Choice(chineseLegacy(b, 0, len, whole, name), 0, true);
    }

    /**
     * GB18030 or Big5 for bytes that are not UTF-8: the one that decodes them when only one does, else the one
     * Mozilla's character-distribution probers find far likelier. Neither decodes, or the probers cannot tell
     * (too little text): an error that asks for the encoding.
     */
    static Charset chineseLegacy(byte[] b, int off, int len, boolean whole, String name) {
        long gbError = firstError(b, off, len, GB18030, whole);
        long big5Error = firstError(b, off, len, BIG5, whole);
        if (gbError >= 0 && big5Error >= 0) {
            long at = Math.max(gbError, big5Error);
            throw notText(name, null, off + at, b[(int) (off + at)]);
        }
        if (big5Error >= 0) {
            return GB18030;
        }
        if (gbError >= 0) {
            return BIG5;
        }
        GB18030Prober gb = new GB18030Prober();
        Big5Prober big5 = new Big5Prober();
        gb.handleData(b, off, len);
        big5.handleData(b, off, len);
        float g = gb.getConfidence();
        float t = big5.getConfidence();
        if (g >= 0.5f && g > 2 * t) {
            return GB18030;
        }
        if (t >= 0.5f && t > 2 * g) {
            return BIG5;
        }
        throw new InvalidInputException(name, "not UTF-8, and too little text to tell GB18030 (GBK) from Big5" + ASK);
    }

    /**
     * True when valid multi-byte UTF-8 comes before the first error: then the file is damaged UTF-8, not GBK
     * (GBK text breaks as UTF-8 within its first few characters), and must not be read as GB18030 mojibake.
     */
    static boolean meantAsUtf8(byte[] b, int from, int errorOffset) {
        int multiByte = 0;
        for (int i = from; i < errorOffset && multiByte < 4; i++) {
            if ((b[i] & 0xC0) == 0xC0) {
                multiByte++;
            }
        }
        return multiByte >= 4;
    }

    private static boolean hasUtf8Bom(byte[] b, int len) {
        return len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    /** NUL bytes or more than 5% control bytes (other than tab, line feed, carriage return, form feed, escape). */
    static void rejectBinary(byte[] b, int len, String name) {
        int controls = 0;
        for (int i = 0; i < len; i++) {
            int c = b[i];
            if (c >= 0 && c < 0x20) {
                if (c == 0) {
                    throw new InvalidInputException(name, "binary file (NUL byte at offset " + i + ")");
                }
                if (c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b && c != 0x0b) {
                    controls++;
                }
            }
        }
        if (controls > 0 && controls >= len / 20) {
            throw new InvalidInputException(name, "binary file (" + controls + " control bytes in the first "
                    + len + " bytes)");
        }
    }

    static InvalidInputException notText(String name, Charset forced, long offset, byte bad) {
        String what = forced == null ? "not UTF-8, UTF-16, GB18030 or Big5 text" : "not valid " + forced.name() + " text";
        return new InvalidInputException(name, what + String.format(" (invalid byte 0x%02X at offset %d)",
                bad & 0xFF, offset) + (forced == null ? ASK : ""));
    }

    /** The offset of the first byte {@code cs} cannot decode strictly, or -1 (a cut-off sequence at the end is fine unless whole). */
    static long firstError(byte[] b, int off, int len, Charset cs, boolean whole) {
        CharsetDecoder dec = strict(cs);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = dec.decode(in, out, whole);
            if (r.isError()) {
                return in.position();
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            return -1;
        }
    }

    static CharsetDecoder strict(Charset cs) {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * Reads and strictly decodes a whole file (the caller has checked it is not empty). UTF-8 is read in small
     * chunks and decoded straight into one char array sized from the first 64 KB (a large file in two halves on two
     * threads, the second copied behind the first once): no file-sized byte array, no per-chunk strings, and no
     * String of the whole text until one is asked for.
     */
    public static Decoded readFile(Path file, Charset forced, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new InvalidInputException(name, "too large to read whole (" + size
                        + " bytes); split it with NovelSplitter.stream(Path)");
            }
            int n = (int) size;
            byte[] sniff = new byte[Math.min(n, WHOLE_FILE_SNIFF_BYTES)];
            readFully(ch, sniff, 0, 0, sniff.length);
            Choice choice = choose(sniff, sniff.length, sniff.length == n, forced, name);
            if (choice.charset().equals(StandardCharsets.UTF_8)) {
                Utf8Decoder d = decodeUtf8(ch, choice.bomLength(), n, charsPerByte(sniff));
                if (d != null) {
                    return new Decoded(null, d.text, (int) d.length, StandardCharsets.UTF_8, d.nul, d.index());
                }
            }
            byte[] b = new byte[n];
            readFully(ch, b, 0, 0, n);
            String text;
            Charset charset = choice.charset();
            if (charset.equals(StandardCharsets.UTF_8)) {
                long err = firstError(b, choice.bomLength(), n - choice.bomLength(), StandardCharsets.UTF_8, true);
                if (err < 0) {
                    // Valid UTF-8 that holds U+FFFD itself.
                    text = new String(b, choice.bomLength(), n - choice.bomLength(), StandardCharsets.UTF_8);
                } else if (choice.detected() && choice.bomLength() == 0 && !meantAsUtf8(b, 0, (int) err)) {
                    // The sample was UTF-8 (plain ASCII, say) but the rest is not: choose again on all of it.
                    charset = chineseLegacy(b, 0, n, true, name);
                    text = strictDecode(b, 0, n, charset, null, name);
                } else {
                    throw notText(name, choice.detected() ? null : forced, err, b[(int) err]);
                }
            } else {
                text = strictDecode(b, choice.bomLength(), n - choice.bomLength(), charset,
                        choice.detected() && choice.bomLength() == 0 ? null : charset, name);
            }
            text = LineEnds.normalize(text, 0);
            return new Decoded(text, null, text.length(), charset, text.indexOf('\0'), null);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "no such file", e);
        }
    }

    /** Chars per UTF-8 byte in a sample (lead bytes over bytes), to size the decode buffer. */
    private static double charsPerByte(byte[] sample) {
        int chars = 0;
        for (byte b : sample) {
            if ((b & 0xC0) != 0x80) {
                chars++;
            }
        }
        return sample.length == 0 ? 1 : (double) chars / sample.length;
    }

    /** The chars {@code bytes} bytes are expected to decode to, with a little headroom, never more than bytes. */
    private static int expectedChars(long bytes, double charsPerByte) {
        return (int) Math.min(bytes, (long) (bytes * Math.min(1, charsPerByte * 1.02)) + 65536);
    }

    /**
     * UTF-8 bytes [from, to) of the file decoded, on two threads when large, into one buffer sized from the
     * sample's ratio (no per-chunk strings to join); null if they are not valid UTF-8.
     */
    private static Utf8Decoder decodeUtf8(FileChannel ch, int from, int to, double charsPerByte) throws IOException {
        if (to - from < PARALLEL_BYTES || !parallel()) {
            return Utf8Decoder.read(ch, from, to, expectedChars(to - from, charsPerByte));
        }
        byte[] probe = new byte[4];
        int mid = (from + to) >>> 1;
        readFully(ch, probe, mid, 0, Math.min(4, to - mid));
        int cut = mid;
        while (cut < to && cut < mid + 3 && (probe[cut - mid] & 0xC0) == 0x80) {
            cut++;
        }
        int split = cut;
        ForkJoinTask<Utf8Decoder> second = ForkJoinPool.commonPool().submit(
                () -> Utf8Decoder.read(ch, split, to, expectedChars(to - split, charsPerByte)));
        Utf8Decoder first = Utf8Decoder.read(ch, from, split, expectedChars(to - from, charsPerByte));
        Utf8Decoder rest = join(second);
        return first == null || rest == null ? null : first.append(rest);
    }

    private static boolean parallel() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    private static <T> T join(ForkJoinTask<T> task) throws IOException {
        try {
            return task.join();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Reads len bytes at file offset pos into b[off, off + len). */
    private static void readFully(FileChannel ch, byte[] b, long pos, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) {
            int r = ch.read(bb, pos + bb.position() - off);
            if (r < 0) {
                throw new EOFException("file shrank while reading");
            }
        }
    }

    /** Strict decoding of a byte range; errors name the byte and its offset in the file. */
    static String strictDecode(byte[] b, int off, int len, Charset cs, Charset reportAs, String name) {
        CharsetDecoder dec = strict(cs);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) Math.min(Integer.MAX_VALUE - 16,
                (long) (len * (double) dec.maxCharsPerByte()) + 16)));
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            throw notText(name, reportAs, at, b[at]);
        }
        out.flip();
        return out.toString();
    }
}
