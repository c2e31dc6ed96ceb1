package dev.novelkit.media.video;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link VideoAssembler} produced: the MP4, its duration, the H.264 encoder actually used, the number of video
 * frames, how long assembling took, the SRT written beside it (null when there were no subtitles) and warnings
 * (for example a voice clip cut at the end of the video).
 */
public record AssemblyResult(Path file, Duration duration, String encoder, long frames, Duration wallTime, Path srt,
                             List<String> warnings) {
    public AssemblyResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(wallTime, "wallTime");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Seconds of video assembled per second of wall time. */
    public double speed() {
        return wallTime.isZero() ? 0 : duration.toNanos() / (double) wallTime.toNanos();
    }
}
