package dev.novelkit.core.config;

import dev.novelkit.core.InvalidSettingException;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * The checks every settings object runs on a new value, each failing with an {@link InvalidSettingException} that
 * names the setting and the bad value. One copy of each rule for the whole library.
 */
public final class Require {
    private Require() {
    }

    /** {@code value}, or an error naming {@code setting} when it is null. */
    public static <T> T nonNull(String setting, T value) {
        if (value == null) {
            throw new InvalidSettingException(setting, null, "must be set");
        }
        return value;
    }

    /** {@code value} stripped, or an error when it is null or blank. */
    public static String nonBlank(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(setting, value, "must not be blank");
        }
        return value.strip();
    }

    public static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new InvalidSettingException(setting, value, "must be at least " + min);
        }
        return value;
    }

    public static long atLeast(String setting, long value, long min) {
        if (value < min) {
            throw new InvalidSettingException(setting, value, "must be at least " + min);
        }
        return value;
    }

    public static int between(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(setting, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static double between(String setting, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidSettingException(setting, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** A number above zero (not NaN). */
    public static double positive(String setting, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidSettingException(setting, value, "must be a positive number");
        }
        return value;
    }

    /** A duration above zero. */
    public static Duration positive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSettingException(setting, value, "must be a positive duration");
        }
        return value;
    }

    /** A duration of zero or more. */
    public static Duration nonNegative(String setting, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidSettingException(setting, value, "must be zero or a positive duration");
        }
        return value;
    }

    /** One of {@code allowed} (compared as given). */
    public static <T> T oneOf(String setting, T value, Collection<? extends T> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidSettingException(setting, value, "must be one of " + allowed);
        }
        return value;
    }

    /** An http(s) base URL without trailing slashes. */
    public static String baseUrl(String setting, String value) {
        String v = nonBlank(setting, value);
        if (!(v.startsWith("http://") || v.startsWith("https://"))) {
            throw new InvalidSettingException(setting, value, "must start with http:// or https://");
        }
        return v.replaceAll("/+$", "");
    }

    /** Fails with {@code rule} for {@code setting} unless {@code ok}; for rules between several settings. */
    public static void that(boolean ok, String setting, Object value, String rule) {
        if (!ok) {
            throw new InvalidSettingException(setting, value, rule);
        }
    }

    /** {@code value} when non-null, else {@code fallback}; a shorthand for optional settings. */
    public static <T> T orElse(T value, T fallback) {
        return value != null ? value : Objects.requireNonNull(fallback, "fallback");
    }
}
