package dev.novelkit.dataset.io.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.dataset.build.Sample;
import dev.novelkit.dataset.io.RecordFormat;

import java.util.List;

/**
 * Sample ↔ one JSON object in each {@link RecordFormat}. Written compactly on one line, non-ASCII characters as
 * they are, but U+2028, U+2029 and U+0085 escaped since some line readers split on them.
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
        ObjectNode o = JSON.createObjectNode();
        switch (format) {
            case SWIFT -> {
                if (s.hasSystem()) {
                    o.put("system", s.system());
                }
                o.put("query", s.query());
                o.put("response", s.response());
            }
            case MESSAGES -> {
                ArrayNode messages = o.putArray("messages");
                if (s.hasSystem()) {
                    messages.addObject().put("role", "system").put("content", s.system());
                }
                messages.addObject().put("role", "user").put("content", s.query());
                messages.addObject().put("role", "assistant").put("content", s.response());
            }
            case ALPACA -> {
                if (s.hasSystem()) {
                    o.put("system", s.system());
                }
                o.put("instruction", s.query());
                o.put("input", "");
                o.put("output", s.response());
            }
            case SHAREGPT -> {
                if (s.hasSystem()) {
                    o.put("system", s.system());
                }
                o.putArray("conversation").addObject().put("human", s.query()).put("assistant", s.response());
            }
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Parses one line of any format; {@code where} ("file:line") names it in errors. Kind and origin unknown. */
    public static Sample read(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(where, "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        String system = text(node, "system", where);
        if (node.has("messages")) {
            return fromMessages(node.get("messages"), where);
        }
        if (node.has("conversation") || node.has("conversations")) {
            JsonNode conv = node.has("conversation") ? node.get("conversation") : node.get("conversations");
            return fromConversation(conv, system, where);
        }
        if (node.has("instruction") || node.has("output")) {
            String instruction = required(node, "instruction", where);
            String input = text(node, "input", where);
            String query = input.isEmpty() ? instruction : instruction + "\n" + input;
            return new Sample(null, query, required(node, "output", where), system, -1, "");
        }
        if (node.has("query") || node.has("response")) {
            return new Sample(null, required(node, "query", where), required(node, "response", where), system, -1, "");
        }
        throw new InvalidInputException(where, "not a sample: expected query/response, messages, "
                + "instruction/output or conversation fields");
    }

    private static Sample fromMessages(JsonNode messages, String where) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InvalidInputException(where, "\"messages\" must be a non-empty array");
        }
        String system = "";
        String user = null;
        String assistant = null;
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            JsonNode content = m.get("content");
            if (content == null || !content.isTextual()) {
                throw new InvalidInputException(where, "a message without text \"content\"");
            }
            switch (role) {
                case "system" -> system = content.asText();
                case "user" -> user = content.asText();
                case "assistant" -> assistant = content.asText();
                default -> throw new InvalidInputException(where, "unknown message role \"" + role + "\"");
            }
        }
        if (user == null || assistant == null) {
            throw new InvalidInputException(where, "\"messages\" needs a user and an assistant message");
        }
        // With several turns, the last user and assistant messages are the sample.
        return new Sample(null, user, assistant, system, -1, "");
    }

    private static Sample fromConversation(JsonNode conv, String system, String where) {
        if (!conv.isArray() || conv.isEmpty()) {
            throw new InvalidInputException(where, "\"conversation\" must be a non-empty array");
        }
        JsonNode last = conv.get(conv.size() - 1);
        if (last.has("human") || last.has("assistant")) {
            return new Sample(null, required(last, "human", where), required(last, "assistant", where), system, -1, "");
        }
        // The {"from": "human"|"gpt", "value": ...} variant.
        String user = null;
        String assistant = null;
        for (JsonNode m : conv) {
            String from = m.path("from").asText("");
            String value = m.path("value").asText(null);
            if (value == null) {
                throw new InvalidInputException(where, "a conversation turn without \"value\"");
            }
            switch (from) {
                case "human", "user" -> user = value;
                case "gpt", "assistant" -> assistant = value;
                case "system" -> system = value;
                default -> throw new InvalidInputException(where, "unknown conversation role \"" + from + "\"");
            }
        }
        if (user == null || assistant == null) {
            throw new InvalidInputException(where, "the conversation needs a human and an assistant turn");
        }
        return new Sample(null, user, assistant, system, -1, "");
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException(where, "missing field \"" + field + "\"");
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(where, "field \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(where, "field \"" + field + "\" must be a string");
        }
        return v.asText();
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

    /** CSV columns of a format: alpaca's names for alpaca, query/response otherwise. */
    public static List<String> csvColumns(RecordFormat format, boolean system) {
        List<String> body = format == RecordFormat.ALPACA ? List.of("instruction", "input", "output")
                : List.of("query", "response");
        if (!system) {
            return body;
        }
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        all.add("system");
        all.addAll(body);
        return all;
    }

    /** A sample's CSV fields in {@link #csvColumns} order. */
    public static List<String> csvFields(Sample s, RecordFormat format, boolean system) {
        List<String> body = format == RecordFormat.ALPACA ? List.of(s.query(), "", s.response())
                : List.of(s.query(), s.response());
        if (!system) {
            return body;
        }
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        all.add(s.system());
        all.addAll(body);
        return all;
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
