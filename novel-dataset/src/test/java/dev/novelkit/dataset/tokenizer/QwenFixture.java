package dev.novelkit.dataset.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/** The real Qwen tokenizer of the test resources ({@code qwen-tokenizer/tokenizer.json.gz}), unpacked for tests. */
public final class QwenFixture {
    private static QwenTokenizer shared;

    private QwenFixture() {
    }

    /** Unpacks {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir} (a model folder). */
    public static Path unpackTo(Path dir) {
        try {
            Files.createDirectories(dir);
            try (InputStream in = new GZIPInputStream(resource("qwen-tokenizer/tokenizer.json.gz"), 1 << 16)) {
                Files.copy(in, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            try (InputStream in = resource("qwen-tokenizer/tokenizer_config.json")) {
                Files.copy(in, dir.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One tokenizer for the whole test JVM, unpacked into a temporary folder deleted at exit. */
    public static synchronized QwenTokenizer shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("qwen-tokenizer");
                unpackTo(dir);
                shared = QwenTokenizer.load(dir);
                dir.toFile().deleteOnExit();
                dir.resolve("tokenizer.json").toFile().deleteOnExit();
                dir.resolve("tokenizer_config.json").toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = QwenFixture.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("test resource missing: " + name);
        }
        return in;
    }
}
