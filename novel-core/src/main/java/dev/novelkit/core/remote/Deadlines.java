package dev.novelkit.core.remote;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;

import java.time.Duration;
import java.util.Locale;

/**
 * How long one remote call may take: to connect, to the first byte of the answer (and between bytes), and in
 * total. Every HTTP backend applies these; giving up names the server and the deadline that passed.
 */
public record Deadlines(Duration connect, Duration firstByte, Duration total) {
    /** Connect 10 s, first byte 120 s, total 10 minutes. */
    public static final Deadlines DEFAULT = new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(120),
            Duration.ofMinutes(10));

    public Deadlines {
        Require.positive("connect", connect);
        Require.positive("firstByte", firstByte);
        Require.positive("total", total);
    }

    /** These deadlines with every one capped at {@code timeout} (the command line's {@code --timeout}). */
    public Deadlines cappedAt(Duration timeout) {
        Require.positive("timeout", timeout);
        return new Deadlines(min(connect, timeout), min(firstByte, timeout), min(total, timeout));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Parses a duration as people write it: {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms}, or a bare number of
     * seconds. {@code setting} names it in the error.
     */
    public static Duration parseDuration(String setting, String text) {
        String t = Require.nonBlank(setting, text).toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 60_000));
            } else if (t.endsWith("h")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 3_600_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            return Require.positive(setting, d);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting, text, "must be a duration such as 30s, 2m or 500ms");
        }
    }
}
