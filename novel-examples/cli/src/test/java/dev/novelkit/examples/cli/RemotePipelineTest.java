package dev.novelkit.examples.cli;

import dev.novelkit.examples.bench.FakeMediaServices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code novelkit video} on the bundled novel against local fakes of OpenAI images, OpenAI speech and Kling (which
 * refuses more than 4 running tasks with code 1303), run as a child process. Asserts counts and concurrency, never
 * seconds: every shot is made by Kling, several tasks are in flight, a refusal is waited out and resubmitted, and a
 * job killed with SIGKILL while tasks are in flight pays for no shot twice and ends with the same timeline.
 */
class RemotePipelineTest {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private static Path novel(Path dir) throws IOException {
        try (InputStream in = RemotePipelineTest.class.getResourceAsStream(DemoCommand.SAMPLE)) {
            assertThat(in).as("the bundled novel").isNotNull();
            return Files.write(dir.resolve("novel.txt"), in.readAllBytes());
        }
    }

    private static Map<String, String> env(FakeMediaServices fake) {
        Map<String, String> env = new HashMap<>(fake.environment());
        env.put("NOVELKIT_SHOT_POLL_INTERVAL", "200ms");
        return env;
    }

    private static String[] video(Path novel, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("video", "--input", novel.toString(), "--out", out.toString(),
                "--image-backend", "openai", "--shot-backend", "kling", "--voice-backend", "openai",
                "--music", "none", "--aspect", "180x320", "--fps", "8"));
        args.addAll(List.of(more));
        if (!args.contains("--max-shots")) {
            args.addAll(List.of("--max-shots", "8"));
        }
        return args.toArray(String[]::new);
    }

    private static void assumeFfmpeg() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            Assumptions.assumeTrue(p.waitFor() == 0, "ffmpeg is not installed");
        } catch (IOException | InterruptedException e) {
            Assumptions.abort("ffmpeg is not installed");
        }
    }

    @Test
    void every_shot_is_made_by_kling_with_several_tasks_in_flight_and_a_refusal_waited_out(@TempDir Path dir)
            throws Exception {
        assumeFfmpeg();
        try (FakeMediaServices fake = FakeMediaServices.start(Duration.ofMillis(300), Duration.ofMillis(100),
                Duration.ofMillis(800), 4)) {
            // Kling's tasks run until it has refused one: NovelKit's limit (5) is above the fake's (4).
            fake.holdTasks();
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                long end = System.nanoTime() + LIMIT.toNanos();
                while (fake.stats().shotsRefused() == 0 && System.nanoTime() < end) {
                    sleep(20);
                }
                fake.releaseTasks();
            });

            CliProcess run = CliProcess.run(dir.resolve("cwd"), env(fake), LIMIT, video(novel(dir), dir.resolve("out")));
            release.join();

            assertThat(run.exitCode()).as(run.err()).isZero();
            FakeMediaServices.Stats s = fake.stats();
            assertThat(s.shotsRefused()).as("1303 refusals").isPositive();
            assertThat(s.tasksCreated()).isEqualTo(8);
            assertThat(s.createsPerPicture()).hasSize(8).allSatisfy((picture, n) -> assertThat(n).isEqualTo(1));
            assertThat(s.liveTasksPeak()).as("Kling tasks in flight at once").isEqualTo(4);
            assertThat(s.imagesPeak()).as("pictures at once").isBetween(2, 4);
            assertThat(s.voicesPeak()).as("voice lines at once").isBetween(2, 8);
            assertThat(run.out()).containsPattern("shots .* made +8, reused +0")
                    .doesNotContain("fell back").contains("throttled");
            assertThat(run.err()).containsPattern("kling: POST " + Pattern.quote(fake.baseUrl())
                            + "/v1/videos/(multi-)?image2video refused for now")
                    .contains("code 1303").containsPattern("kling: [1-5] in flight");
        }
    }

    @Test
    void the_limits_come_from_the_settings(@TempDir Path dir) throws Exception {
        assumeFfmpeg();
        try (FakeMediaServices fake = FakeMediaServices.start(Duration.ofMillis(100), Duration.ofMillis(50),
                Duration.ofMillis(500), 4)) {
            Map<String, String> env = env(fake);
            env.put("NOVELKIT_SHOT_MAX_IN_FLIGHT", "2");

            CliProcess run = CliProcess.run(dir.resolve("cwd"), env, LIMIT, video(novel(dir), dir.resolve("out"),
                    "--image-max-in-flight", "1", "--max-shots", "4"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            FakeMediaServices.Stats s = fake.stats();
            assertThat(s.liveTasksPeak()).isBetween(1, 2);
            assertThat(s.imagesPeak()).isEqualTo(1);
            assertThat(s.shotsRefused()).isZero();
            assertThat(s.tasksCreated()).isEqualTo(4);
        }
    }

    @Test
    void a_job_killed_while_kling_tasks_are_in_flight_pays_for_no_shot_twice_and_ends_the_same(@TempDir Path dir)
            throws Exception {
        assumeFfmpeg();
        Path novel = novel(dir);
        try (FakeMediaServices fake = FakeMediaServices.start(Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofSeconds(3), 4)) {
            Path out = dir.resolve("killed");
            CliProcess first = CliProcess.start(dir.resolve("cwd"), env(fake), video(novel, out));
            long end = System.nanoTime() + LIMIT.toNanos();
            FakeMediaServices.Stats s = fake.stats();
            while (first.isAlive() && System.nanoTime() < end
                    && !(s.downloadsPerPicture().size() >= 2 && s.tasksCreated() > s.downloadsPerPicture().size())) {
                sleep(20);
                s = fake.stats();
            }
            assertThat(first.isAlive()).as("the job ended before it could be killed: " + first.err()).isTrue();
            first.kill();
            FakeMediaServices.Stats atKill = fake.stats();
            List<Path> finishedShots = shots(out);
            assertThat(atKill.tasksCreated()).as("tasks in flight at the kill")
                    .isGreaterThan(finishedShots.size());

            fake.resetCounts();
            CliProcess second = CliProcess.run(dir.resolve("cwd"), env(fake), LIMIT, video(novel, out));

            assertThat(second.exitCode()).as(second.err()).isZero();
            FakeMediaServices.Stats again = fake.stats();
            // every shot's task was created once over both runs: the ones in flight were polled again
            assertThat(again.createsPerPicture()).hasSize(8).allSatisfy((picture, n) -> assertThat(n).isEqualTo(1));
            int downloadedAgain = again.downloadsPerPicture().values().stream().mapToInt(Integer::intValue).sum()
                    - atKill.downloadsPerPicture().values().stream().mapToInt(Integer::intValue).sum();
            assertThat(downloadedAgain).as("shots downloaded by the second run")
                    .isLessThanOrEqualTo(8 - finishedShots.size());
            assertThat(second.out()).containsPattern("shots .* made +" + (8 - finishedShots.size()) + ", reused +"
                    + finishedShots.size());
            byte[] video = fake.shotVideoBytes();
            assertThat(shots(out)).hasSize(8).allSatisfy(f -> assertThat(Files.readAllBytes(f)).isEqualTo(video));

            CliProcess whole = CliProcess.run(dir.resolve("cwd"), env(fake), LIMIT, video(novel, dir.resolve("whole")));
            assertThat(whole.exitCode()).as(whole.err()).isZero();
            assertThat(Files.readAllBytes(out.resolve("timeline.json")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("whole/timeline.json")));
            assertThat(Files.readAllBytes(out.resolve("video.srt")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("whole/video.srt")));
        }
    }

    /** The finished shots in the work folder (not the half-made ones). */
    private static List<Path> shots(Path out) throws IOException {
        Path folder = out.resolve("work/shots");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{16}\\.mp4")).sorted().toList();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
