package dev.novelkit.dataset.io;

import java.util.Locale;

/** The record layouts ms-swift accepts for a single-turn sample. */
public enum RecordFormat {
    /** {@code {"system": ..., "query": ..., "response": ...}}: the seed's format (system only when set). */
    SWIFT,
    /** {@code {"messages": [{"role": "system"|"user"|"assistant", "content": ...}]}}: the safest for every version. */
    MESSAGES,
    /** {@code {"system": ..., "instruction": ..., "input": "", "output": ...}}. */
    ALPACA,
    /** {@code {"system": ..., "conversation": [{"human": ..., "assistant": ...}]}}. */
    SHAREGPT;

    /** Parses "swift", "messages", "alpaca" or "sharegpt" (any case). */
    public static RecordFormat of(String name) {
        for (RecordFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown record format \"" + name + "\"; use swift, messages, alpaca or sharegpt");
    }

    /** The lowercase name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
