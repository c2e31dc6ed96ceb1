package dev.novelkit.core;

/** The root of every exception NovelKit throws: unchecked, always with a message that says what went wrong. */
public class NovelKitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NovelKitException(String message) {
        super(message);
    }

    public NovelKitException(String message, Throwable cause) {
        super(message, cause);
    }
}
