package dev.novelkit.media.kling;

import java.util.List;
import java.util.Objects;

/**
 * The state of a Kling task as the API reports it: id, status (submitted, processing, succeed, failed), the
 * status message, and the result videos once it succeeded.
 */
public record KlingTask(String id, String status, String statusMessage, List<Video> videos) {
    /** One result video: Kling's video id (usable for lip-sync), a download URL (valid 30 days) and its length. */
    public record Video(String id, String url, String duration) {
    }

    public KlingTask {
        Objects.requireNonNull(id, "id");
        status = status == null ? "" : status;
        statusMessage = statusMessage == null ? "" : statusMessage;
        videos = videos == null ? List.of() : List.copyOf(videos);
    }

    public boolean isSucceeded() {
        return "succeed".equals(status);
    }

    public boolean isFailed() {
        return "failed".equals(status);
    }

    public boolean isFinished() {
        return isSucceeded() || isFailed();
    }
}
