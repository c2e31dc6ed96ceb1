package dev.novelkit.media.dashscope;

import java.util.Locale;

/** The state of a DashScope async task ({@code output.task_status}). */
public enum TaskStatus {
    PENDING, RUNNING, SUSPENDED, SUCCEEDED, FAILED, CANCELED, UNKNOWN;

    /** Whether the task will not change any more. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == UNKNOWN;
    }

    /** Parses the wire value; anything unrecognised (or missing) is {@link #UNKNOWN}. */
    public static TaskStatus parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("CANCELLED")) {
            return CANCELED;
        }
        for (TaskStatus s : values()) {
            if (s.name().equals(v)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
