package dev.novelkit.dataset.clean.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads raw lines (bytes, without the {@code \n} or {@code \r\n}) from a stream, skipping a UTF-8 byte order mark at
 * the start. A line longer than the limit is skipped to its end and returned empty, with
 * {@link #lastWasTooLong()} true, so one huge line cannot exhaust memory. Not thread-safe.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long offset;
    private long lineNumber;
    private boolean tooLong;
    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean start = true;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    public byte[] next() throws IOException {
        lineLength = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    return finish();
                }
            }
            any = true;
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (buffer[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl;
            append(pos, end - pos);
            offset += (nl < 0 ? limit : nl + 1) - pos;
            pos = nl < 0 ? limit : nl + 1;
            if (nl >= 0) {
                return finish();
            }
        }
    }

    /** Whether the line just returned was over the limit (and is returned empty). */
    public boolean lastWasTooLong() {
        return tooLong;
    }

    /** The 1-based number of the line just returned. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        if (start) {
            start = false;
            if (n >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
                pos = 3;
                offset += 3;
            }
        }
        return pos < limit || fill();
    }

    private void append(int from, int length) {
        if (tooLong || length == 0) {
            return;
        }
        if ((long) lineLength + length > maxLineBytes) {
            tooLong = true;
            lineLength = 0;
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + length, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    private byte[] finish() {
        lineNumber++;
        int n = lineLength;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        byte[] out = Arrays.copyOf(line, n);
        if (line.length > 1 << 20) {
            line = new byte[1024]; // do not keep a huge buffer after a huge line
        }
        return out;
    }
}
