package dev.novelkit.core.text.internal;

import java.io.IOException;
import java.io.Reader;

/** Chunks read from a caller's {@link Reader}; a leading byte-order mark char is dropped. */
public final class ReaderSource extends ChunkSource {
    private final Reader reader;
    private final char[] buf;
    private boolean first = true;
    private long utf8Bytes;

    public ReaderSource(Reader reader, int chunkChars) {
        this.reader = reader;
        this.buf = new char[chunkChars];
    }

    @Override
    protected String readRaw() throws IOException {
        int n;
        do {
            n = reader.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return null;
        }
        int from = 0;
        if (first) {
            first = false;
            if (buf[0] == '\uFEFF') {
                from = 1;
                if (n == 1) {
                    return readRaw();
                }
            }
        }
        utf8Bytes += Utf8.length(buf, from, n);
        return new String(buf, from, n - from);
    }

    @Override
    public long utf8Bytes() {
        return utf8Bytes;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
