package dev.novelkit.pipeline;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.io.FileProblems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A folder of step outputs keyed by the hash of everything that went into them: a re-run finds a finished output
 * and reuses it, and a changed input (an edited storyboard line, another voice) gets a new key, so only what
 * changed is redone. Outputs are produced into a temporary file and renamed, so a crash never leaves a half file
 * under a valid key. Thread-safe.
 */
public final class WorkFolder {
    /** Produces an output file at the given (temporary) path. */
    @FunctionalInterface
    public interface Producer {
        void produce(Path target) throws IOException;
    }

    /** Produces an output file at the given (temporary) path and says how it went (e.g. which backend made it). */
    @FunctionalInterface
    public interface Maker<T> {
        T make(Path target) throws IOException;
    }

    /**
     * One output: its file, whether an earlier run's was reused, and what the maker returned (null when reused).
     */
    public record Output<T>(Path file, boolean reused, T value) {
    }

    private final Path root;
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger reused = new AtomicInteger();
    private final ConcurrentHashMap<Path, Object> locks = new ConcurrentHashMap<>();

    public WorkFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The SHA-256 of the parts (joined with a separator that cannot occur in text), as 16 hex characters. */
    public static String key(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object p : parts) {
                sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash of a file's bytes, for keys that depend on a file (an image a shot is made from). */
    public static String fileKey(Path file) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(file));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code kind/key.ext}: reused when it exists, otherwise produced into a temporary file beside it and renamed.
     */
    public Path output(String kind, String key, String ext, Producer producer) {
        return produce(kind, key, ext, tmp -> {
            producer.produce(tmp);
            return null;
        }).file();
    }

    /**
     * As {@link #output}, keeping what the maker returned. Two threads asking for the same output at once make it
     * once: the second waits and reuses it.
     */
    public <T> Output<T> produce(String kind, String key, String ext, Maker<T> maker) {
        return make(kind, key, ext, maker, false);
    }

    /**
     * As {@link #produce}, but made anew even when it exists (a shot the user asked to redo): produced into a
     * temporary file and renamed over the old one, which stays until the new one is whole.
     */
    public <T> Output<T> redo(String kind, String key, String ext, Maker<T> maker) {
        return make(kind, key, ext, maker, true);
    }

    private <T> Output<T> make(String kind, String key, String ext, Maker<T> maker, boolean again) {
        Path target = root.resolve(kind).resolve(key + "." + ext);
        Object lock = locks.computeIfAbsent(target, k -> new Object());
        synchronized (lock) {
            return produceLocked(kind, key, ext, maker, target, again);
        }
    }

    private <T> Output<T> produceLocked(String kind, String key, String ext, Maker<T> maker, Path target,
                                        boolean again) {
        Path dir = target.getParent();
        if (!again && Files.isRegularFile(target)) {
            reused.incrementAndGet();
            return new Output<>(target, true, null);
        }
        Path tmp = dir.resolve(key + ".part." + ext);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            T value = maker.make(tmp);
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new NovelKitException("step produced nothing for " + kind + "/" + key + "." + ext);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            made.incrementAndGet();
            return new Output<>(target, false, value);
        } catch (IOException e) {
            throw FileProblems.writing(target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover .part file is ignored by the next run and overwritten
            }
        }
    }

    /** This folder taken by one run; closing it lets the next run in. */
    public interface Claim extends AutoCloseable {
        /** How many temporary files that interrupted runs had left behind were removed. */
        int removedTemporaries();

        @Override
        void close();
    }

    /**
     * Takes this folder for one run: an exclusive lock ({@code .lock}; a second run on the same folder, from this
     * process or another, is refused), then removes what interrupted runs left: {@code *.part.*} files of
     * unfinished outputs and hidden temporary files of atomic writes. No run can be using them, as this one holds
     * the lock; the operating system drops the lock of a run that was killed.
     *
     * @throws InvalidInputException if another run holds the folder
     */
    public Claim claim() {
        Path lockFile = root.resolve(".lock");
        FileChannel channel;
        FileLock lock;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw FileProblems.writing(lockFile, e);
        }
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new InvalidInputException(root.toAbsolutePath().getParent().toString(),
                    "another run is using this output folder (it holds " + lockFile + "); wait for it or stop it");
        }
        int removed = removeTemporaries(lockFile);
        return new Claim() {
            @Override
            public int removedTemporaries() {
                return removed;
            }

            @Override
            public void close() {
                closeQuietly(channel);
            }
        };
    }

    /** True for a file an interrupted run may have left: an unfinished output or an atomic write's temporary. */
    static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.contains(".part.") || (name.startsWith(".") && !name.equals(".lock"));
    }

    private int removeTemporaries(Path lockFile) {
        int[] removed = {0};
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> !f.equals(lockFile) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    && isTemporary(f)).forEach(f -> {
                        try {
                            Files.deleteIfExists(f);
                            removed[0]++;
                        } catch (IOException e) {
                            // left for the next run
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // tidying is best effort
        }
        return removed[0];
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock
        }
    }

    /** Outputs produced by this run. */
    public int made() {
        return made.get();
    }

    /** Outputs found from an earlier run and reused. */
    public int reused() {
        return reused.get();
    }
}
