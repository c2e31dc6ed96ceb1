package dev.novelkit.core.llm;

import java.util.Iterator;

/**
 * A streamed answer: iterate to receive text pieces as the model writes them, then {@link #response()} gives the
 * whole answer with usage and finish reason. Closing the stream before the end cancels generation (the finish
 * reason becomes {@link FinishReason#CANCELLED}). Not thread-safe; iterate once.
 */
public interface ChatStream extends Iterable<String>, AutoCloseable {
    /** The text pieces, in order. Blocks while waiting for the next piece. */
    @Override
    Iterator<String> iterator();

    /** The complete answer. Drains the rest of the stream first if it was not fully read. */
    ChatResponse response();

    /** Cancels generation if still running and frees its resources. Idempotent. */
    @Override
    void close();

    /** A stream over an answer that is already complete (for backends without streaming). */
    static ChatStream of(ChatResponse response) {
        return new ChatStream() {
            @Override
            public Iterator<String> iterator() {
                return response.text().isEmpty() ? java.util.Collections.emptyIterator()
                        : java.util.List.of(response.text()).iterator();
            }

            @Override
            public ChatResponse response() {
                return response;
            }

            @Override
            public void close() {
            }
        };
    }
}
