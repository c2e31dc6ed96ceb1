package dev.novelkit.dataset.build.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.dataset.internal.Fingerprint;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The append-only record of finished summarizer calls (JSON Lines), keyed by a SHA-256 of the call, the
 * summarizer's fingerprint of it (what it sends, to which server and model) and the paragraph text. Each record is written with one {@code write} (so it
 * survives a kill of the process) and synced to disk at most every 200 ms and at close. On opening, a torn last
 * line (a kill mid-write) is cut off and a malformed line elsewhere is skipped with a warning: a lost record only
 * means the call is made again. The file is locked while open, so two runs cannot share it. Thread-safe.
 */
public final class Journal implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SYNC_EVERY_NANOS = 200_000_000L;

    private final Path file;
    private final FileOutputStream out;
    private final FileLock lock;
    private final Map<String, Object> entries;
    private long lastSync = System.nanoTime();
    private boolean dirty;

    private Journal(Path file, FileOutputStream out, FileLock lock, Map<String, Object> entries) {
        this.file = file;
        this.out = out;
        this.lock = lock;
        this.entries = entries;
    }

    /**
     * The key of one call: a SHA-256 over the call ("summary" or "brief"), the summarizer's
     * {@link dev.novelkit.core.summary.Summarizer#fingerprint fingerprint} of that call and the paragraph text.
     */
    public static String key(String call, String fingerprint, String text) {
        return Fingerprint.of("journal/2", call, fingerprint, text);
    }

    /** Opens (creating it if needed) and reads the journal; {@code warn} receives one line per skipped record. */
    public static Journal open(Path file, Consumer<String> warn) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        if (Files.isDirectory(abs)) {
            throw new InvalidInputException(file.toString(), "the journal path is a folder");
        }
        FileOutputStream out = new FileOutputStream(abs.toFile(), true);
        FileLock lock;
        try {
            lock = out.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        if (lock == null) {
            out.close();
            throw new InvalidInputException(file.toString(), "the journal is in use by another dataset run");
        }
        try {
            Map<String, Object> entries = load(abs, warn);
            return new Journal(abs, out, lock, entries);
        } catch (IOException | RuntimeException e) {
            lock.release();
            out.close();
            throw e;
        }
    }

    private static Map<String, Object> load(Path file, Consumer<String> warn) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Map<String, Object> entries = new HashMap<>();
        int start = 0;
        int line = 0;
        int lastGoodEnd = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            line++;
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
            start = i + 1;
            lastGoodEnd = start;
            if (text.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text);
                String key = node.path("key").asText("");
                Object value = value(node);
                if (key.isEmpty() || value == null) {
                    throw new IOException("not a journal record");
                }
                entries.put(key, value);
            } catch (IOException | RuntimeException e) {
                warn.accept(file + ":" + line + ": skipping a malformed journal record (the call will be made again)");
            }
        }
        if (lastGoodEnd < bytes.length) {
            // A kill in the middle of a write: cut the torn line so that the next record starts on a line of its own.
            warn.accept(file + ":" + (line + 1) + ": dropping a torn last record (the run before was interrupted)");
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
                ch.truncate(lastGoodEnd);
                ch.force(true);
            }
        }
        return entries;
    }

    private static Object value(JsonNode node) {
        String call = node.path("call").asText("");
        if (call.equals("brief") && node.path("brief").isTextual()) {
            return node.get("brief").asText();
        }
        JsonNode s = node.path("summary");
        if (call.equals("summary") && s.isObject()) {
            List<CharacterNote> characters = new ArrayList<>();
            for (JsonNode c : s.path("characters")) {
                characters.add(new CharacterNote(c.path("name").asText(), c.path("description").asText()));
            }
            return new StorySummary(s.path("styleAndTheme").asText(), characters, s.path("opening").asText(),
                    s.path("climax").asText(), s.path("ending").asText(), s.path("text").asText(),
                    s.path("wellFormed").asBoolean());
        }
        return null;
    }

    /** The finished calls read when the journal was opened: a {@link StorySummary} or a brief (String) per key. */
    public Map<String, Object> entries() {
        return entries;
    }

    public Path file() {
        return file;
    }

    /** Appends one finished call: a {@link StorySummary} or a brief. */
    public void append(String key, int paragraph, String summarizer, Object value) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", key);
        node.put("paragraph", paragraph);
        node.put("summarizer", summarizer);
        if (value instanceof StorySummary s) {
            node.put("call", "summary");
            ObjectNode o = node.putObject("summary");
            o.put("styleAndTheme", s.styleAndTheme());
            ArrayNode chars = o.putArray("characters");
            for (CharacterNote c : s.characters()) {
                chars.addObject().put("name", c.name()).put("description", c.description());
            }
            o.put("opening", s.opening());
            o.put("climax", s.climax());
            o.put("ending", s.ending());
            o.put("text", s.text());
            o.put("wellFormed", s.wellFormed());
        } else if (value instanceof String brief) {
            node.put("call", "brief");
            node.put("brief", brief);
        } else {
            throw new IllegalArgumentException("not a summary or a brief: " + value);
        }
        byte[] line = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            out.write(line);
            dirty = true;
            long now = System.nanoTime();
            if (now - lastSync >= SYNC_EVERY_NANOS) {
                out.getFD().sync();
                lastSync = now;
                dirty = false;
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (dirty && out.getFD().valid()) {
                out.getFD().sync();
            }
        } finally {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                out.close();
            }
        }
    }
}
