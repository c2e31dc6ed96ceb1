package dev.novelkit.core;

/** Long work was cancelled by the caller ({@link Cancellation#cancel()}, {@code job.cancel()}, closing a stream). */
public class CancelledException extends NovelKitException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String what) {
        super(what + " was cancelled");
    }
}
