package dev.novelkit.llm.swift.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Checks a local dataset file before swift is started, so a bad file fails in a second with a clear message rather
 * than after minutes of model loading: the file exists, is not empty, is {@code .jsonl}, {@code .json} or
 * {@code .csv}, is UTF-8 text, and its first records are in one of the layouts swift reads without
 * {@code --columns}: {@code messages} (role/content), query-response, alpaca (instruction/output) or sharegpt
 * ({@code conversation(s)}).
 */
public final class DatasetCheck {
    private static final int SAMPLE_BYTES = 8 << 20;
    private static final int SAMPLE_RECORDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAYOUTS =
            "expected one of: messages [{role, content}], query + response, instruction + output (alpaca), "
                    + "conversation(s) (sharegpt)";

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
            case "jsonl" -> checkJsonl(name, text, head.length == SAMPLE_BYTES);
            case "json" -> checkJson(file);
            default -> checkCsv(name, text);
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

    private static void checkJsonl(String name, String text, boolean truncated) {
        String[] lines = text.split("\n", -1);
        int checked = 0;
        for (int i = 0; i < lines.length && checked < SAMPLE_RECORDS; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (truncated && i == lines.length - 1) {
                break;
            }
            String where = name + ":" + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(where, "not a JSON object (" + e.getOriginalMessage() + ")");
            }
            checkRecord(where, node);
            checked++;
        }
        if (checked == 0) {
            throw new InvalidInputException(name, "no records in the first " + (SAMPLE_BYTES >> 20) + " MB");
        }
    }

    private static void checkJson(Path file) {
        String name = file.toString();
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(name, "a .json dataset must be a JSON array of records");
            }
            int n = 0;
            while (n < SAMPLE_RECORDS && p.nextToken() != JsonToken.END_ARRAY) {
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
        boolean ok = cols.contains("query") && cols.contains("response")
                || cols.contains("instruction") && cols.contains("output");
        if (!ok) {
            throw new InvalidInputException(name + ":1",
                    "CSV header needs query,response or instruction,output columns; found " + cols);
        }
        if (nl < 0 || text.substring(nl + 1).isBlank()) {
            throw new InvalidInputException(name, "CSV has a header but no rows");
        }
    }

    private static void checkRecord(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException(where, "record is not a JSON object");
        }
        JsonNode messages = node.get("messages");
        if (messages != null) {
            if (!messages.isArray() || messages.isEmpty()) {
                throw new InvalidInputException(where, "'messages' must be a non-empty array");
            }
            for (JsonNode m : messages) {
                if (!m.isObject() || !m.path("role").isTextual() || !m.has("content")) {
                    throw new InvalidInputException(where, "each message needs 'role' and 'content'");
                }
            }
            return;
        }
        if (text(node, "query") && text(node, "response") || text(node, "instruction") && text(node, "output")) {
            return;
        }
        for (String k : new String[]{"conversation", "conversations"}) {
            JsonNode c = node.get(k);
            if (c != null && c.isArray() && !c.isEmpty()) {
                return;
            }
        }
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        throw new InvalidInputException(where, "not a record swift reads: " + LAYOUTS + "; found keys " + keys);
    }

    private static boolean text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual();
    }
}
