package dev.novelkit.examples.cli;

import dev.novelkit.core.Cancellation;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code novelkit assemble}: assembles a timeline JSON of shots, voices, music and subtitles into an MP4. */
@Command(name = "assemble", mixinStandardHelpOptions = true,
        description = "Assemble a timeline JSON of shots, voices, music and subtitles into an MP4.")
final class AssembleCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--timeline", required = true, description = "The timeline JSON (paths inside are relative to its folder).")
    Path timeline;

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
        Timeline t = Timeline.load(timeline);
        VideoAssembler assembler = VideoAssembler.create().encoder(Encoder.parse(encoder)).preset(preset).crf(crf)
                .sampleRate(sampleRate).burnSubtitles(!noBurn);
        AssemblyResult r = assembler.assemble(t, out, ProgressBar.stderr(), new Cancellation());
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "assembled %s: %.2f s, %d frames, %dx%d@%d, encoder %s, %.1f s wall (%.1fx real time)%n",
                r.file(), r.duration().toNanos() / 1e9, r.frames(), t.format().width(), t.format().height(),
                t.format().fps(), r.encoder(), r.wallTime().toNanos() / 1e9, r.speed());
        if (r.srt() != null) {
            o.println("subtitles: " + r.srt());
        }
        for (String w : r.warnings()) {
            o.println("warning: " + w);
        }
        return 0;
    }
}
