package dev.novelkit.examples;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.examples.bench.FakeOpenAiServer;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.llm.openai.OpenAiSettings;

import java.util.List;

/**
 * Streams one story opening from an OpenAI-compatible server configured by the environment
 * ({@code NOVELKIT_LLM_BASE_URL}/{@code _API_KEY}/{@code _MODEL}, {@code OPENAI_*} or {@code DASHSCOPE_API_KEY});
 * with nothing configured it starts a loopback {@link FakeOpenAiServer}, so it always runs offline.
 */
public final class ChatExample {
    public static void main(String[] args) {
        FakeOpenAiServer offline = null;
        OpenAiSettings settings;
        try {
            settings = OpenAiSettings.fromEnv();
        } catch (InvalidInputException noneConfigured) {
            System.out.println("No LLM configured (" + noneConfigured.problem() + ").");
            System.out.println("Running against a local fake server instead.");
            offline = FakeOpenAiServer.start(0, 0, 0,
                    messages -> "山脚下的小镇上，住着一个会修钟表的少年。这一天，一只不会走的怀表被送到了他的铺子里……");
            settings = new OpenAiSettings(offline.baseUrl(), null, FakeOpenAiServer.MODEL, "offline FakeOpenAiServer");
        }
        System.out.println("Settings: " + settings);

        try (OpenAiChatModel llm = settings.chatModel()) {
            GenerationOptions options = GenerationOptions.seedDefaults().maxTokens(256);
            List<ChatMessage> messages = List.of(ChatMessage.system(ChatModel.DEFAULT_SYSTEM),
                    ChatMessage.user("请写一个中文短篇故事的开头，不超过100字。"));
            ChatResponse answer = llm.stream(messages, options, System.out::print);
            System.out.println();
            System.out.println("finish: " + answer.finishReason() + ", usage: " + answer.usage() + ", model: " + answer.model());
        } finally {
            if (offline != null) {
                offline.close();
            }
        }
    }
}
