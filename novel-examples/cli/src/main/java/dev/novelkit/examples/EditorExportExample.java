package dev.novelkit.examples;

import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.export.EditorExport;
import dev.novelkit.media.video.export.EditorExporter;
import dev.novelkit.media.video.export.ExportResult;
import dev.novelkit.media.video.export.MltImport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands a cut to a video editor: writes project.mlt (Shotcut, Kdenlive), project.fcpxml (Final Cut Pro, DaVinci
 * Resolve) and project.otio (OpenTimelineIO) with their media into a folder, then reads the MLT project back (as
 * after editing it in Shotcut) and renders it with NovelKit's subtitles and ducking.
 *
 * <pre>
 * java -cp novelkit.jar dev.novelkit.examples.EditorExportExample [FOLDER [TIMELINE.json]]
 * </pre>
 * With a timeline (for example OUT/timeline.json of {@code novelkit demo}) it exports that; without, a small one.
 */
public final class EditorExportExample {
    private EditorExportExample() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("novelkit-editor");
        Timeline timeline = args.length > 1 ? Timeline.load(Path.of(args[1])) : sample(folder.resolve("sources"));

        ExportResult exported = EditorExport.of(EditorExporter.parse("mlt,fcpxml,otio")).export(timeline, folder);
        exported.projects().forEach(p -> System.out.println("wrote " + p));
        System.out.println("Open " + folder.resolve("project.mlt") + " in Shotcut (File > Open), or render it with: "
                + "melt project.mlt -consumer avformat:out.mp4");

        // ... the user reorders shots or moves a line in Shotcut and saves; NovelKit renders the edited project
        MltImport.Result edited = MltImport.read(folder.resolve("project.mlt"));
        edited.notes().forEach(n -> System.out.println("taken over: " + n));
        edited.notTakenOver().forEach(n -> System.out.println("cannot take over: " + n));
        AssemblyResult video = VideoAssembler.defaults().assemble(edited.timeline(), folder.resolve("from-editor.mp4"));
        System.out.println("rendered " + video.file() + " (" + video.frames() + " frames)");
    }

    /** AssembleExample's two stills, two tone "voices" with Chinese subtitles and ducked music. */
    private static Timeline sample(Path dir) throws Exception {
        return AssembleExample.timeline(Files.createDirectories(dir));
    }
}
