package dev.novelkit.core.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The record layouts ms-swift reads for a single-turn sample, in JSON Lines and CSV. What each layout holds is
 * written down once, in {@link TrainingRecord}; the dataset writer, the reader, the cleaner and the check before
 * training all use it.
 */
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

    /**
     * The CSV columns of this layout: alpaca's {@code instruction,input,output}, {@code query,response} for the
     * others (CSV has no nesting), after a {@code system} column when {@code system}.
     */
    public List<String> csvColumns(boolean system) {
        List<String> all = new ArrayList<>();
        if (system) {
            all.add("system");
        }
        all.addAll(this == ALPACA ? List.of("instruction", "input", "output") : List.of("query", "response"));
        return List.copyOf(all);
    }

    /** A sample's CSV fields in {@link #csvColumns} order. */
    public List<String> csvFields(boolean system, String systemPrompt, String query, String response) {
        List<String> all = new ArrayList<>();
        if (system) {
            all.add(systemPrompt);
        }
        all.addAll(this == ALPACA ? List.of(query, "", response) : List.of(query, response));
        return all;
    }
}
