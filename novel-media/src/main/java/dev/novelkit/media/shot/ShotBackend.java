package dev.novelkit.media.shot;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.remote.RemoteService;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Something that turns a still into a video shot: the offline {@link KenBurnsShotRenderer}, Kling image-to-video,
 * DashScope Wan. Failures are {@link dev.novelkit.core.BackendException}s telling whether a retry may help.
 */
public interface ShotBackend {
    /** A short name for reports ("kenburns", "kling", "wan"). */
    String name();

    /** Renders {@code request} into {@code out} (written atomically). */
    RenderedShot render(ShotRequest request, Path out, Cancellation cancellation);

    /** The remote service this backend calls (its limits and activity), or empty for offline backends. */
    default Optional<RemoteService> remoteService() {
        return Optional.empty();
    }

    /** Whether this backend works without network or account (it can serve as the last-resort fallback). */
    default boolean isOffline() {
        return false;
    }
}
