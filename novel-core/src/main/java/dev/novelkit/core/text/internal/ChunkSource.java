package dev.novelkit.core.text.internal;

import java.io.Closeable;
import java.io.IOException;

/**
 * Text arriving in chunks, with line ends normalised as Python's universal newlines do ({@code \r\n} and a lone
 * {@code \r} become {@code \n}), also across chunk boundaries.
 */
public abstract class ChunkSource implements Closeable {
    private boolean pendingCr;

    /** The next raw chunk (any non-zero length), or null at the end. */
    protected abstract String readRaw() throws IOException;

    /** How many UTF-8 bytes the text read so far takes (for throughput figures). */
    public abstract long utf8Bytes();

    /** The next normalised chunk (never empty), or null at the end. */
    public final String next() throws IOException {
        while (true) {
            String raw = readRaw();
            if (raw == null) {
                return null;
            }
            String s = normalize(raw);
            if (!s.isEmpty()) {
                return s;
            }
        }
    }

    private String normalize(String raw) {
        boolean skipLf = pendingCr && raw.charAt(0) == '\n';
        pendingCr = raw.charAt(raw.length() - 1) == '\r';
        if (raw.indexOf('\r') < 0) {
            return skipLf ? raw.substring(1) : raw;
        }
        return LineEnds.normalize(raw, skipLf ? 1 : 0);
    }

    @Override
    public void close() throws IOException {
    }
}
