package dev.novelkit.core.remote;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
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

    /**
     * One timeout for everything, as the command line's {@code --timeout} gives it: the first byte and the whole
     * call within {@code timeout}, the connection within 10 s (or {@code timeout} if shorter).
     */
    public static Deadlines of(Duration timeout) {
        Require.positive("timeout", timeout);
        return new Deadlines(min(DEFAULT.connect, timeout), timeout, timeout);
    }

    /** These deadlines with another connect deadline. */
    public Deadlines connect(Duration value) {
        return new Deadlines(Require.positive("connect", value), firstByte, total);
    }

    /** These deadlines with another first-byte deadline (also the longest silence between two reads). */
    public Deadlines firstByte(Duration value) {
        return new Deadlines(connect, Require.positive("firstByte", value), max(total, value));
    }

    /** These deadlines with another total deadline (the first-byte deadline is shortened to fit). */
    public Deadlines total(Duration value) {
        return new Deadlines(connect, min(firstByte, Require.positive("total", value)), value);
    }

    /**
     * The error for a request that ran past one of these deadlines ({@code e} is the timeout the HTTP client
     * threw): it names the backend, the server and request ({@code where}), and which deadline passed. Retriable.
     */
    public BackendException timedOut(String backend, String where, InterruptedIOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        String text;
        if (e instanceof SocketTimeoutException && m.contains("connect")) {
            text = "could not connect to " + where + " within the connect deadline of " + show(connect);
        } else if (!(e instanceof SocketTimeoutException)) {
            text = "no complete answer from " + where + " within the total deadline of " + show(total);
        } else {
            text = "no answer from " + where + " within the first-byte deadline of " + show(firstByte);
        }
        return BackendException.builder(backend, text + " (give it longer with deadlines(...) or --timeout)")
                .retriable(true).cause(e).build();
    }

    /** A deadline as people read it: "10 s", "2 min", "500 ms". */
    public static String show(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 60_000 == 0 && ms >= 120_000) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** These deadlines with every one capped at {@code timeout}. */
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
