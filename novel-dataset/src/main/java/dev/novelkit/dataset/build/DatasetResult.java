package dev.novelkit.dataset.build;

import dev.novelkit.core.prompt.SampleKind;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a dataset build produced: the samples in paragraph-then-kind order, how many paragraphs were used and
 * skipped (too short, or nothing but whitespace and punctuation), how many summarizer calls were made and how many were reused
 * from the journal, how many summaries did not follow the format, and the calls that failed (their samples are
 * missing; a re-run with the same journal retries only those).
 */
public record DatasetResult(List<Sample> samples, int paragraphs, int skippedParagraphs, int callsMade,
                            int callsReused, int notWellFormed, List<Failure> failures, Duration elapsed,
                            String summarizer) {
    public DatasetResult {
        samples = List.copyOf(samples);
        failures = List.copyOf(failures);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(summarizer, "summarizer");
    }

    /** A summarizer call that still failed after the backend's own retries: no sample of {@code kind} was made. */
    public record Failure(int paragraph, SampleKind kind, String reason) {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            reason = reason == null ? "" : reason;
        }
    }

    /** True when no call failed. */
    public boolean isComplete() {
        return failures.isEmpty();
    }

    /** The indexes of the paragraphs with at least one failed call, ascending. */
    public List<Integer> failedParagraphs() {
        return failures.stream().map(Failure::paragraph).distinct().sorted().toList();
    }

    /** How many samples of one kind. */
    public long count(SampleKind kind) {
        return samples.stream().filter(s -> s.kind() == kind).count();
    }
}
