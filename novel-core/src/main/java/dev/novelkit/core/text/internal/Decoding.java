package dev.novelkit.core.text.internal;

import dev.novelkit.core.InvalidInputException;

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
 * binary rejection (NUL bytes, many control bytes), else strict UTF-8, else strict GB18030 (a superset of GBK and
 * GB2312). The whole-file reader decodes large UTF-8 files on two threads.
 */
public final class Decoding {
    /** How many leading bytes encoding detection looks at when streaming. */
    public static final int SNIFF_BYTES = 1 << 20;
    static final Charset GB18030 = Charset.forName("GB18030");
    private static final int PARALLEL_BYTES = 4 << 20;
    private static final int READ_SLICE = 4 << 20;

    private Decoding() {
    }

    /** The encoding chosen for a file, and how many byte-order-mark bytes to skip. */
    public record Choice(Charset charset, int bomLength, boolean detected) {
    }

    /** A decoded file: its text (line ends not yet normalised) and the charset it was read with. */
    public record Decoded(String text, Charset charset) {
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
        rejectBinary(b, len, name);
        long utf8Error = firstError(b, 0, len, StandardCharsets.UTF_8, whole);
        if (utf8Error < 0) {
            return new Choice(StandardCharsets.UTF_8, 0, true);
        }
        if (!meantAsUtf8(b, 0, (int) utf8Error) && firstError(b, 0, len, GB18030, whole) < 0) {
            return new Choice(GB18030, 0, true);
        }
        throw notText(name, null, utf8Error, b[(int) utf8Error]);
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
        String what = forced == null ? "not UTF-8 or GB18030 text" : "not valid " + forced.name() + " text";
        return new InvalidInputException(name, what + String.format(" (invalid byte 0x%02X at offset %d)",
                bad & 0xFF, offset));
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

    /** Reads and strictly decodes a whole file (the caller has checked it is not empty and fits in a String). */
    public static Decoded readFile(Path file, Charset forced, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new InvalidInputException(name, "too large to read whole (" + size
                        + " bytes); split it with NovelSplitter.stream(Path)");
            }
            int n = (int) size;
            byte[] b = new byte[n];
            int sniff = Math.min(n, SNIFF_BYTES);
            if (n >= PARALLEL_BYTES && parallel()) {
                int mid = n / 2;
                // The first half also reads 4 bytes past the middle to find the same char boundary as the second.
                ForkJoinTask<Object> second = ForkJoinPool.commonPool().submit(() -> {
                    readFully(ch, b, mid, n - mid);
                    return null;
                });
                readFully(ch, b, 0, Math.min(n, mid + 4));
                join(second);
            } else {
                readFully(ch, b, 0, n);
            }
            Choice choice = choose(b, sniff, sniff == n, forced, name);
            String text;
            if (choice.charset().equals(StandardCharsets.UTF_8)) {
                text = decodeUtf8(b, choice.bomLength(), n);
                if (text == null) {
                    long err = firstError(b, choice.bomLength(), n - choice.bomLength(), StandardCharsets.UTF_8, true);
                    if (choice.detected() && choice.bomLength() == 0 && !meantAsUtf8(b, 0, (int) err)
                            && firstError(b, 0, n, GB18030, true) < 0) {
                        return new Decoded(strictDecode(b, 0, n, GB18030, null, name), GB18030);
                    }
                    throw notText(name, choice.detected() ? null : forced, err, b[(int) err]);
                }
            } else {
                text = strictDecode(b, choice.bomLength(), n - choice.bomLength(), choice.charset(),
                        choice.detected() && choice.charset().equals(GB18030) ? null : choice.charset(), name);
            }
            return new Decoded(text, choice.charset());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "no such file", e);
        }
    }

    private static boolean parallel() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    private static void join(ForkJoinTask<?> task) throws IOException {
        try {
            task.join();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static void readFully(FileChannel ch, byte[] b, int off, int len) throws IOException {
        int end = off + len;
        for (int pos = off; pos < end; ) {
            ByteBuffer bb = ByteBuffer.wrap(b, pos, Math.min(READ_SLICE, end - pos));
            int r = ch.read(bb, pos);
            if (r < 0) {
                throw new EOFException("file shrank while reading");
            }
            pos += r;
        }
    }

    /**
     * UTF-8 to a String, on two threads for large input; null if the bytes are not valid UTF-8. The JDK's decoder
     * replaces malformed input with U+FFFD, so only a result holding U+FFFD is checked again strictly.
     */
    private static String decodeUtf8(byte[] b, int from, int to) {
        if (to - from < PARALLEL_BYTES || !parallel()) {
            String s = new String(b, from, to - from, StandardCharsets.UTF_8);
            return s.indexOf('\uFFFD') >= 0 && firstError(b, from, to - from, StandardCharsets.UTF_8, true) >= 0
                    ? null : s;
        }
        int mid = (from + to) >>> 1;
        int cut = mid;
        while (cut < to && cut < mid + 3 && (b[cut] & 0xC0) == 0x80) {
            cut++;
        }
        int split = cut;
        ForkJoinTask<String> second = ForkJoinPool.commonPool().submit(
                () -> new String(b, split, to - split, StandardCharsets.UTF_8));
        String first = new String(b, from, split - from, StandardCharsets.UTF_8);
        String rest = second.join();
        if ((first.indexOf('\uFFFD') >= 0 || rest.indexOf('\uFFFD') >= 0)
                && firstError(b, from, to - from, StandardCharsets.UTF_8, true) >= 0) {
            return null;
        }
        return first.concat(rest);
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
