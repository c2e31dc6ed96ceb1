package dev.novelkit.examples.cli;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.export.EditorExport;
import dev.novelkit.media.video.export.EditorExporter;
import dev.novelkit.media.video.export.ExportResult;
import dev.novelkit.media.video.export.MltImport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code novelkit assemble}: assembles a timeline JSON (or an MLT project edited in Shotcut) into an MP4, and
 * exports it for video editors.
 */
@Command(name = "assemble", mixinStandardHelpOptions = true,
        description = {"Assemble a timeline JSON of shots, voices, music and subtitles into an MP4.",
                "--export mlt,fcpxml,otio also writes project.mlt (Shotcut, Kdenlive), project.fcpxml (Final Cut Pro, "
                        + "DaVinci Resolve) and project.otio (OpenTimelineIO) beside the MP4, with media/ and project.srt.",
                "--from-mlt renders an exported project.mlt after it was edited in Shotcut (shots reordered, voice "
                        + "lines moved...) with NovelKit's subtitles and ducking; edits it cannot take over are listed "
                        + "and nothing is rendered unless --skip-unsupported."})
final class AssembleCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where the timeline comes from: exactly one of the two. */
    static final class Source {
        @Option(names = "--timeline", required = true, description = "The timeline JSON (paths inside are relative to its folder).")
        Path timeline;

        @Option(names = "--from-mlt", required = true, description = "An MLT project written by --export mlt (and edited in Shotcut).")
        Path mlt;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--export", description = "Also write editor projects beside the MP4: any of mlt, fcpxml, otio (comma-separated).")
    String export;

    @Option(names = "--skip-unsupported", description = "With --from-mlt: render even when some edits cannot be taken over (they are listed).")
    boolean skipUnsupported;

    @Option(names = "--out", required = true, description = "The MP4 to write (an SRT of the subtitles goes beside it).")
    Path out;

    @Option(names = "--encoder", defaultValue = "auto", description = "auto (libx264 where available, else libopenh264), libx264 or libopenh264.")
    String encoder;

    @Option(names = "--preset", defaultValue = "veryfast", description = "libx264 preset (default veryfast).")
    String preset;

    @Option(names = "--crf", defaultValue = "23", description = "libx264 quality, 0..51, lower is better (default 23).")
    int crf;

    @Option(names = "--sample-rate", defaultValue = "48000", description = "Audio sample rate, 44100 or 48000 (default 48000).")
    int sampleRate;

    @Option(names = "--no-burn", description = "Do not draw the subtitles into the picture (the SRT is still written).")
    boolean noBurn;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        EditorExport exports = null;
        if (export != null) {
            try {
                exports = EditorExport.of(EditorExporter.parse(export));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--export", e.problem(), e);
            }
        }
        Timeline t;
        if (source.mlt != null) {
            MltImport.Result imported = MltImport.read(source.mlt);
            for (String note : imported.notes()) {
                o.println("from " + source.mlt.getFileName() + ": " + note);
            }
            if (!imported.notTakenOver().isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("novelkit assemble: " + source.mlt + ": " + imported.notTakenOver().size() + " edit"
                        + (imported.notTakenOver().size() == 1 ? "" : "s") + " cannot be taken over"
                        + (skipUnsupported ? " (rendering without them)" : " (nothing rendered; --skip-unsupported "
                        + "renders without them)") + ":");
                for (String n : imported.notTakenOver()) {
                    err.println("  - " + n);
                }
                err.flush();
                if (!skipUnsupported) {
                    return 2;
                }
            }
            t = imported.timeline();
        } else {
            t = Timeline.load(source.timeline);
        }
        VideoAssembler assembler = VideoAssembler.create().encoder(Encoder.parse(encoder)).preset(preset).crf(crf)
                .sampleRate(sampleRate).burnSubtitles(!noBurn);
        AssemblyResult r = assembler.assemble(t, out, ProgressBar.stderr(), new Cancellation());
        o.printf(Locale.ROOT, "assembled %s: %.2f s, %d frames, %dx%d@%d, encoder %s, %.1f s wall (%.1fx real time)%n",
                r.file(), r.duration().toNanos() / 1e9, r.frames(), t.format().width(), t.format().height(),
                t.format().fps(), r.encoder(), r.wallTime().toNanos() / 1e9, r.speed());
        if (r.srt() != null) {
            o.println("subtitles: " + r.srt());
        }
        for (String w : r.warnings()) {
            o.println("warning: " + w);
        }
        if (exports != null) {
            Path folder = out.toAbsolutePath().getParent();
            ExportResult e = exports.start(t, folder, ProgressBar.stderr()).await();
            VideoJob.printExport(e, folder, o);
        }
        return 0;
    }
}
