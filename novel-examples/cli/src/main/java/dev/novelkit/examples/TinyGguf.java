package dev.novelkit.examples;

import dev.novelkit.core.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a GGUF model for the local-model examples and benchmarks: the first program argument, else
 * {@code $NOVELKIT_GGUF}, else the tiny Qwen2 test model in a NovelKit checkout (run from its root or a module).
 */
public final class TinyGguf {
    /** The environment variable naming a GGUF file. */
    public static final String ENV = "NOVELKIT_GGUF";

    private static final List<Path> CHECKOUT_COPIES = List.of(
            Path.of("novel-llm/src/test/resources/tiny-qwen2/tiny-qwen2.gguf"),
            Path.of("../novel-llm/src/test/resources/tiny-qwen2/tiny-qwen2.gguf"),
            Path.of("../../novel-llm/src/test/resources/tiny-qwen2/tiny-qwen2.gguf"));

    private TinyGguf() {
    }

    /** {@code args[0]} if given, else {@code $NOVELKIT_GGUF}, else the checkout's tiny model. */
    public static Path locate(String[] args) {
        if (args.length > 0 && !args[0].isBlank()) {
            return Path.of(args[0]);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env.strip());
        }
        for (Path candidate : CHECKOUT_COPIES) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new InvalidInputException("GGUF model", "none given: pass a .gguf path as the first argument, set "
                + ENV + ", or run from a NovelKit checkout (which has the tiny test model)");
    }
}
