package dev.novelkit.media.shot;

import dev.novelkit.core.Backend;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.remote.RemoteService;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Something that turns a still into a video shot: the offline {@link KenBurnsShotRenderer}, Kling image-to-video,
 * DashScope Wan. Failures are {@link dev.novelkit.core.BackendException}s telling whether a retry may help.
 */
public interface ShotBackend extends Backend {
    /** A short name for reports ("kenburns", "kling", "wan"). */
    @Override
    String name();

    /** Renders {@code request} into {@code out} (written atomically). */
    RenderedShot render(ShotRequest request, Path out, Cancellation cancellation);

    /**
     * How many character sheets ({@link ShotRequest#references()}) one shot may carry; 0 when the backend animates
     * the still alone.
     */
    default int maxReferences() {
        return 0;
    }

    /** How the backend takes references, or that it takes none, in one line for reports. */
    default String referenceSupport() {
        return maxReferences() == 0 ? name() + " animates the still alone (takes no character sheets)"
                : name() + " takes up to " + maxReferences() + " character sheets";
    }

    /** The remote service this backend calls (its limits and activity), or empty for offline backends. */
    default Optional<RemoteService> remoteService() {
        return Optional.empty();
    }

    /** Whether this backend works without network or account (it can serve as the last-resort fallback). */
    default boolean isOffline() {
        return false;
    }
}
