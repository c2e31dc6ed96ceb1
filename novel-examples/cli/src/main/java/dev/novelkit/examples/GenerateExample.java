package dev.novelkit.examples;

import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.llm.generate.LongFormOptions;
import dev.novelkit.llm.generate.QwenGenerator;
import dev.novelkit.llm.generate.Story;
import dev.novelkit.llm.llama.LlamaChatModel;
import dev.novelkit.llm.llama.LlamaSettings;

import java.nio.file.Path;

/**
 * Writes with QwenGenerator over a local GGUF model: one streamed story from a brief, then a two-chapter story
 * rolling the continuation prompt, within 200 characters. Runs offline on the tiny test model (first argument,
 * {@code $NOVELKIT_GGUF}, or the checkout's copy); its verse is gibberish by design, a fine-tuned Qwen2 GGUF writes
 * prose.
 */
public final class GenerateExample {
    public static void main(String[] args) {
        Path gguf = TinyGguf.locate(args);
        try (LlamaChatModel llm = LlamaChatModel.load(LlamaSettings.of(gguf).contextSize(2048))) {
            QwenGenerator writer = QwenGenerator.of(llm).seed(42).maxTokens(200);

            System.out.println("# expandBrief, streamed:");
            ChatResponse answer = writer.expandBrief("渡口的老船夫在暴雨夜等一个不会回来的人。", System.out::print);
            System.out.println();
            System.out.println("(" + answer.finishReason() + ", " + answer.usage() + ")");

            System.out.println("\n# writeStory, 2 chapters, at most 200 characters:");
            Story story = writer.writeStory("渡口的灯火", 2, LongFormOptions.defaults().maxChars(200)
                    .onText(System.out::print));
            System.out.println();
            System.out.println("(" + story.end() + ", " + story.chapters().size() + " chapters, " + story.length()
                    + " chars, " + story.usage() + ")");
        }
        System.exit(0); // java-llama.cpp leaves a non-daemon native thread behind
    }
}
