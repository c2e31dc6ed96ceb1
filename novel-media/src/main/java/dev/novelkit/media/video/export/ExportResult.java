package dev.novelkit.media.video.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link EditorExport} wrote: the project files, the SRT beside them (null without subtitles), how many shots
 * were rendered from stills now or reused from an earlier export, and warnings (a voice past the end of the video).
 */
public record ExportResult(List<Path> projects, Path subtitles, int shotsRendered, int shotsReused,
                           List<String> warnings, Duration wallTime) {
    public ExportResult {
        projects = List.copyOf(projects);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(wallTime, "wallTime");
    }
}
