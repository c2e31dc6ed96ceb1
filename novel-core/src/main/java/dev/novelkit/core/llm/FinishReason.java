package dev.novelkit.core.llm;

import java.util.Locale;

/** Why generation ended. */
public enum FinishReason {
    /** The model ended its turn or hit a stop sequence. */
    STOP,
    /** The token limit was reached. */
    LENGTH,
    /** The server filtered the content. */
    CONTENT_FILTER,
    /** The caller cancelled (closed the stream). */
    CANCELLED,
    /** Anything else, or not reported. */
    OTHER;

    /** Maps OpenAI's {@code finish_reason} ("stop", "length", "content_filter", ...; null → OTHER). */
    public static FinishReason fromWire(String value) {
        if (value == null) {
            return OTHER;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "stop", "eos", "stop_sequence", "end_turn" -> STOP;
            case "length", "max_tokens" -> LENGTH;
            case "content_filter" -> CONTENT_FILTER;
            default -> OTHER;
        };
    }
}
