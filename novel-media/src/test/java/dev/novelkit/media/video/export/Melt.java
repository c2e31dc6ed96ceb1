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

    /** The luma planes of frames {@code indices} (ascending) only, decoded by ffmpeg: for long, large videos. */
    static List<byte[]> grayFramesAt(Path media, int w, int h, List<Integer> indices) throws IOException, InterruptedException {
        StringBuilder select = new StringBuilder();
        for (int i : indices) {
            select.append(select.length() == 0 ? "" : "+").append("eq(n\\,").append(i).append(')');
        }
        Path raw = Files.createTempFile("frames", ".gray");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", media.toString(), "-vf",
                "select=" + select, "-vsync", "0", "-f", "rawvideo", "-pix_fmt", "gray", raw.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0).as("ffmpeg picked frames of " + media).isTrue();
        byte[] all = Files.readAllBytes(raw);
        Files.deleteIfExists(raw);
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off + w * h <= all.length; off += w * h) {
            out.add(java.util.Arrays.copyOfRange(all, off, off + w * h));
        }
        assertThat(out).as("frames picked from " + media).hasSize(indices.size());
        return out;
    }

    /** The mean absolute luma difference (0..255) of frame {@code frame} of two renders of the same size. */
    static double frameDiff(List<byte[]> a, List<byte[]> b, int frame) {
        return MediaFixtures.grayDiff(a.get(frame), b.get(frame));
    }

    /**
     * Where a voice line sits in a render: the lag within 0.2 s of {@code expected} at which the line's own audio
     * ({@code line}, same rate; its first 2 s) correlates best with the render, as seconds.
     */
    static double placement(float[] render, float[] line, int rate, double expected) {
        int n = Math.min(line.length, 2 * rate);
        int center = (int) Math.round(expected * rate);
        int reach = (int) (0.2 * rate);
        double lineEnergy = 0;
        for (int i = 0; i < n; i++) {
            lineEnergy += line[i] * line[i];
        }
        double best = -1;
        int bestLag = 0;
        for (int lag = -reach; lag <= reach; lag++) {
            int at = center + lag;
            if (at < 0 || at + n > render.length) {
                continue;
            }
            double dot = 0;
            double energy = 0;
            for (int i = 0; i < n; i++) {
                dot += line[i] * render[at + i];
                energy += render[at + i] * render[at + i];
            }
            double score = dot / Math.sqrt(Math.max(1e-12, energy * lineEnergy));
            if (score > best) {
                best = score;
                bestLag = lag;
            }
        }
        return (center + bestLag) / (double) rate;
    }

    /**
     * The level check at a voice's start: how many times louder (RMS of 10 ms windows) the loudest moment of the
     * first 0.3 s after {@code start} is than the quietest moment of the 0.1 s before it.
     */
    static double rise(float[] render, int rate, double start) {
        int win = rate / 100;
        int s = (int) Math.round(start * rate);
        double before = Double.MAX_VALUE;
        for (int i = Math.max(0, s - rate / 10); i + win <= s; i += win) {
            before = Math.min(before, MediaFixtures.rms(render, i, i + win));
        }
        double after = 0;
        for (int i = s; i + win <= Math.min(render.length, s + (int) (0.3 * rate)); i += win) {
            after = Math.max(after, MediaFixtures.rms(render, i, i + win));
        }
        return after / Math.max(before, 1e-5);
    }
}
