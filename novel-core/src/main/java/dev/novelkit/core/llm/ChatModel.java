package dev.novelkit.core.llm;

import dev.novelkit.core.Backend;
import dev.novelkit.core.remote.RemoteService;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A chat-completion backend: an OpenAI-compatible server (swift deploy, vLLM, DashScope, Ollama), a local GGUF
 * model, or anything else that turns messages into text. Implementations are thread-safe.
 */
public interface ChatModel extends Backend, AutoCloseable {
    /** A short backend name for errors and reports, such as "openai" or "llama". */
    @Override
    String name();

    /**
     * What decides this backend's answers besides the messages and options: the backend, and where it applies the
     * server and the model as the server names it ({@code "openai http://localhost:8000/v1 qwen2-7b-instruct"}).
     * Used to key caches of answers (the dataset journal), so two backends that may answer differently must not
     * share one. It may ask the server (model discovery). The default is {@link #name()}.
     */
    @Override
    default String identity() {
        return name();
    }

    /** Sends the messages and waits for the whole answer. */
    ChatResponse chat(List<ChatMessage> messages, GenerationOptions options);

    /** Streams the answer. The default calls {@link #chat} and delivers the text in one piece. */
    default ChatStream stream(List<ChatMessage> messages, GenerationOptions options) {
        return ChatStream.of(chat(messages, options));
    }

    /** Streams the answer to {@code onText} piece by piece and returns the complete response. */
    default ChatResponse stream(List<ChatMessage> messages, GenerationOptions options, Consumer<String> onText) {
        try (ChatStream stream = stream(messages, options)) {
            for (String piece : stream) {
                onText.accept(piece);
            }
            return stream.response();
        }
    }

    /** The seed's message shape: system "You are a helpful assistant.", then {@code user}. */
    default ChatResponse chat(String user, GenerationOptions options) {
        return chat(List.of(ChatMessage.system(DEFAULT_SYSTEM), ChatMessage.user(user)), options);
    }

    /** The token usage summed over every call so far (zero where the backend does not count). */
    default TokenUsage totalUsage() {
        return TokenUsage.ZERO;
    }

    /** The remote service this model calls (its limits and activity), or empty for local models. */
    default Optional<RemoteService> remoteService() {
        return Optional.empty();
    }

    /** Frees connections, processes or native memory. */
    @Override
    default void close() {
    }

    /** The system message the seed and Qwen2-Instruct use. */
    String DEFAULT_SYSTEM = "You are a helpful assistant.";
}
