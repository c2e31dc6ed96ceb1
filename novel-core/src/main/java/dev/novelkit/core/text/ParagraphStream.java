package dev.novelkit.core.text;

import dev.novelkit.core.text.internal.ChunkSource;
import dev.novelkit.core.text.internal.Engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Paragraphs as a splitter produces them, one at a time, reading its input with a bounded buffer. Close it to
 * release the file; {@link #stream()} gives the same paragraphs as a {@link Stream} that closes this on close.
 * Not thread-safe.
 */
public final class ParagraphStream implements Iterator<Paragraph>, AutoCloseable {
    private final Engine engine;
    private final ChunkSource source;
    private final LongSupplier utf8Bytes;
    private Paragraph next;
    private boolean done;
    private boolean closed;

    ParagraphStream(Engine engine, ChunkSource source, LongSupplier utf8Bytes) {
        this.engine = engine;
        this.source = source;
        this.utf8Bytes = utf8Bytes;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            if (closed) {
                throw new IllegalStateException("paragraph stream is closed");
            }
            next = engine.next();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public Paragraph next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Paragraph p = next;
        next = null;
        return p;
    }

    /** The rest of the paragraphs as a sequential stream; closing it closes this. */
    public Stream<Paragraph> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** How many bytes of UTF-8 the text read so far takes (the whole text for an in-memory input). */
    public long utf8Bytes() {
        return utf8Bytes.getAsLong();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (source != null) {
                try {
                    source.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
