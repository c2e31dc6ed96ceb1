package dev.novelkit.core.summary;

import dev.novelkit.core.prompt.SampleKind;

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

    /**
     * Everything besides the paragraph that decides the answer to one kind of call ({@link SampleKind#SUMMARY} for
     * {@link #summarize}, {@link SampleKind#BRIEF} for {@link #brief}): the algorithm and its version, or the
     * server, the model as the server names it, the request prompt actually sent and the sampling options. The
     * dataset journal keys finished calls on it, so it must change whenever the requests this summarizer sends (or
     * the answers it computes) would; a summarizer over a remote model may ask the server which model it serves.
     *
     * @throws IllegalArgumentException for {@link SampleKind#CONTINUATION}, which needs no summarizer call
     */
    String fingerprint(SampleKind call);
}
