package dev.novelkit.media.image;

import dev.novelkit.core.Backend;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.remote.RemoteService;

import java.util.Optional;

/**
 * Makes a picture for a prompt: a remote model (OpenAI-compatible images API, DashScope Wanx, Stable Diffusion
 * WebUI) or the offline {@code StoryCardRenderer}. Implementations are thread-safe and write the output file
 * atomically (a failed call never leaves a half-written file behind).
 */
public interface ImageGenerator extends Backend {
    /** A short backend name for errors and reports, such as "openai", "wanx", "sdwebui" or "card". */
    @Override
    String name();

    /**
     * Generates one picture into {@link ImageRequest#output()}.
     *
     * @throws dev.novelkit.core.BackendException   when the backend fails (retriable or not)
     * @throws dev.novelkit.core.InvalidInputException when the request does not suit this backend (more
     *                                                 {@link ImageRequest#references() references} than
     *                                                 {@link #maxReferences()}, for one)
     */
    GeneratedImage generate(ImageRequest request);

    /**
     * How many reference pictures (character sheets) one request may carry; 0 when the backend cannot take any,
     * and callers then send the prompt alone and say so.
     */
    default int maxReferences() {
        return 0;
    }

    /**
     * Why the backend takes no references, or how it takes them, in one line for reports, e.g. "dall-e-3 takes no
     * reference images" or "gpt-image-1 edits with up to 16 reference images".
     */
    default String referenceSupport() {
        return maxReferences() == 0 ? name() + " takes no reference images"
                : name() + " takes up to " + maxReferences() + " reference images";
    }

    /**
     * Whether the picture is drawn from the prompt's words (remote models) rather than from the request's scene,
     * characters and caption (the offline story card, which draws each character from its storyboard fields and
     * palette and reads no prompt).
     */
    default boolean drawsFromText() {
        return true;
    }

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
