package dev.novelkit.examples.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code novelkit ...} as its own process with the environment a user would set (API keys, base URLs of fake
 * services), the way the command is run for real (tests only).
 */
final class CliProcess {
    /** What the process did. */
    record Result(int code, String out, String err) {
    }

    private CliProcess() {
    }

    /**
     * Runs {@code novelkit args...} with {@code env} added to a copy of this environment from which every provider
     * key and base URL has been removed, so only the fakes are reached. Waits at most 15 minutes.
     */
    static Result run(Map<String, String> env, Path dir, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-cp", classPath,
                NovelKitCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("DASHSCOPE_")
                || k.startsWith("KLING_") || k.startsWith("AZURE_") || k.startsWith("SD_WEBUI") || k.startsWith("NOVELKIT_"));
        pb.environment().putAll(env);
        File out = dir.resolve("cli.out").toFile();
        File err = dir.resolve("cli.err").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("novelkit " + String.join(" ", args) + " still running after 15 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
