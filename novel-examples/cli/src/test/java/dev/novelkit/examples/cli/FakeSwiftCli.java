package dev.novelkit.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The fake swift executable of novel-llm's tests (one copy in the repository: novel-llm/src/test/resources/fake-swift),
 * installed executable into a temporary folder for the CLI tests.
 */
final class FakeSwiftCli {
    private static final Path SOURCE = Path.of("..", "..", "novel-llm", "src", "test", "resources", "fake-swift", "swift");

    private FakeSwiftCli() {
    }

    static Path install(Path dir) {
        if (!Files.isRegularFile(SOURCE)) {
            throw new IllegalStateException("fake swift not found at " + SOURCE.toAbsolutePath()
                    + " (run the tests from the novel-examples/cli module folder)");
        }
        try {
            Path target = Files.createDirectories(dir.resolve("bin")).resolve("swift");
            Files.copy(SOURCE, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
}
