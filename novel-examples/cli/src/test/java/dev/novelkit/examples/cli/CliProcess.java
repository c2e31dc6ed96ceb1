package dev.novelkit.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code novelkit} command line in a child JVM with its own environment (tests only): for what an
 * in-process run cannot do, such as setting variables, killing it with SIGKILL, or checking that nothing is left
 * running. Output goes to files, read when asked.
 */
final class CliProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code novelkit args...} with {@code env} added to this JVM's environment, in {@code dir}. */
    static CliProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                NovelKitCli.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new CliProcess(pb.start(), out, err);
    }

    /** Runs to the end (killed and failed after {@code limit}, a bound no healthy run comes near). */
    static CliProcess run(Path dir, Map<String, String> env, Duration limit, String... args) throws Exception {
        CliProcess p = start(dir, env, args);
        p.await(limit);
        return p;
    }

    /** Waits for the end; a run still going after {@code limit} is killed and reported. */
    CliProcess await(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("novelkit was still running after " + limit + "; stderr:\n" + err());
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no clean-up, as a crash or {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

}
