package dev.novelkit.examples.bench;

import dev.novelkit.examples.cli.NovelKitCli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The video job's remote phase against local fakes with fixed latencies (OpenAI images, OpenAI speech, Kling that
 * refuses more than 4 running tasks with code 1303): runs {@code novelkit video} on the bundled novel as a child
 * process and compares the remote phase (the fakes' first request to their last answer) with the serial sum of the
 * latencies and with the ideal for the limits.
 *
 * <pre>
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.RemotePipelineBenchmark \
 *     [--images 3s] [--voices 1s] [--shots 8s] [--kling-live 4] [--max-shots 8] [--serial] [--poll 5s]
 * </pre>
 * {@code --serial} sets every backend's in-flight limit to 1 (the stages still overlap); {@code --poll} sets the
 * first pause between Kling polls (default: the client's, 5 s growing to 30 s).
 */
public final class RemotePipelineBenchmark {
    private RemotePipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration images = duration(args, "--images", "3s");
        Duration voices = duration(args, "--voices", "1s");
        Duration shots = duration(args, "--shots", "8s");
        int live = Integer.parseInt(arg(args, "--kling-live", "4"));
        int maxShots = Integer.parseInt(arg(args, "--max-shots", "8"));
        boolean serial = List.of(args).contains("--serial");
        String poll = arg(args, "--poll", null);

        Path dir = Files.createTempDirectory("novelkit-remote-bench");
        Path novel = dir.resolve("novel.txt");
        try (InputStream in = RemotePipelineBenchmark.class.getResourceAsStream("/samples/dukou-denghuo.txt")) {
            if (in == null) {
                throw new IllegalStateException("the bundled novel is missing from the classpath");
            }
            Files.write(novel, in.readAllBytes());
        }
        try (FakeMediaServices fake = FakeMediaServices.start(images, voices, shots, live)) {
            Map<String, String> env = new HashMap<>(fake.environment());
            if (poll != null) {
                env.put("NOVELKIT_SHOT_POLL_INTERVAL", poll);
            }
            if (serial) {
                env.put("NOVELKIT_IMAGE_MAX_IN_FLIGHT", "1");
                env.put("NOVELKIT_SHOT_MAX_IN_FLIGHT", "1");
                env.put("NOVELKIT_VOICE_MAX_IN_FLIGHT", "1");
            }
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), NovelKitCli.class.getName(), "video",
                    "--input", novel.toString(), "--out", dir.resolve("out").toString(),
                    "--max-shots", String.valueOf(maxShots), "--image-backend", "openai", "--shot-backend", "kling",
                    "--voice-backend", "openai", "--music", "none", "--aspect", "360x640", "--fps", "12"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(dir.resolve("stderr.txt").toFile());
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            String report;
            try (InputStream out = p.getInputStream()) {
                report = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("novelkit video failed: "
                        + Files.readString(dir.resolve("stderr.txt")));
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            FakeMediaServices.Stats s = fake.stats();
            int pictures = s.images();
            int klingLimit = serial ? 1 : 5;
            int shotWaves = (maxShots + Math.min(klingLimit, live) - 1) / Math.min(klingLimit, live);
            int imageLimit = serial ? 1 : 4;
            Duration ideal = max(images.multipliedBy((pictures + imageLimit - 1) / imageLimit),
                    images.plus(shots.multipliedBy(shotWaves)));
            ideal = max(ideal, voices.multipliedBy((s.voices() + (serial ? 0 : 7)) / (serial ? 1 : 8)));
            System.out.print(report);
            System.out.printf(Locale.ROOT, "%nremote phase %.1f s (first request to last answer); serial sum of the "
                            + "latencies %.1f s -> %.0f%%; ideal for the limits %.1f s%n",
                    s.remotePhase().toMillis() / 1000.0, s.serialSum().toMillis() / 1000.0,
                    100.0 * s.remotePhase().toMillis() / s.serialSum().toMillis(), ideal.toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "requests: %d pictures (at most %d at once), %d voice lines (at most %d), "
                            + "%d Kling tasks (at most %d running), %d refused with 1303, %d polls; whole run %.1f s%n",
                    s.images(), s.imagesPeak(), s.voices(), s.voicesPeak(), s.tasksCreated(), s.liveTasksPeak(),
                    s.shotsRefused(), s.polls(), wall.toMillis() / 1000.0);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration duration(String[] args, String name, String fallback) {
        return dev.novelkit.core.remote.Deadlines.parseDuration(name, arg(args, name, fallback));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
