package dev.novelkit.examples.bench;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SubtitleCue;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The assembly target: the same work as {@code /work/shared/bench/ffmpeg_assembly_baseline.sh} (12 stills x 5 s at
 * 1080x1920, 30 fps, 12 voice lines placed every 5 s + 0.2 s, music at half volume ducked under the voice, Chinese
 * subtitles 0.2-4.5 s into each still, libx264 veryfast CRF 23, AAC 128 kb/s at 44.1 kHz) done by
 * {@link VideoAssembler}. Run the script first; give this program the folder it leaves:
 * {@code java -cp novelkit.jar dev.novelkit.examples.bench.AssemblyBenchmark /tmp/asm}.
 * Prints wall time, peak RSS and speed.
 */
public final class AssemblyBenchmark {
    private AssemblyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/novelkit-asm-baseline");
        Path lines = work.resolve("lines.txt");
        if (!Files.isRegularFile(lines)) {
            System.err.println("no " + lines + ": run bash /work/shared/bench/ffmpeg_assembly_baseline.sh " + work + " first");
            System.exit(2);
        }
        List<String> texts = Files.readAllLines(lines, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        Timeline.Builder b = Timeline.builder(VideoFormat.PORTRAIT_1080P);
        List<SubtitleCue> cues = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            b.shot(ShotClip.still(work.resolve("still" + (i + 1) + ".png"), 5));
            b.voice(VoiceClip.of(work.resolve("v" + i + ".wav"), i * 5 + 0.2, ""));
            cues.add(SubtitleCue.of(i * 5 + 0.2, i * 5 + 4.5, texts.get(i)));
        }
        Timeline timeline = b.music(Music.of(work.resolve("music.wav"), 0.5)).subtitles(Subtitles.of(cues)).build();
        Path out = work.resolve("novelkit.mp4");
        VideoAssembler assembler = VideoAssembler.create().encoder(Encoder.LIBX264).preset("veryfast").crf(23)
                .audioBitrate(128_000).sampleRate(44_100);
        AssemblyResult r = assembler.assemble(timeline, out, ProgressListener.NONE, new Cancellation());
        System.out.printf(Locale.ROOT, "novelkit assembly: %.1f s wall, %d MB peak, %.2fx real time, %d frames, %s -> %s%n",
                r.wallTime().toNanos() / 1e9, peakRssMb(), r.speed(), r.frames(), r.encoder(), r.file());
    }

    /** Peak resident memory of this process in MB (Linux), -1 elsewhere. */
    static long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
