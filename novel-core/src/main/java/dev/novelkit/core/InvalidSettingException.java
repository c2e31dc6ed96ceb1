package dev.novelkit.core;

import java.util.Objects;

/**
 * A setting was given a value it cannot take: the one exception type every settings object throws, naming the
 * setting and the bad value ({@code "maxChars must be at least 1, was 0"}). A kind of {@link InvalidInputException},
 * so a command line reports it as bad input.
 */
public class InvalidSettingException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final String setting;
    private final String value;

    /** {@code rule} completes "SETTING RULE, was VALUE", e.g. "must be at least 1". */
    public InvalidSettingException(String setting, Object value, String rule) {
        super(Objects.requireNonNull(setting, "setting"), rule + ", was " + show(value));
        this.setting = setting;
        this.value = show(value);
    }

    /** The same, keeping {@code cause} (a parser's own error, for instance). */
    public InvalidSettingException(String setting, Object value, String rule, Throwable cause) {
        super(Objects.requireNonNull(setting, "setting"), rule + ", was " + show(value), cause);
        this.setting = setting;
        this.value = show(value);
    }

    private static String show(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }

    /** The setting's name as the caller knows it: a method ({@code maxChars}), a flag or a variable. */
    public String setting() {
        return setting;
    }

    /** The bad value as shown in the message. */
    public String value() {
        return value;
    }
}
