package dev.novelkit.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.novelkit.core.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One training record in any of the layouts ms-swift reads, and the one place that says what each layout holds:
 * query/response ({@code system}, {@code history} of [query, response] pairs), {@code messages} (role/content),
 * alpaca ({@code instruction}, {@code input}, {@code output}), sharegpt ({@code conversation} of human/assistant
 * pairs, or {@code conversations} of from/value turns). {@link #parse} recognises the layout and collects every text
 * field with its {@link Role}; a field's text can be rewritten in place ({@link Field#text(String)}) and the record
 * written back as it came. {@link #create} writes a single-turn sample in a chosen layout. Not thread-safe.
 */
public final class TrainingRecord {
    /** What a text field is for. */
    public enum Role {
        /** The system prompt. */
        SYSTEM,
        /** The prompt of the turn being learned (alpaca: instruction and input). */
        QUERY,
        /** The answer being learned: the last assistant turn. */
        RESPONSE,
        /** Earlier turns (history). */
        CONTEXT
    }

    /** A text field of the record, by its container and key or index. */
    public static final class Field {
        private final JsonNode container;
        private final String key;
        private final int index;
        private final Role role;
        private String text;

        private Field(JsonNode container, String key, int index, Role role, String text) {
            this.container = container;
            this.key = key;
            this.index = index;
            this.role = role;
            this.text = text;
        }

        public Role role() {
            return role;
        }

        public String text() {
            return text;
        }

        /** Replaces the text in the record. */
        public void text(String value) {
            this.text = Objects.requireNonNull(value, "value");
            if (key != null) {
                ((ObjectNode) container).put(key, value);
            } else {
                ((ArrayNode) container).set(index, TextNode.valueOf(value));
            }
        }
    }

    private static final Set<String> USERS = Set.of("human", "user");
    private static final Set<String> ASSISTANTS = Set.of("gpt", "assistant", "model", "chatgpt", "bot");

    private final ObjectNode root;
    private final RecordFormat format;
    private final List<Field> fields;

    private TrainingRecord(ObjectNode root, RecordFormat format, List<Field> fields) {
        this.root = root;
        this.format = format;
        this.fields = Collections.unmodifiableList(fields);
    }

    /** The record's JSON, with any rewritten texts. */
    public ObjectNode root() {
        return root;
    }

    /** The layout the record came in. */
    public RecordFormat format() {
        return format;
    }

    /** Every text field, in the record's order. */
    public List<Field> fields() {
        return fields;
    }

    /** The non-empty texts of the fields with this role, joined by line ends ("" when none). */
    public String text(Role role) {
        StringBuilder b = null;
        String single = "";
        for (Field f : fields) {
            if (f.role != role || f.text.isEmpty()) {
                continue;
            }
            if (b == null && single.isEmpty()) {
                single = f.text;
            } else {
                if (b == null) {
                    b = new StringBuilder(single);
                }
                b.append('\n').append(f.text);
            }
        }
        return b == null ? single : b.toString();
    }

    /** Whether the record has a field of this role (a query and a response: a sample that can be learned). */
    public boolean has(Role role) {
        for (Field f : fields) {
            if (f.role == role) {
                return true;
            }
        }
        return false;
    }

    /**
     * Recognises the layout of a parsed JSON line and collects its text fields.
     *
     * @param where names the record in errors ({@code file:line})
     * @throws InvalidInputException naming {@code where} and what is wrong: not an object, an unknown layout, a
     *                               missing or non-text field, a turn list without an assistant turn
     */
    public static TrainingRecord parse(JsonNode node, String where) {
        if (!(node instanceof ObjectNode root)) {
            throw bad(where, "not a JSON object");
        }
        List<Field> fields = new ArrayList<>();
        if (root.has("messages")) {
            optionalText(root, "system", Role.SYSTEM, fields, where);
            turns(root, "messages", "role", "content", Set.of("user"), Set.of("assistant"), fields, where);
            return new TrainingRecord(root, RecordFormat.MESSAGES, fields);
        }
        if (root.has("conversation")) {
            optionalText(root, "system", Role.SYSTEM, fields, where);
            pairs(root, fields, where);
            return new TrainingRecord(root, RecordFormat.SHAREGPT, fields);
        }
        if (root.has("conversations")) {
            optionalText(root, "system", Role.SYSTEM, fields, where);
            turns(root, "conversations", "from", "value", USERS, ASSISTANTS, fields, where);
            return new TrainingRecord(root, RecordFormat.SHAREGPT, fields);
        }
        if (root.has("instruction") || root.has("output")) {
            optionalText(root, "system", Role.SYSTEM, fields, where);
            requiredText(root, "instruction", Role.QUERY, fields, where);
            optionalText(root, "input", Role.QUERY, fields, where);
            requiredText(root, "output", Role.RESPONSE, fields, where);
            return new TrainingRecord(root, RecordFormat.ALPACA, fields);
        }
        if (root.has("query") || root.has("response")) {
            optionalText(root, "system", Role.SYSTEM, fields, where);
            history(root, fields, where);
            requiredText(root, "query", Role.QUERY, fields, where);
            requiredText(root, "response", Role.RESPONSE, fields, where);
            return new TrainingRecord(root, RecordFormat.SWIFT, fields);
        }
        throw bad(where, "not a training record: expected query/response, messages, instruction/output (alpaca) or "
                + "conversation(s) (sharegpt); found keys " + keys(root));
    }

    /** A single-turn sample in {@code format} ({@code system} "" for none). */
    public static ObjectNode create(RecordFormat format, String system, String query, String response) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        boolean hasSystem = !system.isEmpty();
        switch (format) {
            case SWIFT -> {
                if (hasSystem) {
                    o.put("system", system);
                }
                o.put("query", query);
                o.put("response", response);
            }
            case MESSAGES -> {
                ArrayNode messages = o.putArray("messages");
                if (hasSystem) {
                    messages.addObject().put("role", "system").put("content", system);
                }
                messages.addObject().put("role", "user").put("content", query);
                messages.addObject().put("role", "assistant").put("content", response);
            }
            case ALPACA -> {
                if (hasSystem) {
                    o.put("system", system);
                }
                o.put("instruction", query);
                o.put("input", "");
                o.put("output", response);
            }
            case SHAREGPT -> {
                if (hasSystem) {
                    o.put("system", system);
                }
                o.putArray("conversation").addObject().put("human", query).put("assistant", response);
            }
        }
        return o;
    }

    /** Where the sample's texts are in a CSV row: the column index of each, -1 for none. */
    public record CsvColumns(int system, int query, int input, int response, int width) {
        /**
         * Reads a header: {@code [system,]query,response} or {@code [system,]instruction[,input],output}, the
         * columns CSV datasets have ({@link RecordFormat#csvColumns}).
         */
        public static CsvColumns of(List<String> header, String where) {
            List<String> h = new ArrayList<>();
            for (String c : header) {
                h.add(c.strip());
            }
            if (!h.isEmpty() && h.get(0).startsWith("\uFEFF")) {
                h.set(0, h.get(0).substring(1));
            }
            int query = h.indexOf("query");
            int response = h.indexOf("response");
            int input = -1;
            if (query < 0 || response < 0) {
                query = h.indexOf("instruction");
                input = h.indexOf("input");
                response = h.indexOf("output");
            }
            if (query < 0 || response < 0) {
                throw bad(where, "the CSV header needs query,response or instruction,output columns; found " + h);
            }
            return new CsvColumns(h.indexOf("system"), query, input, response, h.size());
        }

        /** The query of a row: alpaca's instruction and, when not empty, its input on the next line. */
        public String query(List<String> row) {
            String q = row.get(query);
            return input >= 0 && !row.get(input).isEmpty() ? q + "\n" + row.get(input) : q;
        }

        public String response(List<String> row) {
            return row.get(response);
        }

        public String system(List<String> row) {
            return system >= 0 ? row.get(system) : "";
        }
    }

    private static List<String> keys(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static InvalidInputException bad(String where, String problem) {
        return new InvalidInputException(where, problem);
    }

    private static void requiredText(ObjectNode obj, String key, Role role, List<Field> out, String where) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            throw bad(where, "missing field \"" + key + "\"; found keys " + keys(obj));
        }
        if (!v.isTextual()) {
            throw bad(where, "field \"" + key + "\" is not a string");
        }
        out.add(new Field(obj, key, -1, role, v.textValue()));
    }

    private static void optionalText(ObjectNode obj, String key, Role role, List<Field> out, String where) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isTextual()) {
            throw bad(where, "field \"" + key + "\" is not a string");
        }
        out.add(new Field(obj, key, -1, role, v.textValue()));
    }

    private static void history(ObjectNode root, List<Field> out, String where) {
        JsonNode h = root.get("history");
        if (h == null || h.isNull()) {
            return;
        }
        if (!h.isArray()) {
            throw bad(where, "field \"history\" is not an array of [query, response] pairs");
        }
        for (int i = 0; i < h.size(); i++) {
            JsonNode pair = h.get(i);
            if (!pair.isArray()) {
                throw bad(where, "history[" + i + "] is not a [query, response] pair");
            }
            for (int j = 0; j < pair.size(); j++) {
                if (!pair.get(j).isTextual()) {
                    throw bad(where, "history[" + i + "][" + j + "] is not a string");
                }
                out.add(new Field(pair, null, j, Role.CONTEXT, pair.get(j).textValue()));
            }
        }
    }

    private static void pairs(ObjectNode root, List<Field> out, String where) {
        JsonNode conv = root.get("conversation");
        if (!conv.isArray() || conv.isEmpty()) {
            throw bad(where, "field \"conversation\" is not a non-empty array");
        }
        for (int i = 0; i < conv.size(); i++) {
            if (!(conv.get(i) instanceof ObjectNode turn)) {
                throw bad(where, "conversation[" + i + "] is not an object");
            }
            boolean last = i == conv.size() - 1;
            turnText(turn, "human", "conversation[" + i + "]", last ? Role.QUERY : Role.CONTEXT, out, where);
            turnText(turn, "assistant", "conversation[" + i + "]", last ? Role.RESPONSE : Role.CONTEXT, out, where);
        }
    }

    private static void turnText(ObjectNode turn, String key, String at, Role role, List<Field> out, String where) {
        JsonNode v = turn.get(key);
        if (v == null || !v.isTextual()) {
            throw bad(where, at + "." + key + " is missing or not a string");
        }
        out.add(new Field(turn, key, -1, role, v.textValue()));
    }

    /**
     * Turn lists: the last assistant turn is the response, the last user turn before it the query, a system turn
     * the system prompt, the rest context; a turn without text (an assistant tool call) is skipped.
     */
    private static void turns(ObjectNode root, String key, String roleKey, String textKey, Set<String> users,
                              Set<String> assistants, List<Field> out, String where) {
        JsonNode list = root.get(key);
        if (!list.isArray() || list.isEmpty()) {
            throw bad(where, "field \"" + key + "\" is not a non-empty array");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode turn = list.get(i);
            if (!(turn instanceof ObjectNode)) {
                throw bad(where, key + "[" + i + "] is not an object");
            }
            JsonNode r = turn.get(roleKey);
            if (r == null || !r.isTextual()) {
                throw bad(where, key + "[" + i + "]." + roleKey + " is missing or not a string");
            }
        }
        int response = -1;
        for (int i = list.size() - 1; i >= 0 && response < 0; i--) {
            if (assistants.contains(list.get(i).get(roleKey).textValue())) {
                response = i;
            }
        }
        if (response < 0) {
            throw bad(where, "\"" + key + "\" has no assistant turn");
        }
        int query = -1;
        for (int i = response - 1; i >= 0 && query < 0; i--) {
            if (users.contains(list.get(i).get(roleKey).textValue())) {
                query = i;
            }
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode turn = list.get(i);
            JsonNode text = turn.get(textKey);
            if (text == null || text.isNull()) {
                continue;
            }
            if (!text.isTextual()) {
                throw bad(where, key + "[" + i + "]." + textKey + " is not a string");
            }
            Role role = i == response ? Role.RESPONSE : i == query ? Role.QUERY
                    : "system".equals(turn.get(roleKey).textValue()) ? Role.SYSTEM : Role.CONTEXT;
            out.add(new Field(turn, textKey, -1, role, text.textValue()));
        }
    }
}
