package dev.novelkit.llm.llama;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenCounter;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.llm.llama.internal.GgufFiles;
import dev.novelkit.llm.llama.internal.LlamaChatStream;
import dev.novelkit.llm.llama.internal.LlamaNative;
import dev.novelkit.llm.llama.internal.LlamaRequests;
import dev.novelkit.llm.llama.internal.NativeTokenizer;
import dev.novelkit.llm.llama.internal.PromptTokens;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ChatModel} running a Qwen2 GGUF file in-process with llama.cpp (java-llama.cpp, CPU natives bundled).
 *
 * <p>It renders the messages with Qwen2's ChatML template itself ({@link ChatMl}), maps the sampling options
 * (see {@link LlamaRequests#completion}), streams tokens as they are sampled, stops at {@code <|im_end|>} (never
 * part of the text), cancels when a stream is closed, and counts tokens: prompt tokens with llama.cpp's own
 * tokenizer (split at the ChatML control tokens, see {@link PromptTokens}; the ids are what is sent), completion
 * tokens as they stream.
 *
 * <p>Thread-safety: llama.cpp's context is not re-entrant, so generations run one at a time. {@link #stream}
 * takes the model until the stream ends or is closed; other threads calling {@code chat} or {@code stream}
 * meanwhile wait their turn. Always close streams (try-with-resources): an abandoned, unclosed stream keeps the
 * model. A thread that opens a second stream while its first is still open gets an {@link IllegalStateException}
 * instead of waiting on itself forever.
 *
 * <p>{@link #load(LlamaSettings)} loads the model: {@code LlamaChatModel.load(LlamaSettings.of(gguf).contextSize(2048))}.
 *
 * <p>{@link #close()} cancels a running generation and frees the native model and context. java-llama.cpp then
 * leaves a non-daemon native thread behind, so a program that used this class should end with
 * {@code System.exit} (the {@code novelkit} command line does).
 */
public final class LlamaChatModel implements ChatModel {
    private static final String BACKEND = "llama";

    private final LlamaSettings settings;
    private final Path modelPath;
    private final int contextSize;
    private final LlamaModel model;
    private final String modelName;
    private final NativeTokenizer tokenizer;
    private final PromptTokens promptTokens;

    private final Semaphore generation = new Semaphore(1, true);
    private final AtomicReference<TokenUsage> totalUsage = new AtomicReference<>(TokenUsage.ZERO);
    private volatile Thread generatingThread;
    private volatile LlamaChatStream active;
    private volatile boolean closed;

    private LlamaChatModel(LlamaSettings settings, LlamaModel model) {
        this.settings = settings;
        this.modelPath = settings.modelPath();
        this.contextSize = settings.contextSize();
        this.model = model;
        this.modelName = modelPath.getFileName().toString();
        this.tokenizer = new NativeTokenizer(model::encode);
        this.promptTokens = new PromptTokens(tokenizer::encode);
    }

    /**
     * Checks the file (it must exist and start with the GGUF magic bytes), loads the native library and the model
     * as {@code settings} say.
     *
     * @throws InvalidInputException naming the file if it is missing, not GGUF, or llama.cpp rejects it
     * @throws BackendException      if the native library cannot be loaded on this platform
     */
    public static LlamaChatModel load(LlamaSettings settings) {
        Path modelPath = Require.nonNull("settings", settings).modelPath();
        GgufFiles.check(modelPath);
        LlamaNative.ensureLoaded();
        ModelParameters params = new ModelParameters()
                .setModel(modelPath.toAbsolutePath().toString())
                .setCtxSize(settings.contextSize())
                .setThreads(settings.threads());
        if (settings.gpuLayers() > 0) {
            params.setGpuLayers(settings.gpuLayers());
        }
        if (settings.logFile() != null) {
            params.setLogFile(settings.logFile().toAbsolutePath().toString());
        } else {
            params.disableLog();
        }
        LlamaModel model;
        try {
            model = new LlamaModel(params);
        } catch (RuntimeException e) {
            throw new InvalidInputException(modelPath.toString(), "llama.cpp could not load it (a truncated or"
                    + " corrupt file, or an architecture this llama.cpp build does not know): " + e.getMessage(), e);
        }
        return new LlamaChatModel(settings, model);
    }

    @Override
    public String name() {
        return BACKEND;
    }

    /** "llama" and the model file's absolute path. */
    @Override
    public String identity() {
        return BACKEND + " " + modelPath.toAbsolutePath().normalize();
    }

    /** The settings this model was loaded with. */
    public LlamaSettings settings() {
        return settings;
    }

    public Path modelPath() {
        return modelPath;
    }

    /** The context window in tokens: prompt plus answer must fit in it. */
    public int contextSize() {
        return contextSize;
    }

    public int threads() {
        return settings.threads();
    }

    public int gpuLayers() {
        return settings.gpuLayers();
    }

    /** The exact prompt text sent to llama.cpp for {@code messages} (Qwen2 ChatML). */
    public String prompt(List<ChatMessage> messages) {
        return ChatMl.render(messages);
    }

    /**
     * The token ids of {@code text} with this model's tokenizer; ChatML control tokens are parsed as such. Any
     * text is safe: llama.cpp tokenizes on a thread with a large native stack, and a run of over
     * {@value NativeTokenizer#MAX_RUN} letters, spaces or symbols without a break is tokenized in pieces of that
     * length (see {@link NativeTokenizer}).
     */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        ensureOpen();
        return tokenizer.encode(text);
    }

    /** The text of {@code tokens} (control tokens decode to nothing). */
    public String decode(int[] tokens) {
        Objects.requireNonNull(tokens, "tokens");
        ensureOpen();
        return tokenizer.onNativeThread(() -> model.decode(tokens));
    }

    /** Counts tokens with this model's tokenizer. */
    public TokenCounter tokenCounter() {
        return text -> encode(text).length;
    }

    @Override
    public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
        try (ChatStream stream = stream(messages, options)) {
            return stream.response();
        }
    }

    /**
     * Starts generating and returns at once; the stream pulls tokens from llama.cpp as it is read. Waits while
     * another thread's generation runs.
     *
     * @throws InvalidInputException if the prompt does not leave room for one token in the context
     */
    @Override
    public ChatStream stream(List<ChatMessage> messages, GenerationOptions options) {
        Objects.requireNonNull(options, "options");
        String prompt = ChatMl.render(messages);
        acquire();
        try {
            ensureOpen();
            int[] tokens = promptTokens.tokenize(prompt);
            int room = contextSize - tokens.length;
            if (room < 1) {
                throw new InvalidInputException("messages", "the prompt has " + tokens.length
                        + " tokens but the context holds " + contextSize + " (raise contextSize)");
            }
            int nPredict = Math.min(options.maxTokens().orElse(room), room);
            LlamaIterator frames = model.generate(LlamaRequests.completion(prompt, tokens, options, nPredict))
                    .iterator();
            LlamaChatStream stream = new LlamaChatStream(frames, tokens.length, nPredict, modelName, this::finished);
            active = stream;
            return stream;
        } catch (InvalidInputException | IllegalStateException e) {
            release();
            throw e;
        } catch (RuntimeException e) {
            release();
            throw BackendException.builder(BACKEND, "could not start generation with " + modelName + ": "
                    + e.getMessage()).cause(e).build();
        }
    }

    @Override
    public TokenUsage totalUsage() {
        return totalUsage.get();
    }

    /** Cancels a running generation, waits for it to end and frees the native model. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LlamaChatStream running = active;
        if (running != null) {
            running.close();
        }
        generation.acquireUninterruptibly();
        try {
            model.close();
        } finally {
            tokenizer.close();
            generation.release();
        }
    }

    @Override
    public String toString() {
        return "LlamaChatModel[" + modelPath + ", contextSize=" + contextSize + ", threads=" + settings.threads()
                + ", gpuLayers=" + settings.gpuLayers() + "]";
    }

    private void acquire() {
        if (generatingThread == Thread.currentThread()) {
            throw new IllegalStateException("this thread still has an open ChatStream on " + modelName
                    + ": read it to the end or close it before starting another generation");
        }
        generation.acquireUninterruptibly();
        generatingThread = Thread.currentThread();
    }

    private void release() {
        active = null;
        generatingThread = null;
        generation.release();
    }

    private void finished(ChatResponse response) {
        totalUsage.accumulateAndGet(response.usage(), TokenUsage::plus);
        release();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("LlamaChatModel for " + modelName + " is closed");
        }
    }
}
