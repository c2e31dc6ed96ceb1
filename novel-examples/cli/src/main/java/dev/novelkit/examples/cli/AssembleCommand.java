package dev.novelkit.examples.cli;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.export.EditorExport;
import dev.novelkit.media.video.export.EditorExporter;
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
                        + "and nothing is rendered unless --skip-unsupported."},
        footer = {
                "",
                "Timeline JSON (what `novelkit video` writes as OUT/timeline.json): UTF-8 (a",
                "byte order mark is allowed); paths relative to the timeline file's folder,",
                "or absolute; times and lengths in seconds.",
                "{",
                "  \"format\": {\"preset\": \"9:16\", \"fps\": 30},",
                "             (or 16:9, 1:1, or {\"width\": 720, \"height\": 1280, \"fps\": 25})",
                "  \"shots\": [                       (shown one after another)",
                "    {\"image\": \"a.png\",             (or \"video\": \"a.mp4\": held or cut)",
                "     \"seconds\": 4.5,",
                "     \"kenBurns\": {\"move\": \"pan-left\", \"zoom\": 1.15,",
                "                  \"easing\": \"ease-in-out\"},     (stills; or \"zoom-in\")",
                "     \"transition\": {\"type\": \"crossfade\", \"seconds\": 0.4},",
                "                                    (into this shot; or just \"fade\")",
                "     \"volume\": 1.0}                 (a clip's own sound, 0..4)",
                "  ],",
                "  \"voices\": [{\"file\": \"v1.wav\", \"start\": 0.35, \"volume\": 1.0,",
                "              \"text\": \"...\", \"speaker\": \"...\"}],",
                "  \"music\": {\"file\": \"m.mp3\", \"volume\": 0.5, \"loop\": true,",
                "            \"duck\": true, \"duckDb\": -12},",
                "  \"effects\": [{\"file\": \"door.wav\", \"start\": 6.5, \"volume\": 1.0}],",
                "  \"subtitles\": {\"fromVoices\": true,",
                "                \"cues\": [{\"start\": 8, \"end\": 9.5, \"text\": \"...\"}],",
                "                \"style\": {\"fontSize\": 0, \"outline\": 0, \"maxLines\": 2,",
                "                          \"marginBottom\": 0, \"marginSides\": 0,",
                "                          \"maxCharsPerLine\": 0, \"fontFamily\": \"\",",
                "                          \"color\": \"#FFFFFF\", \"outlineColor\": \"#000000\",",
                "                          \"showSpeaker\": false}}",
                "}",
                "Moves: static, zoom-in, zoom-out, pan-left, pan-right, tilt-up, tilt-down",
                "(zoom 1.0..2.0, easing linear or ease-in-out). Transitions: cut, fade (dips",
                "through black, half in each shot), crossfade (the shot starts that much",
                "before the previous one ends). fromVoices shows each voice's text for",
                "exactly as long as its audio. Style sizes of 0 are chosen from the video",
                "size. Required: shots with an image or video and seconds, a file and a",
                "start for voices and effects, a file for music, start, end and text for",
                "cues; other left-out fields take the values shown (transition cut, no",
                "music). Unknown fields are errors naming the field."})
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
        VideoAssembler assembler = VideoAssembler.defaults().encoder(Encoder.parse(encoder)).preset(preset).crf(crf)
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
            VideoJob.export(exports, t, folder, o, job -> { });
        }
        return 0;
    }
}
