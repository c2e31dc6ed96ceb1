package dev.novelkit.examples.bench;

import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.FrameTap;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SubtitleCue;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The assembly target: the same work as {@code /work/shared/bench/ffmpeg_assembly_baseline.sh} (12 stills x 5 s at
 * 1080x1920, 30 fps, 12 voice lines placed every 5 s + 0.2 s, music at half volume ducked under the voice, Chinese
 * subtitles 0.2-4.5 s into each still, libx264 veryfast CRF 23, AAC 128 kb/s at 44.1 kHz) done by
 * {@link VideoAssembler}. Run the script first; give this program the folder it leaves:
 * {@code java -cp novelkit.jar dev.novelkit.examples.bench.AssemblyBenchmark /tmp/asm}.
 * Prints wall time, user CPU time of the process, peak RSS and speed.
 *
 * <p>Options: {@code --timeline FILE} assembles that timeline JSON instead (with the assembler's defaults, as the
 * {@code video} command does); {@code --frame-hashes FILE} writes "index sha256" of every raw frame handed to the
 * encoder (to prove two builds draw the same frames; hashing slows the run, so do not time it);
 * {@code --render-threads N} and {@code --encoder-threads N} override the defaults; {@code --out FILE} names the MP4.
 */
public final class AssemblyBenchmark {
    private AssemblyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of("/tmp/novelkit-asm-baseline");
        Path timelineFile = null;
        Path hashes = null;
        Path out = null;
        Integer renderThreads = null;
        Integer encoderThreads = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--timeline" -> timelineFile = Path.of(args[++i]);
                case "--frame-hashes" -> hashes = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--render-threads" -> renderThreads = Integer.parseInt(args[++i]);
                case "--encoder-threads" -> encoderThreads = Integer.parseInt(args[++i]);
                default -> work = Path.of(args[i]);
            }
        }
        Timeline timeline;
        VideoAssembler assembler;
        if (timelineFile != null) {
            timeline = Timeline.load(timelineFile);
            assembler = VideoAssembler.defaults();
            out = out != null ? out : timelineFile.resolveSibling("novelkit.mp4");
        } else {
            timeline = baselineWork(work);
            assembler = VideoAssembler.defaults().encoder(Encoder.LIBX264).preset("veryfast").crf(23)
                    .audioBitrate(128_000).sampleRate(44_100);
            out = out != null ? out : work.resolve("novelkit.mp4");
        }
        if (renderThreads != null) {
            assembler = assembler.renderThreads(renderThreads);
        }
        if (encoderThreads != null) {
            assembler = assembler.encoderThreads(encoderThreads);
        }
        AssemblyResult r;
        if (hashes != null) {
            try (BufferedWriter w = Files.newBufferedWriter(hashes, StandardCharsets.UTF_8)) {
                r = assembler.frameTap(hashing(w)).assemble(timeline, out);
            }
        } else {
            r = assembler.assemble(timeline, out);
        }
        System.out.printf(Locale.ROOT, "novelkit assembly: %.1f s wall, %.1f s user, %d MB peak, %.2fx real time,"
                        + " %d frames, %s -> %s%n", r.wallTime().toNanos() / 1e9, userSeconds(), peakRssMb(), r.speed(),
                r.frames(), r.encoder(), r.file());
    }

    /** The work of ffmpeg_assembly_baseline.sh, from the inputs it leaves in {@code work}. */
    static Timeline baselineWork(Path work) throws IOException {
        Path lines = work.resolve("lines.txt");
        if (!Files.isRegularFile(lines)) {
            System.err.println("no " + lines + ": run bash /work/shared/bench/ffmpeg_assembly_baseline.sh " + work + " first");
            System.exit(2);
        }
        List<String> texts = Files.readAllLines(lines, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        List<ShotClip> shots = new ArrayList<>();
        List<VoiceClip> voices = new ArrayList<>();
        List<SubtitleCue> cues = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            shots.add(ShotClip.still(work.resolve("still" + (i + 1) + ".png"), 5));
            voices.add(VoiceClip.of(work.resolve("v" + i + ".wav"), i * 5 + 0.2, ""));
            cues.add(SubtitleCue.of(i * 5 + 0.2, i * 5 + 4.5, texts.get(i)));
        }
        return Timeline.of(VideoFormat.PORTRAIT_1080P).shots(shots).voices(voices)
                .music(Music.of(work.resolve("music.wav"), 0.5)).subtitles(Subtitles.of(cues));
    }

    /** A tap writing "index sha256-of-the-raw-frame" lines. */
    private static FrameTap hashing(BufferedWriter w) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return (index, frame) -> {
            sha.update(frame);
            try {
                w.write(index + " " + HexFormat.of().formatHex(sha.digest()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** CPU time this process spent in user mode so far, in seconds (Linux; -1 elsewhere). */
    static double userSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
