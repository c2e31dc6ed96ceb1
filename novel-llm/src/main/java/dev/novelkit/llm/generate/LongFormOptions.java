package dev.novelkit.llm.generate;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.ProgressListener;

import java.util.function.Consumer;

/**
 * How {@link QwenGenerator#writeStory} writes a long story: the rolling context window (the last
 * {@code contextChars} characters written go into each continuation prompt, 500 by default as in the dataset), the
 * length bound in characters, where the text streams to, who hears of progress, and how to cancel. Immutable; every
 * setter returns a new instance and checks its value ({@link dev.novelkit.core.InvalidSettingException}).
 */
public final class LongFormOptions {
    /** The dataset's continuation context: the last 500 characters of the previous paragraph. */
    public static final int DEFAULT_CONTEXT_CHARS = 500;

    private static final LongFormOptions DEFAULTS = new LongFormOptions(DEFAULT_CONTEXT_CHARS, Long.MAX_VALUE,
            ProgressListener.NONE, null, null);

    private final int contextChars;
    private final long maxChars;
    private final ProgressListener listener;
    private final Cancellation cancellation;
    private final Consumer<String> onText;

    private LongFormOptions(int contextChars, long maxChars, ProgressListener listener, Cancellation cancellation,
                            Consumer<String> onText) {
        this.contextChars = contextChars;
        this.maxChars = maxChars;
        this.listener = listener;
        this.cancellation = cancellation;
        this.onText = onText;
    }

    /** Context window 500 characters, no length bound, no listener, not cancellable, no streaming. */
    public static LongFormOptions defaults() {
        return DEFAULTS;
    }

    /** How many of the last characters written go into each continuation prompt (≥ 1). */
    public LongFormOptions contextChars(int chars) {
        Require.atLeast("contextChars", chars, 1);
        return new LongFormOptions(chars, maxChars, listener, cancellation, onText);
    }

    /** The most characters the story may have (≥ 1); the chapter that reaches it is cut at a sentence end. */
    public LongFormOptions maxChars(long chars) {
        Require.atLeast("maxChars", chars, 1L);
        return new LongFormOptions(contextChars, chars, listener, cancellation, onText);
    }

    /** Hears a message when each chapter starts and progress (chapters done / requested) when it ends. */
    public LongFormOptions listener(ProgressListener listener) {
        return new LongFormOptions(contextChars, maxChars, Require.nonNull("listener", listener),
                cancellation, onText);
    }

    /** Checked before each chapter and after each streamed piece; cancelling keeps what was written. */
    public LongFormOptions cancellation(Cancellation cancellation) {
        return new LongFormOptions(contextChars, maxChars, listener,
                Require.nonNull("cancellation", cancellation), onText);
    }

    /**
     * Receives the story as it is written, a sentence at a time, with {@link Story#CHAPTER_SEPARATOR} between
     * chapters; what it receives is exactly {@link Story#text()}.
     */
    public LongFormOptions onText(Consumer<String> onText) {
        return new LongFormOptions(contextChars, maxChars, listener, cancellation,
                Require.nonNull("onText", onText));
    }

    public int contextChars() {
        return contextChars;
    }

    /** The length bound in characters ({@link Long#MAX_VALUE} when unbounded). */
    public long maxChars() {
        return maxChars;
    }

    public ProgressListener listener() {
        return listener;
    }

    boolean isCancelled() {
        return cancellation != null && cancellation.isCancelled();
    }

    void emit(String text) {
        if (onText != null && !text.isEmpty()) {
            onText.accept(text);
        }
    }

    @Override
    public String toString() {
        return "LongFormOptions[contextChars=" + contextChars + ", maxChars="
                + (maxChars == Long.MAX_VALUE ? "unbounded" : maxChars) + "]";
    }
}
