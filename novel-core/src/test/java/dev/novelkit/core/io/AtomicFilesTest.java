package dev.novelkit.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @Test
    void a_failed_write_leaves_the_previous_file_and_no_temporary_file(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("train.jsonl");
        AtomicFiles.writeString(file, "old\n");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).hasMessageContaining("disk full");

        assertThat(Files.readString(file)).isEqualTo("old\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void a_streamed_write_is_invisible_until_commit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.txt");
        try (AtomicFiles.Target t = AtomicFiles.open(file)) {
            t.writer().write("渡口灯火");
            assertThat(file).doesNotExist();
            t.commit();
        }
        assertThat(Files.readString(file)).isEqualTo("渡口灯火");
    }

    @Test
    void a_new_file_is_readable_by_others_and_a_replaced_file_keeps_its_permissions(@TempDir Path dir)
            throws IOException {
        Path fresh = dir.resolve("fresh.txt");
        AtomicFiles.writeString(fresh, "a");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");

        Path script = dir.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicFiles.writeString(script, "#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
    }
}
