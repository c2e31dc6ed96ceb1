package dev.novelkit.core.prompt;

/** The seed's three kinds of single-turn fine-tuning samples, named by what the query holds. */
public enum SampleKind {
    /** The structured summary of the paragraph → the paragraph. */
    SUMMARY,
    /** The previous paragraph's ending → the paragraph (its continuation). */
    CONTINUATION,
    /** The 60-character brief of the paragraph → the paragraph. */
    BRIEF
}
