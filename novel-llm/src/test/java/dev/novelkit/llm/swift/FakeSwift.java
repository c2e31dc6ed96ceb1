package dev.novelkit.llm.swift;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs the fake {@code swift} (and {@code vllm}) test executable into a folder and makes it executable. */
final class FakeSwift {
    private FakeSwift() {
    }

    /** Copies the fake into {@code dir/bin/swift} and {@code dir/bin/vllm}; returns {@code dir/bin}. */
    static Path install(Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            for (String name : new String[]{"swift", "vllm"}) {
                Path target = bin.resolve(name);
                try (InputStream in = FakeSwift.class.getResourceAsStream("/fake-swift/swift")) {
                    if (in == null) {
                        throw new IllegalStateException("test resource /fake-swift/swift is missing");
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PATH with {@code bin} first. */
    static String pathWith(Path bin) {
        return bin + java.io.File.pathSeparator + System.getenv("PATH");
    }

    /** Writes {@code n} query/response records to {@code file}. */
    static Path dataset(Path file, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"query\": \"下面是前一个章节的简要概括").append(i).append("\", \"response\": \"他推开门，雨还在下。\"}\n");
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
