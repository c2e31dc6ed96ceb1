package dev.novelkit.llm.openai.internal;

import okio.BufferedSource;

import java.io.IOException;
import java.util.Objects;

/**
 * Reads server-sent events from a response body, one event at a time, blocking: {@code data:} lines (several are
 * joined by a newline), {@code event:} names, {@code :} comments and keep-alives skipped, {@code id:} and
 * {@code retry:} ignored, LF or CRLF line ends. Not thread-safe. Not public API.
 */
public final class SseReader {
    /** One event: its name ({@code null} when the server gave none) and its data. */
    public record Event(String name, String data) {
    }

    private final BufferedSource source;

    public SseReader(BufferedSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The next event with data, or null at the end of the body. An event the server did not end with a blank line
     * before closing is still returned (its data may be cut; the caller's JSON parsing notices).
     */
    public Event next() throws IOException {
        StringBuilder data = null;
        String name = null;
        while (true) {
            String line = source.readUtf8Line();
            if (line == null) {
                return data == null ? null : new Event(name, data.toString());
            }
            if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
            } else if (field.equals("event")) {
                name = value;
            }
        }
    }
}
