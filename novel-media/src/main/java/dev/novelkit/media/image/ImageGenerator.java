package dev.novelkit.media.image;

/**
 * Makes a picture for a prompt: a remote model (OpenAI-compatible images API, DashScope Wanx, Stable Diffusion
 * WebUI) or the offline {@code StoryCardRenderer}. Implementations are thread-safe and write the output file
 * atomically (a failed call never leaves a half-written file behind).
 */
public interface ImageGenerator {
    /** A short backend name for errors and reports, such as "openai", "wanx", "sdwebui" or "card". */
    String name();

    /**
     * Generates one picture into {@link ImageRequest#output()}.
     *
     * @throws dev.novelkit.core.BackendException   when the backend fails (retriable or not)
     * @throws dev.novelkit.core.InvalidInputException when the request does not suit this backend
     */
    GeneratedImage generate(ImageRequest request);
}
