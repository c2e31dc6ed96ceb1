package dev.novelkit.media.shot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one shot was made: the file, the backend that made it, how many attempts the primary backend got, whether
 * the fallback was used and why, the remote video id (Kling) and the time it took.
 */
public record ShotOutcome(ShotRequest request, Path file, String backend, int attempts, boolean fellBack,
                          String fallbackReason, String remoteId, Duration wallTime) {
    public ShotOutcome {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(backend, "backend");
        fallbackReason = fallbackReason == null ? "" : fallbackReason;
        remoteId = remoteId == null ? "" : remoteId;
        wallTime = wallTime == null ? Duration.ZERO : wallTime;
    }
}
