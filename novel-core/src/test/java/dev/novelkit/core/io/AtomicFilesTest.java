package dev.novelkit.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.StandardOpenOption;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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

    @Test
    void a_fifo_is_written_through_to_its_reader_and_stays_a_fifo(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("out.fifo"));
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        AtomicFiles.writeString(fifo, "渡口灯火\n");

        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("渡口灯火\n");
        assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                .as("still a FIFO").isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(fifo);
        }
    }

    @Test
    void a_finished_file_is_published_through_a_fifo_and_removed(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("video.fifo"));
        Path finished = Files.writeString(dir.resolve("finished.bin"), "frames");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(AtomicFiles.temporaryFolder(fifo)).as("not beside a FIFO")
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        AtomicFiles.publish(finished, fifo);

        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("frames");
        assertThat(finished).doesNotExist();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void a_symbolic_link_is_followed_its_target_replaced_and_the_link_kept(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectories(dir.resolve("elsewhere")).resolve("train.jsonl");
        Files.writeString(real, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), Path.of("elsewhere/train.jsonl"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("link2.jsonl"), link);

        AtomicFiles.writeString(linkToLink, "new\n");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(linkToLink)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");
        try (var files = Files.list(real.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(real);
        }
    }

    @Test
    void a_link_to_a_missing_file_creates_that_file_and_a_published_file_goes_there_too(@TempDir Path dir)
            throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("out.wav"), dir.resolve("sub/real.wav"));

        AtomicFiles.writeString(link, "a");
        assertThat(Files.readString(dir.resolve("sub/real.wav"))).isEqualTo("a");

        Path finished = Files.writeString(AtomicFiles.temporaryFolder(link).resolve("x.tmp"), "b");
        AtomicFiles.publish(finished, link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("sub/real.wav"))).isEqualTo("b");
    }

    @Test
    void a_folder_named_as_the_file_to_write_is_refused_and_kept(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("out.txt"));

        assertThatThrownBy(() -> AtomicFiles.writeString(folder, "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(folder + ": is a folder; name a file to write");
        assertThat(folder).isDirectory();
    }

    @Test
    void a_file_where_a_folder_is_needed_is_named_with_the_reason(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("nodir"), "I am a file");
        Path target = file.resolve("x/y.wav");

        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(target + ": cannot write: " + file + " is a file, a folder is needed there");
        assertThat(Files.readString(file)).isEqualTo("I am a file");
    }

    @Test
    void a_folder_without_write_permission_is_reported_as_permission_denied(@TempDir Path dir) throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> AtomicFiles.writeString(locked.resolve("x.txt"), "x"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(locked.resolve("x.txt") + ": cannot write: permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void file_errors_that_carry_only_a_path_are_put_in_words() {
        Path out = Path.of("/out/x.wav");

        assertThat(FileProblems.writing(out, new AccessDeniedException("/out/x.wav")))
                .hasMessage("/out/x.wav: cannot write: permission denied");
        assertThat(FileProblems.writing(out, new AccessDeniedException("/out")))
                .hasMessage("/out/x.wav: cannot write: permission denied (/out)");
        assertThat(FileProblems.writing(out, new FileSystemException("/out/x.wav", null, "Read-only file system")))
                .hasMessage("/out/x.wav: cannot write: read-only file system");
        assertThat(FileProblems.describe(new UncheckedIOException(new NoSuchFileException("/in/novel.txt"))))
                .isEqualTo("/in/novel.txt: no such file or folder");
        assertThat(FileProblems.writing(out, new IOException("No space left on device")))
                .hasMessage("/out/x.wav: cannot write: no space left on device");
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return path;
    }

    @Test
    void temporaries_an_interrupted_write_left_are_removed_by_the_next_write_and_live_ones_are_kept(
            @TempDir Path dir) throws IOException {
        Path out = dir.resolve("train.jsonl");
        Path stale = Files.writeString(dir.resolve(".train.jsonl.8812734.tmp"), "half");
        Path staleVideo = Files.writeString(dir.resolve(".train.jsonl.99.part.mp4"), "half");
        Path otherFile = Files.writeString(dir.resolve(".val.jsonl.8812734.tmp"), "not ours");
        Path live = Files.writeString(dir.resolve(".train.jsonl.4242.tmp"), "being written");

        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            AtomicFiles.writeString(out, "new\n");
        }

        assertThat(Files.readString(out)).isEqualTo("new\n");
        assertThat(stale).doesNotExist();
        assertThat(staleVideo).doesNotExist();
        assertThat(otherFile).as("another file's temporary").exists();
        assertThat(live).as("a write in progress holds its lock").exists();
    }

    @Test
    void a_temporary_for_another_program_is_held_until_published_or_discarded(@TempDir Path dir)
            throws IOException {
        Path out = dir.resolve("line.wav");
        Path first = AtomicFiles.createTemporary(out, ".raw.wav");

        Path second = AtomicFiles.createTemporary(out, ".raw.wav");
        assertThat(first).as("held by this JVM: not a leftover").exists();

        Files.writeString(first, "RIFF");
        AtomicFiles.publish(first, out);
        AtomicFiles.discard(second);
        assertThat(Files.readString(out)).isEqualTo("RIFF");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }
}
