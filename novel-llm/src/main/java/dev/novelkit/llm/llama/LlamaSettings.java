package dev.novelkit.llm.llama;

import dev.novelkit.core.config.Require;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to load a GGUF model with llama.cpp: the file, the context window, CPU threads, GPU layers and an optional log
 * file. Immutable; every setter checks its value and returns a new instance. Nothing is read or loaded until
 * {@link LlamaChatModel#load(LlamaSettings)}.
 *
 * <pre>{@code
 * try (LlamaChatModel qwen = LlamaChatModel.load(LlamaSettings.of(Path.of("qwen2-0_5b.gguf")).contextSize(2048))) {
 *     ...
 * }
 * }</pre>
 */
public final class LlamaSettings {
    private final Path modelPath;
    private final int contextSize;
    private final int threads;
    private final int gpuLayers;
    private final Path logFile;

    private LlamaSettings(Path modelPath, int contextSize, int threads, int gpuLayers, Path logFile) {
        this.modelPath = modelPath;
        this.contextSize = contextSize;
        this.threads = threads;
        this.gpuLayers = gpuLayers;
        this.logFile = logFile;
    }

    /**
     * The GGUF file {@code modelPath}, a context of 4096 tokens, one thread per available processor, no GPU layers
     * and llama.cpp's log switched off. The file is checked when the model is loaded, not here.
     */
    public static LlamaSettings of(Path modelPath) {
        return new LlamaSettings(Require.nonNull("modelPath", modelPath), 4096,
                Runtime.getRuntime().availableProcessors(), 0, null);
    }

    /** The context window in tokens, prompt plus answer (at least 16, default 4096). */
    public LlamaSettings contextSize(int tokens) {
        return new LlamaSettings(modelPath, Require.atLeast("contextSize", tokens, 16), threads, gpuLayers, logFile);
    }

    /** CPU threads for generation (at least 1, default: the number of available processors). */
    public LlamaSettings threads(int count) {
        return new LlamaSettings(modelPath, contextSize, Require.atLeast("threads", count, 1), gpuLayers, logFile);
    }

    /** Layers to offload to a GPU (0 or more, default 0; the bundled natives are CPU-only and ignore it). */
    public LlamaSettings gpuLayers(int layers) {
        return new LlamaSettings(modelPath, contextSize, threads, Require.atLeast("gpuLayers", layers, 0), logFile);
    }

    /**
     * Keeps llama.cpp's own log, including its per-generation timings, in this file (it is then also printed on
     * stderr). By default llama.cpp's log is switched off.
     */
    public LlamaSettings logFile(Path file) {
        return new LlamaSettings(modelPath, contextSize, threads, gpuLayers, Require.nonNull("logFile", file));
    }

    /** The GGUF file. */
    public Path modelPath() {
        return modelPath;
    }

    /** The context window in tokens. */
    public int contextSize() {
        return contextSize;
    }

    public int threads() {
        return threads;
    }

    public int gpuLayers() {
        return gpuLayers;
    }

    /** The log file, or null when llama.cpp's log is off. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlamaSettings s && modelPath.equals(s.modelPath) && contextSize == s.contextSize
                && threads == s.threads && gpuLayers == s.gpuLayers && Objects.equals(logFile, s.logFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelPath, contextSize, threads, gpuLayers, logFile);
    }

    @Override
    public String toString() {
        return "LlamaSettings[" + modelPath + ", contextSize=" + contextSize + ", threads=" + threads + ", gpuLayers="
                + gpuLayers + (logFile == null ? "" : ", logFile=" + logFile) + "]";
    }
}
