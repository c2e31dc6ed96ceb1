package dev.novelkit.core.io;

import dev.novelkit.core.NovelKitException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: into a temporary file beside the target, then a rename. A crash or an error midway
 * leaves the previous file (or no file) in place, never a half-written one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes to a stream and may fail with an I/O error. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with what {@code writer} puts into the stream. */
    public static void write(Path target, StreamWriter writer) {
        try (Target t = open(target)) {
            writer.writeTo(t.stream());
            t.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * Opens a streaming atomic write: write to {@link Target#stream()} or {@link Target#writer()}, then
     * {@link Target#commit()}. Closing without commit deletes the temporary file and leaves the target untouched.
     */
    public static Target open(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        usualPermissions(tmp, abs);
        return new Target(abs, tmp);
    }

    /**
     * A temporary file is created owner-only (0600); the file it becomes should not be: keep the permissions of the
     * file being replaced, or give a new file the usual rw-r--r--.
     */
    private static void usualPermissions(Path tmp, Path target) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems: the default ACLs already apply
        }
    }

    /** An atomic write in progress. Not thread-safe. */
    public static final class Target implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final OutputStream stream;
        private Writer writer;
        private boolean done;

        private Target(Path target, Path tmp) throws IOException {
            this.target = target;
            this.tmp = tmp;
            this.stream = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        }

        public OutputStream stream() {
            return stream;
        }

        /** A UTF-8 writer over the stream (the same one on every call). */
        public Writer writer() {
            if (writer == null) {
                writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            }
            return writer;
        }

        public Path target() {
            return target;
        }

        /** Flushes, syncs and renames the temporary file onto the target. */
        public void commit() throws IOException {
            if (done) {
                throw new NovelKitException("already committed or closed: " + target);
            }
            if (writer != null) {
                writer.flush();
            }
            stream.flush();
            stream.close();
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        }

        /** Discards the temporary file unless committed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                try {
                    stream.close();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}
