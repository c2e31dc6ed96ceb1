package dev.novelkit.core.summary;

/**
 * Writes the two summaries the dataset stage needs for a paragraph: the structured {@link StorySummary} and a
 * brief of at most 60 characters. Implementations are thread-safe.
 */
public interface Summarizer {
    /** A short name for reports, such as "llm:qwen2-7b-instruct" or "offline". */
    String name();

    /** The structured summary of one paragraph. */
    StorySummary summarize(String paragraph);

    /** A brief of at most 60 characters. */
    String brief(String paragraph);
}
