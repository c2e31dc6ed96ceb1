package dev.novelkit.core.io;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically: into a temporary file beside the target, then a rename. A crash or an error midway
 * leaves the previous file (or no file) in place, never a half-written one.
 *
 * <p>What a target names decides how it is written:
 * <ul>
 *   <li>a new path or a regular file: the atomic write above (missing parent folders are created);</li>
 *   <li>a symbolic link: the file it points to (through any chain of links) is written, atomically, and the link
 *       stays a link;</li>
 *   <li>a FIFO or a device ({@code /dev/stdout}, {@code /dev/null}): written through, in place, as a shell
 *       redirection would (a FIFO waits for its reader); never replaced by a regular file;</li>
 *   <li>a folder or a socket: refused with an {@link InvalidInputException} naming it.</li>
 * </ul>
 * Every failure names the path and the reason ({@link FileProblems}).
 */
public final class AtomicFiles {
    private static final int MAX_LINKS = 40;
    /** Locks held on temporary files handed to other programs, until published or discarded. */
    private static final java.util.Map<Path, FileChannel> HELD = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String IS_A_FILE = "is a file, a folder is needed there";

    private AtomicFiles() {
    }

    /** Something that writes to a stream and may fail with an I/O error. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} with what {@code writer} puts into the stream.
     *
     * @throws InvalidInputException naming the target and the reason if it cannot be written
     */
    public static void write(Path target, StreamWriter writer) {
        try (Target t = open(target)) {
            writer.writeTo(t.stream());
            t.commit();
        } catch (IOException e) {
            throw FileProblems.writing(target, e);
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * Opens a streaming write: write to {@link Target#stream()} or {@link Target#writer()}, then
     * {@link Target#commit()}. Closing without commit deletes the temporary file and leaves the target untouched
     * (a FIFO or device has then received what was written).
     *
     * @throws InvalidInputException if the target is a folder or a socket
     * @throws IOException           if a folder cannot be created or the file cannot be opened
     */
    public static Target open(Path target) throws IOException {
        Path dest = destination(target);
        if (isSpecial(dest)) {
            return new Target(dest, null, Files.newOutputStream(dest, StandardOpenOption.WRITE));
        }
        Path dir = dest.getParent();
        if (dir != null) {
            createFolders(dir);
        }
        removeStaleTemporaries(dest);
        Path tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".tmp");
        FileChannel channel = null;
        try {
            usualPermissions(tmp, dest);
            channel = lockedChannel(tmp);
            return new Target(dest, tmp, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Puts a finished file that another program wrote (ffmpeg, espeak-ng) at {@code target}, as {@link #open}
     * would: renamed onto a new or regular destination (through symbolic links), copied into a FIFO or device.
     * {@code finished} is gone afterwards. For a rename to be atomic, make the file in
     * {@link #temporaryFolder(Path)}.
     */
    public static void publish(Path finished, Path target) throws IOException {
        Path dest = destination(target);
        if (isSpecial(dest)) {
            try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.WRITE);
                 InputStream in = Files.newInputStream(finished)) {
                in.transferTo(out);
            } finally {
                discard(finished);
            }
            return;
        }
        if (dest.getParent() != null) {
            createFolders(dest.getParent());
        }
        try {
            Files.move(finished, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        release(finished);
    }

    /** Deletes a temporary file from {@link #createTemporary} that will not be published (a failed run). */
    public static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // best effort: a leftover is removed by the next write of the same target
        } finally {
            release(temporary);
        }
    }

    /**
     * Where a program should make a temporary file that {@link #publish} will put at {@code target}: the folder of
     * the file {@code target} resolves to (created if missing), or the system's temporary folder when the target
     * is a FIFO or a device.
     */
    public static Path temporaryFolder(Path target) throws IOException {
        Path dest = destination(target);
        if (isSpecial(dest)) {
            return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        }
        Path dir = dest.getParent();
        createFolders(dir);
        return dir;
    }

    /**
     * A new, empty temporary file for a program that writes {@code target}'s content by itself, made in
     * {@link #temporaryFolder(Path)} with the permissions the target will have; hand it to {@link #publish}.
     * Making it here checks that the folder can be written, before the program runs.
     */
    public static Path createTemporary(Path target, String suffix) throws IOException {
        Path dest = destination(target);
        Path folder = temporaryFolder(dest);
        if (!isSpecial(dest)) {
            removeStaleTemporaries(dest);
        }
        Path tmp = Files.createTempFile(folder, "." + dest.getFileName() + ".", suffix);
        try {
            if (!isSpecial(dest)) {
                usualPermissions(tmp, dest);
            }
            HELD.put(tmp.toAbsolutePath(), lockedChannel(tmp));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /**
     * Removes the temporary files that interrupted writes of {@code target} left beside it (a killed process, a
     * power cut): {@code .NAME.<digits>.<suffix>} files that no process holds. A write in progress holds a lock on
     * its temporary file for as long as it runs, so it is never touched; the operating system drops the lock of a
     * process that died. Called by every write; call it yourself to tidy a folder without writing.
     */
    public static void removeStaleTemporaries(Path target) {
        Path dest = target.toAbsolutePath();
        Path dir = dest.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        java.util.regex.Pattern temporary = java.util.regex.Pattern.compile(
                "\\." + java.util.regex.Pattern.quote(dest.getFileName().toString()) + "\\.\\d+\\..+");
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                "." + globQuote(dest.getFileName().toString()) + ".*")) {
            for (Path f : files) {
                if (temporary.matcher(f.getFileName().toString()).matches() && !HELD.containsKey(f)) {
                    removeIfUnheld(f);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // tidying is best effort; the write itself goes on
        }
    }

    /** Deletes {@code f} if no process holds a lock on it. */
    private static void removeIfUnheld(Path f) {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                Files.deleteIfExists(f);
            }
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            // this JVM is writing it
        } catch (IOException e) {
            // not ours to remove (permissions), or gone already
        }
    }

    private static String globQuote(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A write channel on a new temporary file, with an exclusive lock held until it is closed. */
    private static FileChannel lockedChannel(Path tmp) throws IOException {
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
        try {
            ch.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            // a file system without locks: the file is still new and unique
        }
        return ch;
    }

    private static void release(Path temporary) {
        FileChannel ch = HELD.remove(temporary.toAbsolutePath());
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing drops the lock; nothing else to do
            }
        }
    }

    /**
     * The path a write to {@code target} lands on: absolute, symbolic links followed to the end of their chain (a
     * link to a missing file: that file).
     *
     * @throws InvalidInputException if the target is a folder or a socket, or its links loop
     */
    public static Path destination(Path target) {
        Path p = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw FileProblems.writing(target, new FileSystemLoopException(target.toString()));
            }
            try {
                Path link = Files.readSymbolicLink(p);
                p = p.resolveSibling(link);
            } catch (IOException e) {
                throw FileProblems.writing(target, e);
            }
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return p;
        } catch (IOException e) {
            Path file = fileInTheWay(p);
            throw FileProblems.writing(target, file == null ? e : notAFolder(file));
        }
        if (attrs.isDirectory()) {
            throw new InvalidInputException(target.toString(), "is a folder; name a file to write");
        }
        if (attrs.isOther() && isSocket(p)) {
            throw new InvalidInputException(target.toString(), "is a socket; name a file to write");
        }
        return p;
    }

    /** Whether a write to {@code target} goes through in place: it resolves to a FIFO or a device. */
    public static boolean writesThrough(Path target) {
        try {
            return isSpecial(destination(target));
        } catch (IOException | InvalidInputException e) {
            return false;
        }
    }

    /** True for a FIFO, a device or another node that is neither a regular file, a folder nor a link. */
    private static boolean isSpecial(Path dest) throws IOException {
        try {
            return Files.readAttributes(dest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (NoSuchFileException missing) {
            return false;
        }
    }

    private static boolean isSocket(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The nearest existing ancestor of {@code p} when it is not a folder (so {@code p} cannot be made), or null. */
    private static Path fileInTheWay(Path p) {
        for (Path a = p.getParent(); a != null; a = a.getParent()) {
            if (Files.exists(a)) {
                return Files.isDirectory(a) ? null : a;
            }
        }
        return null;
    }

    /**
     * Makes sure {@code dir} is a folder, creating it and its parents if missing; a symbolic link is followed (a
     * link to a missing folder: that folder is created). For outputs that are folders ({@code video --out DIR}).
     *
     * @throws InvalidInputException naming the folder and the reason (a file in the way, permission denied, a
     *                               read-only file system)
     */
    public static void createFolder(Path dir) {
        Path p = dir.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p) && hops < MAX_LINKS; hops++) {
            try {
                p = p.resolveSibling(Files.readSymbolicLink(p));
            } catch (IOException e) {
                throw FileProblems.folder(dir, e);
            }
        }
        try {
            createFolders(p);
        } catch (IOException e) {
            throw FileProblems.folder(dir, e);
        }
    }

    /** Creates the folder and its parents; a file in the way is named as such. */
    private static void createFolders(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            // createDirectories names the path that is not a folder, not why: say it
            throw notAFolder(e.getFile() != null ? Path.of(e.getFile()) : dir);
        } catch (java.nio.file.FileSystemException e) {
            Path file = fileInTheWay(dir.resolve("x"));
            throw file != null ? notAFolder(file) : e;
        }
    }

    private static java.nio.file.FileSystemException notAFolder(Path file) {
        return new java.nio.file.FileSystemException(file.toString(), null,
                Files.isRegularFile(file) ? IS_A_FILE : "is not a folder");
    }

    /**
     * A temporary file is created owner-only (0600); the file it becomes should not be: keep the permissions of the
     * file being replaced, or give a new file the usual rw-r--r--.
     */
    private static void usualPermissions(Path tmp, Path target) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems: the default ACLs already apply
        }
    }

    /** A write in progress. Not thread-safe. */
    public static final class Target implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final OutputStream stream;
        private final FileChannel channel;
        private Writer writer;
        private boolean done;

        private Target(Path target, Path tmp, OutputStream out) {
            this.target = target;
            this.tmp = tmp;
            this.stream = new java.io.BufferedOutputStream(out, 1 << 16);
            this.channel = null;
        }

        /** A temporary file written through {@code channel}, which holds its lock until the write ends. */
        private Target(Path target, Path tmp, FileChannel channel) {
            this.target = target;
            this.tmp = tmp;
            this.channel = channel;
            this.stream = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
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

        /** The path written in the end (symbolic links followed). */
        public Path target() {
            return target;
        }

        /** Flushes and renames the temporary file onto the target (a FIFO or device: flushes and closes). */
        public void commit() throws IOException {
            if (done) {
                throw new NovelKitException("already committed or closed: " + target);
            }
            if (writer != null) {
                writer.flush();
            }
            stream.flush();
            if (tmp == null) {
                stream.close();
                done = true;
                return;
            }
            // renamed while still locked, so no other process takes it for a leftover meanwhile
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            stream.close();
        }

        /** Discards the temporary file unless committed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                try {
                    stream.close();
                } finally {
                    if (tmp != null) {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
        }
    }
}
