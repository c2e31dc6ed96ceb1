package dev.novelkit.media.lipsync;

import dev.novelkit.core.Backend;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.remote.RemoteService;

import java.nio.file.Path;
import java.util.Optional;

/** Makes the mouth of the person in a video follow given speech (audio, or text spoken by a voice). */
public interface LipSync extends Backend {
    /** A short name for reports ("kling"). */
    @Override
    String name();

    /** Renders the lip-synced video into {@code out} (written atomically) and returns {@code out}. */
    Path sync(LipSyncRequest request, Path out, Cancellation cancellation);

    /** The remote service this backend calls (its limits and activity), or empty for offline backends. */
    default Optional<RemoteService> remoteService() {
        return Optional.empty();
    }
}
