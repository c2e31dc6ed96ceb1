package dev.novelkit.llm.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;

import okhttp3.Request;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI chat-completions wire format: request bodies from messages and {@link GenerationOptions}, and the
 * pieces of answers (plain completions and streamed chunks). Pure functions, no I/O. Not public API.
 */
public final class OpenAiJson {
    /** Shared, thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiJson() {
    }

    /**
     * The body of {@code POST /chat/completions}. {@code extraBody} goes in first, so per-call options override it;
     * {@code model}, {@code messages} and {@code stream} are always ours. Unset options are left out. top_k and
     * repetition_penalty are extra fields (vLLM, swift, DashScope accept them); do_sample=false means temperature 0.
     */
    public static ObjectNode requestBody(String model, List<ChatMessage> messages, GenerationOptions options,
                                         Map<String, Object> extraBody, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode list = body.putArray("messages");
        for (ChatMessage m : messages) {
            list.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        extraBody.forEach((k, v) -> {
            if (!k.equals("model") && !k.equals("messages") && !k.equals("stream")) {
                body.set(k, MAPPER.valueToTree(v));
            }
        });
        options.temperature().ifPresent(t -> body.put("temperature", t));
        if (options.doSample().isPresent() && !options.doSample().get()) {
            body.put("temperature", 0.0);
        }
        options.topP().ifPresent(p -> body.put("top_p", p));
        options.maxTokens().ifPresent(n -> body.put("max_tokens", n));
        options.seed().ifPresent(s -> body.put("seed", s));
        if (!options.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            options.stop().forEach(stop::add);
        }
        options.topK().ifPresent(k -> body.put("top_k", k));
        options.repetitionPenalty().ifPresent(r -> body.put("repetition_penalty", r));
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        return body;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a JSON tree", e);
        }
    }

    /** The {@code error} member if the answer carries a non-null one, else null. */
    public static JsonNode error(JsonNode answer) {
        JsonNode error = answer.get("error");
        return error == null || error.isNull() ? null : error;
    }

    /** {@code choices[0]} or null when {@code choices} is missing, not an array, or empty. */
    public static JsonNode firstChoice(JsonNode answer) {
        JsonNode choices = answer.get("choices");
        return choices != null && choices.isArray() && !choices.isEmpty() ? choices.get(0) : null;
    }

    /** The text of a message or delta {@code content}: a string, null, or an array of {@code {type:text, text}} parts. */
    public static String content(JsonNode holder) {
        JsonNode content = holder == null ? null : holder.get("content");
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                sb.append(part.isTextual() ? part.asText() : part.path("text").asText(""));
            }
            return sb.toString();
        }
        return content.asText("");
    }

    /** {@code finish_reason} of a choice, null when absent. */
    public static String finishReason(JsonNode choice) {
        JsonNode reason = choice == null ? null : choice.get("finish_reason");
        return reason == null || reason.isNull() ? null : reason.asText();
    }

    /** {@code usage} as counts, null when the answer has none. */
    public static TokenUsage usage(JsonNode answer) {
        JsonNode usage = answer.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new TokenUsage(Math.max(0, usage.path("prompt_tokens").asLong(0)),
                Math.max(0, usage.path("completion_tokens").asLong(0)));
    }

    /**
     * Parses a complete (not streamed) chat completion. Not JSON, no {@code choices} → a retriable malformed-answer
     * error; an {@code error} object → {@link OpenAiErrors#errorObject}. Empty content (for example with
     * finish_reason length) is a valid answer.
     */
    public static ChatResponse completion(byte[] body, Request request, String fallbackModel, OpenAiErrors errors) {
        JsonNode answer = tree(body, request, errors);
        JsonNode error = error(answer);
        if (error != null) {
            throw errors.errorObject(error, request);
        }
        JsonNode choice = firstChoice(answer);
        if (choice == null) {
            throw errors.malformed(request, "no choices in the answer", new String(body, StandardCharsets.UTF_8), null);
        }
        TokenUsage usage = usage(answer);
        return new ChatResponse(content(choice.get("message")), usage,
                FinishReason.fromWire(finishReason(choice)), model(answer, fallbackModel));
    }

    /** Parses a JSON object, or throws the retriable malformed-answer error naming what the server sent. */
    public static JsonNode tree(byte[] body, Request request, OpenAiErrors errors) {
        String text = new String(body, StandardCharsets.UTF_8);
        return tree(text, request, errors);
    }

    public static JsonNode tree(String text, Request request, OpenAiErrors errors) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw errors.malformed(request, "not valid JSON (" + e.getOriginalMessage() + ")", text, e);
        }
        if (node == null || !node.isObject()) {
            throw errors.malformed(request, text.isBlank() ? "empty body" : "not a JSON object", text, null);
        }
        return node;
    }

    /** {@code model} of an answer, or {@code fallback}. */
    public static String model(JsonNode answer, String fallback) {
        JsonNode model = answer.get("model");
        return model != null && model.isTextual() && !model.asText().isBlank() ? model.asText() : fallback;
    }
}
