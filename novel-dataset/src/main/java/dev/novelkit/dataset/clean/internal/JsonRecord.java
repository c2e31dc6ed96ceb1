package dev.novelkit.dataset.clean.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One training record read from a JSONL line, in whichever of swift's record formats it came: query/response
 * (with optional system and history), {@code messages}, alpaca, or sharegpt ({@code conversation} of
 * human/assistant pairs, or {@code conversations} of from/value turns). Its text fields can be rewritten in place
 * and the record written back in the same format.
 */
public final class JsonRecord {
    /** What a text field is for: the prompt, the answer being learned, or the rest (system, earlier turns). */
    public enum Role { QUERY, RESPONSE, CONTEXT }

    /** A text field of the record, by its container and key or index. */
    public static final class Field {
        private final JsonNode container;
        private final String key;
        private final int index;
        private final Role role;
        private String text;

        Field(JsonNode container, String key, int index, Role role, String text) {
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
            this.text = value;
            if (key != null) {
                ((ObjectNode) container).put(key, value);
            } else {
                ((ArrayNode) container).set(index, TextNode.valueOf(value));
            }
        }
    }

    /** A line that is JSON but not a record this cleaner understands. */
    public static final class BadRecord extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecord(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> SHAREGPT_USER = Set.of("human", "user");
    private static final Set<String> SHAREGPT_ASSISTANT = Set.of("gpt", "assistant", "model", "chatgpt", "bot");

    private final ObjectNode root;
    private final String format;
    private final List<Field> fields;

    private JsonRecord(ObjectNode root, String format, List<Field> fields) {
        this.root = root;
        this.format = format;
        this.fields = fields;
    }

    public ObjectNode root() {
        return root;
    }

    /** {@code swift}, {@code messages}, {@code alpaca} or {@code sharegpt}. */
    public String format() {
        return format;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The text of the fields with this role, joined by line ends. */
    public String text(Role role) {
        StringBuilder b = null;
        String single = "";
        for (Field f : fields) {
            if (f.role != role) {
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

    /** Detects the format of a parsed JSON line and collects its text fields. */
    public static JsonRecord of(JsonNode node) throws BadRecord {
        if (!(node instanceof ObjectNode)) {
            throw new BadRecord("not a JSON object");
        }
        ObjectNode root = (ObjectNode) node;
        List<Field> fields = new ArrayList<>();
        if (root.has("messages")) {
            optionalText(root, "system", Role.CONTEXT, fields);
            turns(root, "messages", "role", "content", Set.of("user"), Set.of("assistant"), fields);
            return new JsonRecord(root, "messages", fields);
        }
        if (root.has("conversation")) {
            optionalText(root, "system", Role.CONTEXT, fields);
            pairs(root, fields);
            return new JsonRecord(root, "sharegpt", fields);
        }
        if (root.has("conversations")) {
            optionalText(root, "system", Role.CONTEXT, fields);
            turns(root, "conversations", "from", "value", SHAREGPT_USER, SHAREGPT_ASSISTANT, fields);
            return new JsonRecord(root, "sharegpt", fields);
        }
        if (root.has("instruction") || root.has("output")) {
            optionalText(root, "system", Role.CONTEXT, fields);
            requiredText(root, "instruction", Role.QUERY, fields);
            optionalText(root, "input", Role.QUERY, fields);
            requiredText(root, "output", Role.RESPONSE, fields);
            return new JsonRecord(root, "alpaca", fields);
        }
        if (root.has("query") || root.has("response")) {
            optionalText(root, "system", Role.CONTEXT, fields);
            history(root, fields);
            requiredText(root, "query", Role.QUERY, fields);
            requiredText(root, "response", Role.RESPONSE, fields);
            return new JsonRecord(root, "swift", fields);
        }
        throw new BadRecord("unknown record format: expected query/response, messages, instruction/output, "
                + "conversation or conversations");
    }

    private static void requiredText(ObjectNode obj, String key, Role role, List<Field> out) throws BadRecord {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            throw new BadRecord("missing field '" + key + "'");
        }
        if (!v.isTextual()) {
            throw new BadRecord("field '" + key + "' is not a string");
        }
        out.add(new Field(obj, key, -1, role, v.textValue()));
    }

    private static void optionalText(ObjectNode obj, String key, Role role, List<Field> out) throws BadRecord {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isTextual()) {
            throw new BadRecord("field '" + key + "' is not a string");
        }
        out.add(new Field(obj, key, -1, role, v.textValue()));
    }

    private static void history(ObjectNode root, List<Field> out) throws BadRecord {
        JsonNode h = root.get("history");
        if (h == null || h.isNull()) {
            return;
        }
        if (!h.isArray()) {
            throw new BadRecord("field 'history' is not an array of [query, response] pairs");
        }
        for (int i = 0; i < h.size(); i++) {
            JsonNode pair = h.get(i);
            if (!pair.isArray()) {
                throw new BadRecord("history[" + i + "] is not a [query, response] pair");
            }
            for (int j = 0; j < pair.size(); j++) {
                if (!pair.get(j).isTextual()) {
                    throw new BadRecord("history[" + i + "][" + j + "] is not a string");
                }
                out.add(new Field(pair, null, j, Role.CONTEXT, pair.get(j).textValue()));
            }
        }
    }

    private static void pairs(ObjectNode root, List<Field> out) throws BadRecord {
        JsonNode conv = root.get("conversation");
        if (!conv.isArray() || conv.isEmpty()) {
            throw new BadRecord("field 'conversation' is not a non-empty array");
        }
        for (int i = 0; i < conv.size(); i++) {
            JsonNode turn = conv.get(i);
            if (!(turn instanceof ObjectNode)) {
                throw new BadRecord("conversation[" + i + "] is not an object");
            }
            boolean last = i == conv.size() - 1;
            requiredTurnText((ObjectNode) turn, "human", "conversation[" + i + "]", last ? Role.QUERY : Role.CONTEXT, out);
            requiredTurnText((ObjectNode) turn, "assistant", "conversation[" + i + "]", last ? Role.RESPONSE : Role.CONTEXT, out);
        }
    }

    private static void requiredTurnText(ObjectNode turn, String key, String where, Role role, List<Field> out)
            throws BadRecord {
        JsonNode v = turn.get(key);
        if (v == null || !v.isTextual()) {
            throw new BadRecord(where + "." + key + " is missing or not a string");
        }
        out.add(new Field(turn, key, -1, role, v.textValue()));
    }

    /** Turn lists: the last assistant turn is the response, the last user turn before it the query. */
    private static void turns(ObjectNode root, String key, String roleKey, String textKey, Set<String> users,
                              Set<String> assistants, List<Field> out) throws BadRecord {
        JsonNode list = root.get(key);
        if (!list.isArray() || list.isEmpty()) {
            throw new BadRecord("field '" + key + "' is not a non-empty array");
        }
        int response = -1;
        for (int i = list.size() - 1; i >= 0 && response < 0; i--) {
            JsonNode r = list.get(i).get(roleKey);
            if (r != null && r.isTextual() && assistants.contains(r.textValue())) {
                response = i;
            }
        }
        if (response < 0) {
            throw new BadRecord("'" + key + "' has no assistant turn");
        }
        int query = -1;
        for (int i = response - 1; i >= 0 && query < 0; i--) {
            JsonNode r = list.get(i).get(roleKey);
            if (r != null && r.isTextual() && users.contains(r.textValue())) {
                query = i;
            }
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode turn = list.get(i);
            String where = key + "[" + i + "]";
            if (!(turn instanceof ObjectNode)) {
                throw new BadRecord(where + " is not an object");
            }
            JsonNode r = turn.get(roleKey);
            if (r == null || !r.isTextual()) {
                throw new BadRecord(where + "." + roleKey + " is missing or not a string");
            }
            JsonNode text = turn.get(textKey);
            if (text == null || text.isNull()) {
                continue; // e.g. an assistant tool call without content
            }
            if (!text.isTextual()) {
                throw new BadRecord(where + "." + textKey + " is not a string");
            }
            Role role = i == response ? Role.RESPONSE : i == query ? Role.QUERY : Role.CONTEXT;
            out.add(new Field(turn, textKey, -1, role, text.textValue()));
        }
    }
}
