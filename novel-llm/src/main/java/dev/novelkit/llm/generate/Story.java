package dev.novelkit.llm.generate;

import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.TokenUsage;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A story written chapter by chapter by {@link QwenGenerator#writeStory}: the chapters in order, how many were
 * asked for, the tokens used in all, and why writing ended.
 */
public record Story(List<Chapter> chapters, int requestedChapters, TokenUsage usage, End end) {
    /** Separates chapters in {@link #text()} and in the streamed text. */
    public static final String CHAPTER_SEPARATOR = "\n\n";

    public Story {
        chapters = List.copyOf(Objects.requireNonNull(chapters, "chapters"));
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(end, "end");
        if (requestedChapters < 1) {
            throw new IllegalArgumentException("requestedChapters must be >= 1, was " + requestedChapters);
        }
    }

    /** The chapters' texts joined by a blank line (empty chapters skipped), exactly as they were streamed. */
    public String text() {
        return chapters.stream().map(Chapter::text).filter(t -> !t.isEmpty())
                .collect(Collectors.joining(CHAPTER_SEPARATOR));
    }

    /** The chapters' texts in order. */
    public List<String> chapterTexts() {
        return chapters.stream().map(Chapter::text).toList();
    }

    /** Why each chapter ended, in order. */
    public List<FinishReason> finishReasons() {
        return chapters.stream().map(Chapter::finishReason).toList();
    }

    /** Characters in all chapters (separators not counted): what the length bound limits. */
    public long length() {
        return chapters.stream().mapToLong(c -> c.text().length()).sum();
    }

    /** One chapter: its number (from 1), text, why the model stopped writing it, and the tokens it used. */
    public record Chapter(int number, String text, FinishReason finishReason, TokenUsage usage) {
        public Chapter {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** Why writing ended. */
    public enum End {
        /** Every requested chapter was written. */
        COMPLETE,
        /** The length bound was reached; the last chapter was cut at a sentence end within the bound. */
        LENGTH_BOUND,
        /** The caller cancelled; the chapters so far are kept. */
        CANCELLED
    }
}
