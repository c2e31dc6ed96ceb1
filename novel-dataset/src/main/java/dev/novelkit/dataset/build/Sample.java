package dev.novelkit.dataset.build;

import dev.novelkit.core.prompt.SampleKind;

import java.util.Objects;

/**
 * One single-turn fine-tuning sample: a query, the response the model should learn to write (a paragraph of the
 * novel), an optional system prompt ("" for none), the kind of query, the 0-based index of the paragraph it came
 * from and the SHA-256 (hex) of that paragraph's text.
 *
 * <p>{@code kind} is null, {@code paragraph} -1 and {@code sourceHash} "" for a sample read back from a file whose
 * query matches none of the known templates and which does not carry them.
 */
public record Sample(SampleKind kind, String query, String response, String system, int paragraph,
                     String sourceHash) {
    public Sample {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(response, "response");
        system = system == null ? "" : system;
        sourceHash = sourceHash == null ? "" : sourceHash;
        if (paragraph < -1) {
            throw new IllegalArgumentException("paragraph must be >= -1, was " + paragraph);
        }
    }

    /** A sample of unknown kind and origin, without a system prompt. */
    public static Sample of(String query, String response) {
        return new Sample(null, query, response, "", -1, "");
    }

    /** Whether a system prompt is set. */
    public boolean hasSystem() {
        return !system.isEmpty();
    }

    /** This sample with another system prompt ("" for none). */
    public Sample system(String system) {
        return new Sample(kind, query, response, system, paragraph, sourceHash);
    }

    /** This sample with another kind. */
    public Sample kind(SampleKind kind) {
        return new Sample(kind, query, response, system, paragraph, sourceHash);
    }
}
