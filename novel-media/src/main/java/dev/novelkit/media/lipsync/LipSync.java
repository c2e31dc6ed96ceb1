package dev.novelkit.media.lipsync;

import dev.novelkit.core.Cancellation;

import java.nio.file.Path;

/** Makes the mouth of the person in a video follow given speech (audio, or text spoken by a voice). */
public interface LipSync {
    /** A short name for reports ("kling"). */
    String name();

    /** Renders the lip-synced video into {@code out} (written atomically) and returns {@code out}. */
    Path sync(LipSyncRequest request, Path out, Cancellation cancellation);
}
