package dev.novelkit.media.image;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.remote.RemoteService;

import java.util.Optional;

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

    /**
     * As {@link #generate(ImageRequest)}, ending at once (with {@link dev.novelkit.core.CancelledException}) when
     * {@code cancellation} is cancelled. Remote backends override it; the default checks before starting.
     */
    default GeneratedImage generate(ImageRequest request, Cancellation cancellation) {
        cancellation.throwIfCancelled("picture " + request.output().getFileName());
        return generate(request);
    }

    /** The remote service this backend calls (its limits and activity), or empty for offline backends. */
    default Optional<RemoteService> remoteService() {
        return Optional.empty();
    }

    /** The list price of one picture in US dollars as this backend is configured; 0 offline or when unknown. */
    default double priceUsd() {
        return 0;
    }
}
