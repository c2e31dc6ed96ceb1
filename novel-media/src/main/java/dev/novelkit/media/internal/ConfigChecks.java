package dev.novelkit.media.internal;

import dev.novelkit.core.InvalidInputException;

import java.time.Duration;
import java.util.Objects;

/** Validation shared by the media backends' builders, failing with the field name and the bad value. Not public API. */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    /** An http(s) base URL without trailing slashes. */
    public static String baseUrl(String value) {
        String v = Objects.requireNonNull(value, "baseUrl").strip();
        if (!(v.startsWith("http://") || v.startsWith("https://"))) {
            throw new InvalidInputException("baseUrl", "must start with http:// or https://, was \"" + value + "\"");
        }
        return v.replaceAll("/+$", "");
    }

    /** {@code value} stripped; an error naming {@code field} when it is null or blank. */
    public static String nonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        return value.strip();
    }

    /** A duration above zero. */
    public static Duration positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidInputException(field, "must be a positive duration, was " + value);
        }
        return value;
    }
}
