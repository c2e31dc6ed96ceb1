package dev.novelkit.llm.swift;

/**
 * What swift 2.x does with dataset rows it cannot read ({@code --check_dataset_strategy}). swift 3.x and 4.x have no
 * such flag: they drop unreadable rows unless {@code --strict true}, so {@link #ERROR} becomes {@code --strict true}
 * there and the others are left out (the command's notes say so for {@link #WARNING}).
 */
public enum CheckDatasetStrategy {
    /** No check. */
    NONE,
    /** Drop bad rows silently. */
    DISCARD,
    /** Stop on the first bad row. */
    ERROR,
    /** Warn about bad rows (the seed's choice). */
    WARNING;

    String flagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
