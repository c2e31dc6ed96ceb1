package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.ChildProcess;
import dev.novelkit.llm.swift.internal.Failures;
import dev.novelkit.llm.swift.internal.Gpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Merges a LoRA checkpoint into its base model with {@code swift export --merge_lora true}, for serving with vLLM
 * or anything that wants full weights. swift 2.x takes {@code --ckpt_dir X} and always writes {@code X-merged};
 * swift 3.x takes {@code --adapters X} and writes {@code --output_dir} (default {@code X-merged}). Immutable.
 *
 * <pre>{@code
 * Path merged = SwiftExport.builder().checkpoint(result.bestCheckpoint()).build().run(ProgressListener.NONE);
 * }</pre>
 */
public final class SwiftExport {
    private final SwiftDialect dialect;
    private final Path checkpoint;
    private final boolean mergeLora;
    private final Path outputDir;
    private final Path executable;
    private final Path workingDir;
    private final List<Integer> gpus;
    private final Map<String, String> environment;
    private final List<String> extraArgs;
    private final Duration cancelGrace;

    private SwiftExport(Builder b) {
        this.dialect = b.dialect;
        this.checkpoint = b.checkpoint;
        this.mergeLora = b.mergeLora;
        this.outputDir = b.outputDir;
        this.executable = b.executable;
        this.workingDir = b.workingDir != null ? b.workingDir : Path.of("").toAbsolutePath();
        this.gpus = List.copyOf(b.gpus);
        this.environment = new LinkedHashMap<>(b.environment);
        this.extraArgs = List.copyOf(b.extraArgs);
        this.cancelGrace = b.cancelGrace;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The folder the export writes: {@code <checkpoint>-merged}, or the output directory (3.x). */
    public Path outputPath() {
        Path ckpt = workingDir.resolve(checkpoint).normalize();
        if (outputDir != null) {
            return workingDir.resolve(outputDir).normalize();
        }
        return ckpt.resolveSibling(ckpt.getFileName() + "-merged");
    }

    /** The exact command {@link #run} starts. */
    public SwiftCommand toCommand() {
        List<String> argv = new ArrayList<>();
        argv.add(executable == null ? "swift" : executable.toString());
        argv.add("export");
        argv.add(dialect == SwiftDialect.V2 ? "--ckpt_dir" : "--adapters");
        argv.add(checkpoint.toString());
        argv.add("--merge_lora");
        argv.add(Boolean.toString(mergeLora));
        if (outputDir != null) {
            argv.add("--output_dir");
            argv.add(outputDir.toString());
        }
        argv.addAll(extraArgs);
        Map<String, String> env = new LinkedHashMap<>();
        Gpus.putVisibleDevices(env, gpus);
        env.putAll(environment);
        return new SwiftCommand(argv, env, workingDir);
    }

    /**
     * Runs the export and waits for it; returns the merged folder. Interrupting the calling thread stops swift
     * (whole process tree) and throws {@link CancelledException}.
     *
     * @throws InvalidInputException when the checkpoint folder is missing, or (3.x) the output folder exists already
     * @throws BackendException when swift is missing, fails (with the cause and output tail) or writes nothing
     */
    public Path run(ProgressListener listener) {
        Path ckpt = workingDir.resolve(checkpoint);
        if (!Files.isDirectory(ckpt)) {
            throw new InvalidInputException(ckpt.toString(), "checkpoint folder does not exist");
        }
        Path target = outputPath();
        if (Files.exists(target)) {
            if (dialect == SwiftDialect.V3) {
                throw new InvalidInputException(target.toString(), "output folder exists already; swift 3.x will not "
                        + "overwrite it (delete it or choose another outputDir)");
            }
            listener.onMessage(target + " exists already: swift 2.x keeps it");
        }
        listener.onMessage("merging " + ckpt + " into " + target);
        SwiftLogParser parser = new SwiftLogParser();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ChildProcess p = ChildProcess.start("swift", toCommand(), parser::accept, (c, code) -> exit.complete(code));
        int code;
        try {
            code = exit.get();
        } catch (InterruptedException e) {
            p.destroyTree(cancelGrace);
            Thread.currentThread().interrupt();
            throw new CancelledException("swift export");
        } catch (ExecutionException e) {
            throw BackendException.builder("swift", "export failed: " + e.getCause()).cause(e.getCause()).build();
        }
        if (code != 0) {
            throw Failures.processFailed("export", code, parser, p.tail());
        }
        if (!Files.isDirectory(target)) {
            throw BackendException.builder("swift", "export finished but did not write " + target).exitCode(0)
                    .outputTail(p.tail()).build();
        }
        listener.onMessage("merged into " + target);
        return target;
    }

    @Override
    public String toString() {
        return "SwiftExport[" + toCommand() + "]";
    }

    /** Fluent settings for {@link SwiftExport}. Not thread-safe. */
    public static final class Builder {
        private SwiftDialect dialect = SwiftDialect.V2;
        private Path checkpoint;
        private boolean mergeLora = true;
        private Path outputDir;
        private Path executable;
        private Path workingDir;
        private List<Integer> gpus = List.of();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> extraArgs = new ArrayList<>();
        private Duration cancelGrace = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The LoRA checkpoint folder ({@code .../vN-.../checkpoint-N}). Required. */
        public Builder checkpoint(Path checkpoint) {
            this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
            return this;
        }

        /** Which swift command line to write (default 2.x). */
        public Builder dialect(SwiftDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** {@code --merge_lora} (default true). False is for other 3.x exports given by {@link #extraArgs}. */
        public Builder mergeLora(boolean merge) {
            this.mergeLora = merge;
            return this;
        }

        /** Where 3.x writes the export (default {@code <checkpoint>-merged}); 2.x has no such choice. */
        public Builder outputDir(Path dir) {
            this.outputDir = Objects.requireNonNull(dir, "outputDir");
            return this;
        }

        /** The swift executable (default: {@code swift} on the PATH). */
        public Builder executable(Path swift) {
            this.executable = Objects.requireNonNull(swift, "executable");
            return this;
        }

        /** The directory swift runs in (default: the current directory). */
        public Builder workingDir(Path dir) {
            this.workingDir = Objects.requireNonNull(dir, "workingDir").toAbsolutePath();
            return this;
        }

        /** GPUs for merging ({@code CUDA_VISIBLE_DEVICES}); default: as inherited (swift merges on CPU by default). */
        public Builder gpus(int... ids) {
            this.gpus = Gpus.of(ids);
            return this;
        }

        /** An extra environment variable for swift. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Arguments passed through as they are, after the generated ones. */
        public Builder extraArgs(String... args) {
            for (String a : args) {
                extraArgs.add(Objects.requireNonNull(a, "extraArgs"));
            }
            return this;
        }

        /** How long an interrupted export may take to stop before it is killed (default 10 s). */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = Objects.requireNonNull(grace, "cancelGrace");
            return this;
        }

        /** Validates and returns the immutable export. */
        public SwiftExport build() {
            if (checkpoint == null) {
                throw new InvalidInputException("checkpoint", "no checkpoint: give the LoRA checkpoint folder");
            }
            if (dialect == SwiftDialect.V2 && outputDir != null) {
                throw new InvalidInputException("outputDir", "swift 2.x always writes <checkpoint>-merged; "
                        + "outputDir needs dialect V3, was " + outputDir);
            }
            if (!mergeLora && (dialect == SwiftDialect.V2 || outputDir == null || extraArgs.isEmpty())) {
                throw new InvalidInputException("mergeLora", "false only makes sense for a 3.x export described by "
                        + "extraArgs with an outputDir");
            }
            return new SwiftExport(this);
        }
    }
}
