package dev.novelkit.dataset.build;

import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.io.DatasetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a real dataset run (SIGKILL, in a child JVM) twice midway, then finishes it. */
class DatasetBuilderKillTest {
    private static final int PARAGRAPHS = 30;

    @TempDir
    Path dir;

    @Test
    void a_run_killed_at_any_moment_resumes_to_files_equal_to_an_uninterrupted_run() throws Exception {
        List<Paragraph> paragraphs = Paragraphs.make(PARAGRAPHS, 4);
        Path clean = dir.resolve("clean");
        DatasetResult uninterrupted = DatasetBuilder.of(new FakeSummarizer()).journal(clean.resolve("journal.jsonl"))
                .build(paragraphs);
        DatasetWriter.jsonl().write(clean.resolve("train.jsonl"), uninterrupted.samples());

        Path killed = dir.resolve("killed");
        Files.createDirectories(killed);
        killAfter(killed, 8);
        killAfter(killed, 30);
        assertThat(killed.resolve("train.jsonl")).doesNotExist();
        Set<String> keysBefore = keys(killed.resolve("journal.jsonl"));
        assertThat(keysBefore.size()).isBetween(8, 59);

        FakeSummarizer rest = new FakeSummarizer();
        DatasetResult r = DatasetBuilder.of(rest).journal(killed.resolve("journal.jsonl")).build(paragraphs);
        DatasetWriter.jsonl().write(killed.resolve("train.jsonl"), r.samples());

        assertThat(r.callsReused()).isEqualTo(keysBefore.size());
        assertThat(r.callsMade()).isEqualTo(2 * PARAGRAPHS - keysBefore.size());
        List<String> lines = Files.readAllLines(killed.resolve("journal.jsonl"));
        assertThat(new HashSet<>(lines.stream().map(DatasetBuilderKillTest::keyOf).toList())).hasSize(lines.size());
        assertThat(Files.readAllBytes(killed.resolve("train.jsonl")))
                .isEqualTo(Files.readAllBytes(clean.resolve("train.jsonl")));
    }

    private static void killAfter(Path out, int records) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillableRun.class.getName(), out.toString(), String.valueOf(PARAGRAPHS))
                .redirectErrorStream(true).redirectOutput(out.resolve("child.log").toFile()).start();
        try {
            Path journal = out.resolve("journal.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (newlines(journal) < records && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(p.isAlive()).as("child still running (see child.log)").isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long newlines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(file);
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }

    private static Set<String> keys(Path journal) throws IOException {
        // Only whole lines: a record is written with its line break in one write, a torn one has none.
        String text = Files.readString(journal);
        Set<String> keys = new HashSet<>();
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isBlank()) {
                keys.add(keyOf(line));
            }
        }
        return keys;
    }

    private static String keyOf(String line) {
        int at = line.indexOf("\"key\":\"") + 7;
        return line.substring(at, line.indexOf('"', at));
    }
}
