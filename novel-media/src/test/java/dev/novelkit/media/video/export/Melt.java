package dev.novelkit.media.video.export;

import dev.novelkit.media.MediaFixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code melt} (Debian's package, installed by .ci/run) and the comparisons of its render with NovelKit's:
 * frame counts, the picture at each shot's midpoint, and where each voice starts in the sound.
 */
final class Melt {
    private Melt() {
    }

    /** Fails (not skips) when melt is missing: these tests are the proof that the MLT export works. */
    static void require() {
        MediaFixtures.assumeFfmpeg();
        assertThat(Files.isExecutable(Path.of("/usr/bin/melt")) || onPath())
                .as("melt is installed (apt-get install melt)").isTrue();
    }

    private static boolean onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "melt"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code melt project -consumer avformat:out} in {@code workDir}, as a user would type it. */
    static Path render(Path project, Path out, Path workDir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("melt", project.toString(), "-consumer", "avformat:" + out));
        Path log = Files.createTempFile("melt", ".log");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(done && p.exitValue() == 0).as("melt finished: " + tail(text)).isTrue();
        assertThat(out).as("melt wrote its render: " + tail(text)).isNotEmptyFile();
        return out;
    }

    private static String tail(String text) {
        String t = text.replaceAll("Current Frame:[^\\n]*?percentage:\\s*\\d+", "");
        return t.length() > 1500 ? t.substring(t.length() - 1500) : t;
    }

    /** The mean absolute luma difference (0..255) of frame {@code frame} of two renders of the same size. */
    static double frameDiff(List<byte[]> a, List<byte[]> b, int frame) {
        return MediaFixtures.grayDiff(a.get(frame), b.get(frame));
    }

    /**
     * Where sound starts near {@code expected} seconds: the first 5 ms window from {@code expected - 0.15 s} whose
     * level rises above the geometric middle of the level just before and the loudest level just after.
     */
    static double onset(float[] pcm, int rate, double expected) {
        int win = rate / 200;
        int from = Math.max(0, (int) ((expected - 0.15) * rate));
        double before = MediaFixtures.rms(pcm, from, Math.max(from + win, (int) ((expected - 0.05) * rate)));
        double peak = 0;
        for (int i = (int) (expected * rate); i + win <= Math.min(pcm.length, (int) ((expected + 0.3) * rate)); i += win) {
            peak = Math.max(peak, MediaFixtures.rms(pcm, i, i + win));
        }
        double threshold = Math.sqrt(Math.max(before, 1e-4) * peak);
        for (int i = from; i + win <= pcm.length; i += win) {
            if (MediaFixtures.rms(pcm, i, i + win) > threshold) {
                return (double) i / rate;
            }
        }
        return Double.NaN;
    }
}
