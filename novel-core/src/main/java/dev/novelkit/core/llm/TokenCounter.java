package dev.novelkit.core.llm;

/** Counts tokens the way a model's tokenizer does (the Qwen tokenizer for Qwen models). Thread-safe. */
public interface TokenCounter {
    /** The number of tokens in {@code text}, without special tokens. */
    int count(String text);

    /** A crude counter: one token per code point. For tests and rough estimates only. */
    static TokenCounter codePoints() {
        return text -> text.codePointCount(0, text.length());
    }
}
