package dev.novelkit.llm.swift.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.dataset.TrainingRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a local dataset file before swift is started, so a bad file fails in seconds with a clear message rather
 * than after minutes of model loading (or, worse, a run on part of the data): the file exists, is not empty, is
 * {@code .jsonl}, {@code .json} or {@code .csv}, is UTF-8 text, and every record of a JSON Lines or JSON file is in
 * one of the layouts swift reads without {@code --columns} ({@link TrainingRecord}: {@code messages},
 * query-response, alpaca, sharegpt) with a query and a response. A JSON Lines file cut off in the middle of a record
 * (a copy or a download that did not finish) is refused with the line number.
 */
public final class DatasetCheck {
    private static final int SAMPLE_BYTES = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetCheck() {
    }

    /**
     * Checks {@code file}; with {@code checkLayout} false (columns are renamed with {@code --columns}) only the
     * file itself is checked.
     *
     * @throws InvalidInputException naming the file (and line) and what is wrong
     */
    public static void check(Path file, boolean checkLayout) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new InvalidInputException(name, "dataset file does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(name, "dataset is not a regular file");
        }
        String ext = extension(file);
        if (!ext.equals("jsonl") && !ext.equals("json") && !ext.equals("csv")) {
            throw new InvalidInputException(name, "swift reads .jsonl, .json or .csv datasets, not '." + ext + "'");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SAMPLE_BYTES);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read dataset: " + e.getMessage(), e);
        }
        String text = decode(name, head);
        if (text.isBlank()) {
            throw new InvalidInputException(name, "dataset file is empty");
        }
        if (!checkLayout) {
            return;
        }
        switch (ext) {
            case "jsonl" -> checkJsonl(file);
            case "json" -> checkJson(file);
            default -> {
                checkCsv(name, text);
                checkCsvQuotes(file);
            }
        }
    }

    private static String extension(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot < 0 ? "" : f.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String decode(String name, byte[] head) {
        int len = head.length;
        if (len == SAMPLE_BYTES) { // cut at the last newline so a multi-byte char is never split
            int nl = len - 1;
            while (nl >= 0 && head[nl] != '\n') {
                nl--;
            }
            len = nl < 0 ? len : nl + 1;
        }
        for (int i = 0; i < len; i++) {
            if (head[i] == 0) {
                throw new InvalidInputException(name, "dataset looks binary (NUL byte at offset " + i + ")");
            }
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, len)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name, "dataset is not UTF-8 text", e);
        }
    }

    /** Every line of the file: one record each, the last one ended by a line break or complete. */
    private static void checkJsonl(Path file) {
        String name = file.toString();
        long line = 0;
        long records = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            String next = in.readLine();
            while (next != null) {
                String text = next;
                next = in.readLine();
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                String where = name + ":" + line;
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new InvalidInputException(where, next == null && !endsWithNewline(file)
                            ? "the file ends in the middle of a record (truncated?): " + e.getOriginalMessage()
                            : "not a JSON object (" + e.getOriginalMessage() + ")");
                }
                checkRecord(where, node);
                records++;
            }
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name + ":" + (line + 1), "dataset is not UTF-8 text", e);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read dataset: " + e.getMessage(), e);
        }
        if (records == 0) {
            throw new InvalidInputException(name, "no records");
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return false;
            }
            ch.position(ch.size() - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last);
            return last.get(0) == '\n';
        }
    }

    private static void checkJson(Path file) {
        String name = file.toString();
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(name, "a .json dataset must be a JSON array of records");
            }
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == null) {
                    throw new InvalidInputException(name, "the file ends inside the JSON array (truncated?)");
                }
                JsonNode node = JSON.readTree(p);
                checkRecord(name + " record " + (n + 1), node);
                n++;
            }
            if (n == 0) {
                throw new InvalidInputException(name, "the JSON array is empty");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(name + ":" + e.getLocation().getLineNr(),
                    "malformed JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read dataset: " + e.getMessage(), e);
        }
    }

    private static void checkCsv(String name, String text) {
        int nl = text.indexOf('\n');
        String header = (nl < 0 ? text : text.substring(0, nl)).strip();
        List<String> cols = new ArrayList<>();
        for (String c : header.split(",")) {
            cols.add(c.strip().replace("\"", ""));
        }
        TrainingRecord.CsvColumns.of(cols, name + ":1");
        if (nl < 0 || text.substring(nl + 1).isBlank()) {
            throw new InvalidInputException(name, "CSV has a header but no rows");
        }
    }

    /**
     * A CSV cut off inside a quoted field (novel text is quoted: it holds commas and line breaks) has an odd number
     * of quote characters: refused with the line where that field starts.
     */
    private static void checkCsvQuotes(Path file) {
        boolean open = false;
        long line = 1;
        long openedAt = 0;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '"') {
                    open = !open;
                    if (open) {
                        openedAt = line;
                    }
                } else if (b == '\n') {
                    line++;
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read dataset: " + e.getMessage(), e);
        }
        if (open) {
            throw new InvalidInputException(file + ":" + openedAt,
                    "the file ends inside this quoted field (truncated?)");
        }
    }

    /** A record in a layout swift reads, with a query and a response ({@link TrainingRecord}). */
    private static void checkRecord(String where, JsonNode node) {
        TrainingRecord record = TrainingRecord.parse(node, where);
        if (!record.has(TrainingRecord.Role.QUERY)) {
            throw new InvalidInputException(where, "no user turn before the assistant's: nothing to learn from");
        }
    }
}
