package dev.novelkit.llm.llama;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;

import java.util.List;
import java.util.Objects;

/**
 * The ChatML prompt format of Qwen2-Instruct, rendered exactly as the chat template shipped in Qwen2 GGUF files:
 * {@code <|im_start|>role\ncontent<|im_end|>\n} per message, a default system message
 * ("You are a helpful assistant.") when the first message is not one, and {@code <|im_start|>assistant\n} to ask
 * for the answer.
 */
public final class ChatMl {
    /** Opens a turn. */
    public static final String IM_START = "<|im_start|>";
    /** Ends a turn; Qwen2 models emit it when their answer is complete. */
    public static final String IM_END = "<|im_end|>";
    /** Qwen's end-of-document token, also an end of generation. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    private static final List<String> CONTROL_TOKENS = List.of(IM_START, IM_END, END_OF_TEXT);

    private ChatMl() {
    }

    /**
     * The prompt for {@code messages}, ending with the assistant header so the model writes the next turn.
     *
     * @throws InvalidInputException if there are no messages or a message contains a ChatML control token (it
     *                               would be read as a turn boundary, not as text)
     */
    public static String render(List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new InvalidInputException("messages", "there must be at least one message");
        }
        StringBuilder prompt = new StringBuilder(256);
        if (messages.get(0).role() != ChatMessage.Role.SYSTEM) {
            turn(prompt, ChatMessage.Role.SYSTEM.wireName(), ChatModel.DEFAULT_SYSTEM);
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = Objects.requireNonNull(messages.get(i), "messages[" + i + "]");
            for (String token : CONTROL_TOKENS) {
                if (m.content().contains(token)) {
                    throw new InvalidInputException("message " + (i + 1) + " (" + m.role().wireName() + ")",
                            "contains the ChatML control token " + token);
                }
            }
            turn(prompt, m.role().wireName(), m.content());
        }
        return prompt.append(IM_START).append("assistant\n").toString();
    }

    private static void turn(StringBuilder prompt, String role, String content) {
        prompt.append(IM_START).append(role).append('\n').append(content).append(IM_END).append('\n');
    }
}
