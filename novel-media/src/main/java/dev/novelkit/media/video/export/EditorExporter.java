package dev.novelkit.media.video.export;

import dev.novelkit.core.InvalidInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes an {@link EditorCut} as the project file of a video editor: {@link MltExporter} (Shotcut, Kdenlive),
 * {@link FcpxmlExporter} (Final Cut Pro, DaVinci Resolve) or {@link OtioExporter} (OpenTimelineIO). An exporter
 * only turns the cut into text; {@link EditorExport} prepares the media and writes the files.
 */
public interface EditorExporter {
    /** The short name used on the command line ("mlt", "fcpxml", "otio"). */
    String name();

    /** The project file's extension without the dot. */
    String extension();

    /** The project document for {@code cut}, with media paths relative to {@code projectFile}'s folder. */
    String write(EditorCut cut, Path projectFile);

    /** The exporter called {@code name}: mlt, fcpxml or otio (case-insensitive). */
    static EditorExporter named(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "mlt" -> new MltExporter();
            case "fcpxml" -> new FcpxmlExporter();
            case "otio" -> new OtioExporter();
            default -> throw new InvalidInputException("export", "unknown editor format '" + name
                    + "' (expected mlt, fcpxml or otio)");
        };
    }

    /** Parses a comma-separated list such as "mlt,fcpxml,otio" (each format once, in the order given). */
    static List<EditorExporter> parse(String list) {
        Set<String> seen = new LinkedHashSet<>();
        for (String part : (list == null ? "" : list).split(",")) {
            if (!part.isBlank()) {
                seen.add(part.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (seen.isEmpty()) {
            throw new InvalidInputException("export", "expected a list of editor formats such as mlt,fcpxml,otio, was '"
                    + list + "'");
        }
        List<EditorExporter> out = new ArrayList<>();
        for (String n : seen) {
            out.add(named(n));
        }
        return out;
    }
}
