package dev.novelkit.media.shot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A shot a backend rendered: the local video file and, for remote backends, the service's id and URL of the video
 * (a Kling video id can be passed on to lip-sync); both empty for offline rendering.
 */
public record RenderedShot(Path file, String remoteId, String remoteUrl) {
    public RenderedShot {
        Objects.requireNonNull(file, "file");
        remoteId = remoteId == null ? "" : remoteId;
        remoteUrl = remoteUrl == null ? "" : remoteUrl;
    }

    public static RenderedShot local(Path file) {
        return new RenderedShot(file, "", "");
    }
}
