package dev.novelkit.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fake ms-swift installs for the CLI tests: novel-llm's installer (one copy in the repository:
 * novel-llm/src/test/resources/fake-ms-swift) makes a virtual environment the way pip makes one, with a
 * {@code bin/swift} console script, {@code swift/__init__.py} holding {@code __version__}, an
 * {@code ms_swift-X.dist-info}, and argument parsing as strict as the real one's.
 */
final class FakeSwiftCli {
    static final String V2 = "2.6.1";
    static final String V3 = "3.12.6";
    static final String V4 = "4.5.2";
    private static final Path INSTALLER = Path.of("..", "..", "novel-llm", "src", "test", "resources", "fake-ms-swift",
            "install.py");

    private FakeSwiftCli() {
    }

    /** Installs ms-swift {@code version} into {@code dir/venv-VERSION}; returns its {@code bin/swift}. */
    static Path install(Path dir, String version) {
        if (!Files.isRegularFile(INSTALLER)) {
            throw new IllegalStateException("fake swift installer not found at " + INSTALLER.toAbsolutePath()
                    + " (run the tests from the novel-examples/cli module folder)");
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("python3", INSTALLER.toString(),
                    dir.resolve("venv-" + version).toString(), version));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("installing the fake swift failed: " + out);
            }
            return Path.of(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path dataset(Path file, int rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            b.append("{\"messages\": [{\"role\": \"user\", \"content\": \"概括").append(i)
                    .append("\"}, {\"role\": \"assistant\", \"content\": \"雨还在下。\"}]}\n");
        }
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Trains with {@code novelkit train} on {@code swift} (no dialect given) and returns the last checkpoint. */
    static Path trainedCheckpoint(Path dir, Path swift) {
        CliRun cli = new CliRun();
        Path data = dataset(dir.resolve("novel.jsonl"), 60);
        int code = cli.run("train", "--dataset", data.toString(), "--output", dir.resolve("output").toString(),
                "--swift", swift.toString(), "--env", "FAKE_SWIFT_STEPS=6", "--extra=--save_steps", "--extra=3");
        if (code != 0) {
            throw new IllegalStateException("training with the fake swift failed: " + cli.err());
        }
        for (String line : cli.out().split("\n")) {
            if (line.startsWith("last checkpoint: ")) {
                return Path.of(line.substring("last checkpoint: ".length()));
            }
        }
        throw new IllegalStateException("no last checkpoint in: " + cli.out());
    }
}
