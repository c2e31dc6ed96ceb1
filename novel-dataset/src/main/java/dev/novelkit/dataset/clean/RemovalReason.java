package dev.novelkit.dataset.clean;

import java.util.Locale;

/** Why the cleaner dropped a sample (or a line that was not a sample at all). */
public enum RemovalReason {
    /** The line is not a JSON record in a known format (or not valid UTF-8 / JSON). */
    MALFORMED,
    /** Mojibake that cannot be undone: U+FFFD, "锟斤拷", "Ã©"-style sequences. */
    MOJIBAKE,
    /** The query or the response is blank after cleaning. */
    EMPTY,
    TOO_SHORT_CHARS,
    TOO_LONG_CHARS,
    /** Too large a share of truly special characters (see {@link SymbolCleaner#isSpecial(int)}). */
    SPECIAL_RATIO,
    TOO_SHORT_TOKENS,
    TOO_LONG_TOKENS,
    /** Same normalized query and response as an earlier kept sample. */
    EXACT_DUPLICATE,
    /** MinHash-estimated Jaccard similarity with an earlier kept sample at or above the threshold. */
    NEAR_DUPLICATE;

    /** The report's name: {@code too_short_tokens}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
