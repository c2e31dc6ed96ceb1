package dev.novelkit.llm.llama.internal;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.TokenUsage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A {@link ChatStream} over java-llama.cpp's token iterator, pulling one frame per {@code hasNext()} as the
 * caller reads.
 *
 * <p>llama.cpp's server loop sends one frame per sampled token (an end-of-generation token such as
 * {@code <|im_end|>} gives an empty frame), then a final frame. A token that ends in the middle of a UTF-8
 * character sends no frame of its own: its bytes come with the next frame. The completion token count is the
 * number of token frames, so it can fall short of llama.cpp's own count by such tokens. The finish reason is
 * {@link FinishReason#LENGTH} when the request's token budget was used up by a token with text, and
 * {@link FinishReason#STOP} otherwise (end of turn or stop string).
 *
 * <p>{@link #close()} may be called from any thread: while the reading thread waits for a frame it only marks the
 * stream, and the reader cancels the generation as soon as that frame arrives (within one token).
 */
public final class LlamaChatStream implements ChatStream {
    private final LlamaIterator frames;
    private final int promptTokens;
    private final int nPredict;
    private final String model;
    private final Consumer<ChatResponse> onFinish;

    private final Object state = new Object();
    private final StringBuilder text = new StringBuilder();
    private int tokens;
    private String lastTokenText = "";
    private boolean receiving;
    private boolean closeRequested;
    private boolean iterated;
    private ChatResponse response;

    /**
     * @param onFinish called exactly once, when generation ends for any reason (end, cancel, failure), with the
     *                 response so far
     */
    public LlamaChatStream(LlamaIterator frames, int promptTokens, int nPredict, String model,
                           Consumer<ChatResponse> onFinish) {
        this.frames = frames;
        this.promptTokens = promptTokens;
        this.nPredict = nPredict;
        this.model = model;
        this.onFinish = onFinish;
    }

    @Override
    public Iterator<String> iterator() {
        synchronized (state) {
            if (iterated) {
                throw new IllegalStateException("a ChatStream can be iterated only once");
            }
            iterated = true;
        }
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = pull();
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String piece = next;
                next = null;
                return piece;
            }
        };
    }

    @Override
    public ChatResponse response() {
        while (pull() != null) {
            // drain
        }
        synchronized (state) {
            return response;
        }
    }

    @Override
    public void close() {
        synchronized (state) {
            if (response != null) {
                return;
            }
            if (receiving) {
                closeRequested = true;
                return;
            }
            cancelLocked();
        }
    }

    /** The next non-empty text piece, or null once generation has ended. */
    private String pull() {
        while (true) {
            synchronized (state) {
                if (response != null) {
                    return null;
                }
                if (closeRequested) {
                    cancelLocked();
                    return null;
                }
                receiving = true;
            }
            LlamaOutput frame;
            try {
                frame = frames.next();
            } catch (RuntimeException e) {
                synchronized (state) {
                    receiving = false;
                    cancelQuietly();
                    finishLocked(FinishReason.OTHER);
                }
                throw BackendException.builder("llama", "generation failed: " + e.getMessage()).cause(e).build();
            }
            synchronized (state) {
                receiving = false;
                boolean last = !frames.hasNext();
                String piece = frame.text == null ? "" : frame.text;
                if (!last) {
                    tokens++;
                    lastTokenText = piece;
                }
                text.append(piece);
                if (last) {
                    boolean budgetUsed = tokens >= nPredict && !lastTokenText.isEmpty();
                    finishLocked(budgetUsed ? FinishReason.LENGTH : FinishReason.STOP);
                } else if (closeRequested) {
                    cancelLocked();
                    return null;
                }
                if (!piece.isEmpty()) {
                    return piece;
                }
            }
        }
    }

    private void cancelLocked() {
        cancelQuietly();
        finishLocked(FinishReason.CANCELLED);
    }

    private void cancelQuietly() {
        try {
            frames.cancel();
        } catch (RuntimeException ignored) {
            // the task is gone already; nothing left to stop
        }
    }

    private void finishLocked(FinishReason reason) {
        if (response != null) {
            return;
        }
        response = new ChatResponse(text.toString(), new TokenUsage(promptTokens, tokens), reason, model);
        onFinish.accept(response);
    }
}
