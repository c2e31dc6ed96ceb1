package dev.novelkit.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Remembers what NovelKit last wrote to the files a person may edit (a storyboard, a timeline, subtitles, a
 * dataset), so that a re-run can tell that person's edit from its own output and never replace an edit silently.
 * The record is a small properties file (each file's path relative to a base folder, and the SHA-256 of what was
 * written). Thread-safe.
 */
public final class WrittenFiles {
    /** How a file stands against the record. */
    public enum State {
        /** There is no such file. */
        MISSING,
        /** The file holds exactly what NovelKit wrote last. */
        AS_WRITTEN,
        /** The file changed since NovelKit wrote it: someone edited it. */
        EDITED,
        /** The file exists but NovelKit has no record of writing it (written by hand, or by an older version). */
        UNKNOWN
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path base;
    private final Path record;

    private WrittenFiles(Path base, Path record) {
        this.base = base.toAbsolutePath();
        this.record = record;
    }

    /** A record of files under {@code base}, kept in the properties file {@code record}. */
    public static WrittenFiles in(Path base, Path record) {
        return new WrittenFiles(base, record);
    }

    /** How {@code file} stands against what was last recorded for it. */
    public synchronized State state(Path file) {
        if (!Files.isRegularFile(file)) {
            return State.MISSING;
        }
        String recorded = load().getProperty(name(file));
        if (recorded == null) {
            return State.UNKNOWN;
        }
        return recorded.equals(hash(file)) ? State.AS_WRITTEN : State.EDITED;
    }

    /** Notes that NovelKit has just written {@code file} (call after each write of a file someone may edit). */
    public synchronized void record(Path file) {
        Properties p = load();
        p.setProperty(name(file), hash(file));
        StringWriter text = new StringWriter();
        new TreeMap<>(p).forEach((k, v) -> text.append(escape(k.toString())).append('=').append(v.toString())
                .append('\n'));
        AtomicFiles.writeString(record, "# what NovelKit last wrote: path=SHA-256 (do not edit)\n" + text);
    }

    /**
     * Before writing {@code file} again: if someone edited it since it was written (or it was never recorded),
     * moves it aside ({@link #setAside}) and returns where it went; otherwise returns empty.
     */
    public synchronized java.util.Optional<Path> setAsideIfEdited(Path file) {
        State state = state(file);
        return state == State.EDITED || state == State.UNKNOWN ? java.util.Optional.of(setAside(file))
                : java.util.Optional.empty();
    }

    /**
     * Moves an edited (or unrecorded) file out of the way, beside itself as {@code NAME.edited-STAMP.EXT}, so it
     * can be written anew without losing anyone's work; returns where it went.
     */
    public synchronized Path setAside(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String stamp = LocalDateTime.now().format(STAMP);
        Path aside = file.resolveSibling(stem + ".edited-" + stamp + ext);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(stem + ".edited-" + stamp + "-" + n + ext);
        }
        try {
            Files.move(file, aside);
        } catch (IOException e) {
            throw FileProblems.writing(aside, e);
        }
        return aside;
    }

    private String name(Path file) {
        Path abs = file.toAbsolutePath();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(record)) {
            try (Reader r = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                // a damaged record: every file counts as unknown, so edits are kept, never lost
                p.clear();
            }
        }
        return p;
    }

    private static String escape(String key) {
        StringBuilder b = new StringBuilder();
        for (char c : key.toCharArray()) {
            if ("=:#! \\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String hash(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileProblems.reason(file, e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
