package dev.novelkit.core.llm;

/** Tokens a call used, as the backend reported them (0 when it did not). */
public record TokenUsage(long promptTokens, long completionTokens) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + promptTokens + ", " + completionTokens);
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
