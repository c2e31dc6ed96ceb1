package dev.novelkit.examples.bench;

import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The drift target: a 10-minute timeline (1800 shots of 1/3 s, a voice line every 10 s at 22.05 kHz, assembled at
 * 320x180, 30 fps, 48 kHz) whose audio and video stream lengths must differ by less than one frame (33.3 ms).
 * Measures the streams with ffprobe. Usage: {@code DriftBenchmark [minutes, default 10]}.
 */
public final class DriftBenchmark {
    private DriftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        Path dir = Files.createTempDirectory("novelkit-drift");
        Path still = dir.resolve("s.png");
        ImageIO.write(new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB), "png", still.toFile());
        Path beep = dir.resolve("beep.wav");
        writeTone(beep, 22050, 0.7);
        Timeline b = Timeline.of(VideoFormat.custom(320, 180, 30));
        int shots = (int) Math.round(minutes * 60 * 3);
        for (int i = 0; i < shots; i++) {
            b = b.shot(ShotClip.still(still, 1.0 / 3));
        }
        for (int i = 0; i < minutes * 6; i++) {
            b = b.voice(VoiceClip.of(beep, i * 10 + 1.0 / 3, "第" + (i + 1) + "句。"));
        }
        Path out = dir.resolve("drift.mp4");
        AssemblyResult r = VideoAssembler.defaults().preset("ultrafast").assemble(b, out);
        double video = probe(out, "v:0");
        double audio = probe(out, "a:0");
        System.out.printf(Locale.ROOT, "drift over %.1f min: video %.6f s, audio %.6f s, difference %.1f ms (one frame = 33.3 ms); "
                + "assembled in %.1f s%n", minutes, video, audio, Math.abs(video - audio) * 1000, r.wallTime().toNanos() / 1e9);
    }

    private static void writeTone(Path file, int rate, double seconds) throws IOException {
        int n = (int) (rate * seconds);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = (short) (Math.sin(2 * Math.PI * 1000 * i / rate) * 12000);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), n),
                AudioFileFormat.Type.WAVE, file.toFile());
    }

    private static double probe(Path file, String stream) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                "stream=duration", "-of", "default=noprint_wrappers=1:nokey=1", file.toString()).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return Double.parseDouble(text);
    }
}
