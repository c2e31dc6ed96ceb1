package dev.novelkit.llm.llama;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The tiny Qwen2 test model (9.8 M parameters, memorised Tang and Song poems) from the test resources. */
public final class TinyQwen {
    private TinyQwen() {
    }

    public static Path gguf() {
        try {
            return Path.of(TinyQwen.class.getResource("/tiny-qwen2/tiny-qwen2.gguf").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads it with a small context (512 tokens) and 2 threads. */
    public static LlamaChatModel load() {
        return LlamaChatModel.load(LlamaSettings.of(gguf()).contextSize(512).threads(2));
    }
}
