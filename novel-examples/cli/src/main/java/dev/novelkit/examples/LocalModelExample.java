package dev.novelkit.examples;

import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.llm.llama.LlamaChatModel;
import dev.novelkit.llm.llama.LlamaSettings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The local GGUF backend on its own: the ChatML prompt it sends and its token count, a greedy answer (the tiny
 * test model recites 春眠不觉晓，处处闻啼鸟。), and a stream cancelled after five pieces.
 */
public final class LocalModelExample {
    public static void main(String[] args) {
        Path gguf = TinyGguf.locate(args);
        try (LlamaChatModel llm = LlamaChatModel.load(LlamaSettings.of(gguf).contextSize(512))) {
            List<ChatMessage> messages = List.of(ChatMessage.user("请写一句诗:春晓"));
            String prompt = llm.prompt(messages);
            System.out.println("prompt (" + llm.encode(prompt).length + " tokens):\n" + prompt);
            System.out.println("tokens of 天下大势: " + Arrays.toString(llm.encode("天下大势")));

            ChatResponse greedy = llm.chat(messages, GenerationOptions.defaults().doSample(false).maxTokens(64));
            System.out.println("greedy: " + greedy.text() + "  (" + greedy.finishReason() + ", " + greedy.usage() + ")");

            try (ChatStream stream = llm.stream(List.of(ChatMessage.user("你好")), GenerationOptions.seedDefaults().seed(7))) {
                int pieces = 0;
                for (String piece : stream) {
                    System.out.print(piece + "|");
                    if (++pieces == 5) {
                        break;
                    }
                }
                stream.close();
                System.out.println("\ncancelled: " + stream.response().finishReason() + ", " + stream.response().usage());
            }
            System.out.println("total usage: " + llm.totalUsage());
        }
        System.exit(0); // java-llama.cpp leaves a non-daemon native thread behind
    }
}
