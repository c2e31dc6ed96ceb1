package dev.novelkit.dataset.io.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.dataset.RecordFormat;
import dev.novelkit.core.dataset.TrainingRecord;
import dev.novelkit.dataset.build.Sample;


/**
 * Sample ↔ one line of JSON in each {@link RecordFormat}, the layouts being {@link TrainingRecord}'s. Written
 * compactly on one line, non-ASCII characters as they are, but U+2028, U+2029 and U+0085 escaped since some line
 * readers split on them.
 */
public final class SampleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new LineSafeEscapes());
    }

    private SampleJson() {
    }

    /** The record as one line of JSON, without the line break. */
    public static String write(Sample s, RecordFormat format) {
        try {
            return JSON.writeValueAsString(TrainingRecord.create(format, s.system(), s.query(), s.response()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Parses one line of any layout; {@code where} ("file:line") names it in errors. Kind and origin unknown. */
    public static Sample read(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where, "malformed JSON: " + e.getOriginalMessage());
        }
        TrainingRecord record = TrainingRecord.parse(node, where);
        if (!record.has(TrainingRecord.Role.QUERY)) {
            throw new InvalidInputException(where, "no user turn before the assistant's: not a sample");
        }
        return new Sample(null, record.text(TrainingRecord.Role.QUERY), record.text(TrainingRecord.Role.RESPONSE),
                record.text(TrainingRecord.Role.SYSTEM), -1, "");
    }

    /** Checks that a line is one JSON object (for merging). */
    public static void checkObject(String line, String where) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(where, "expected a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static final class LineSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                case 0x85 -> new SerializedString("\\u0085");
                default -> null;
            };
        }
    }
}
