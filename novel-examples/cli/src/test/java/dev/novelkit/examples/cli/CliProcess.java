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
 * Runs {@code novelkit ...} as its own process with the environment a user would set (API keys, base URLs of fake
 * services), the way the command is run for real (tests only): for what an in-process run cannot do, such as
 * setting variables, killing it with SIGKILL, or checking that nothing is left running. Every provider key and base
 * URL of this environment is removed first, so only the fakes are reached.
 */
final class CliProcess {
    /** What the process did. */
    record Result(int code, String out, String err) {
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code novelkit args...} in {@code dir} with {@code env}; waits at most 15 minutes. */
    static Result run(Map<String, String> env, Path dir, String... args) throws Exception {
        CliProcess p = start(dir, env, args);
        p.await(Duration.ofMinutes(15));
        return new Result(p.exitCode(), p.out(), p.err());
    }

    /** Starts {@code novelkit args...} in {@code dir} with {@code env} added to the cleaned environment. */
    static CliProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-cp", classPath,
                NovelKitCli.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("DASHSCOPE_")
                || k.startsWith("KLING_") || k.startsWith("AZURE_") || k.startsWith("SD_WEBUI")
                || k.startsWith("NOVELKIT_"));
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
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
