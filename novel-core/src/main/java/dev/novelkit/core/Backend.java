package dev.novelkit.core;

/**
 * Anything that does work for NovelKit through a model or a service (a chat model, an image, shot, voice or
 * lip-sync backend): a name for reports, and an identity for the caches of what it made.
 */
public interface Backend {
    /** A short name for errors and reports, such as "openai", "kling" or "espeak". */
    String name();

    /**
     * What decides this backend's output besides the request: the backend, and where it applies the server, the
     * model and the settings that change the result ({@code "openai http://localhost:8000/v1 gpt-image-1 ..."}).
     * Caches of outputs (the dataset journal, the video job's work folder) are keyed by it, so two backends that may
     * answer differently never share one; it never holds a credential. The default is {@link #name()}, right for
     * offline backends whose output depends on the request alone.
     */
    default String identity() {
        return name();
    }
}
