package dev.novelkit.core.llm;

import java.util.Objects;

/** What a chat call produced: the assistant's text, the tokens used, why it stopped and which model answered. */
public record ChatResponse(String text, TokenUsage usage, FinishReason finishReason, String model) {
    public ChatResponse {
        Objects.requireNonNull(text, "text");
        usage = usage == null ? TokenUsage.ZERO : usage;
        finishReason = finishReason == null ? FinishReason.OTHER : finishReason;
        model = model == null ? "" : model;
    }
}
