package dev.novelkit.dataset.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.llm.TokenCounter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts tokens exactly as Qwen models do, with the model's own {@code tokenizer.json} run by the HuggingFace
 * tokenizers library (through DJL, whose native library ships inside its jar: no download, no network).
 *
 * <p>Special tokens are not added, nothing is truncated or padded: {@code count("天下大势,分久必合,合久必分。")} is 14.
 * Thread-safe; close it to free the native tokenizer. Loading sets the system property {@code OPT_OUT_TRACKING=true}
 * (unless it or the environment variable is already set) so that DJL does not probe the EC2 metadata endpoint.
 */
public final class QwenTokenizer implements TokenCounter, AutoCloseable {
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false",
            "withOverflowingTokens", "false");
    private static final int BATCH = 1024;

    private final HuggingFaceTokenizer tokenizer;
    private final Path source;

    private QwenTokenizer(HuggingFaceTokenizer tokenizer, Path source) {
        this.tokenizer = tokenizer;
        this.source = source;
    }

    /**
     * Loads the tokenizer from a {@code tokenizer.json} file or from a model folder that contains one.
     *
     * @throws InvalidInputException when the path is missing, unreadable, or not a HuggingFace tokenizer file
     */
    public static QwenTokenizer load(Path path) {
        Objects.requireNonNull(path, "path");
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.exists(file)) {
            throw new InvalidInputException(path.toString(), Files.isDirectory(path)
                    ? "folder has no tokenizer.json" : "no such tokenizer file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException(file.toString(), "not a readable file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new InvalidInputException(file.toString(), "empty file, not a tokenizer.json");
            }
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        optOutOfTelemetry();
        try {
            return new QwenTokenizer(HuggingFaceTokenizer.newInstance(file, OPTIONS), file);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            if (isNativeLoadFailure(e)) {
                throw new NovelKitException("cannot load the HuggingFace tokenizers native library: " + e.getMessage(), e);
            }
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            throw new InvalidInputException(file.toString(), "not a HuggingFace tokenizer.json (" + detail + ")", e);
        }
    }

    /** The {@code tokenizer.json} this tokenizer was loaded from. */
    public Path source() {
        return source;
    }

    /** The number of tokens in {@code text} (no special tokens added; special-token text inside is one token). */
    @Override
    public int count(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return 0;
        }
        long handle = handle();
        long encoding = TokenizersLibrary.LIB.encode(handle, text, false);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding).length;
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /**
     * Counts the tokens of many texts in one native batch call (the native side encodes them in parallel); the
     * result is in the order of {@code texts}.
     */
    public int[] countAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        int[] counts = new int[texts.size()];
        long handle = handle();
        for (int from = 0; from < texts.size(); from += BATCH) {
            int to = Math.min(texts.size(), from + BATCH);
            String[] chunk = new String[to - from];
            for (int i = from; i < to; i++) {
                chunk[i - from] = Objects.requireNonNull(texts.get(i), "texts contains null");
            }
            long[] encodings = TokenizersLibrary.LIB.batchEncode(handle, chunk, false);
            for (int i = 0; i < encodings.length; i++) {
                try {
                    counts[from + i] = TokenizersLibrary.LIB.getTokenIds(encodings[i]).length;
                } finally {
                    TokenizersLibrary.LIB.deleteEncoding(encodings[i]);
                }
            }
        }
        return counts;
    }

    /** The token ids of {@code text} (no special tokens added), mainly for checks and debugging. */
    public long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "QwenTokenizer[" + source + "]";
    }

    private long handle() {
        Long handle = tokenizer.getHandle();
        if (handle == null) {
            throw new IllegalStateException("QwenTokenizer is closed: " + source);
        }
        return handle;
    }

    private static void optOutOfTelemetry() {
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private static boolean isNativeLoadFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsatisfiedLinkError || t.getClass().getName().equals("ai.djl.engine.EngineException")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
