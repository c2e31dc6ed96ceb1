package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.Failures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Merges a LoRA checkpoint into its base model with {@code swift export --merge_lora true}, for serving with vLLM or
 * anything that wants full weights. swift 2.x takes {@code --ckpt_dir X} and always writes {@code X-merged}; 3.x and
 * 4.x take {@code --adapters X} and write {@code --output_dir} (default {@code X-merged}). An existing output folder
 * is refused before anything starts unless {@link #overwrite(boolean)} is set: then 3.x and 4.x get
 * {@code --exist_ok true}, and on 2.x (which would keep the old folder and merge nothing) NovelKit removes it first.
 * Immutable; every setter returns a new export.
 *
 * <pre>{@code
 * Path merged = SwiftExport.of(result.lastCheckpoint()).run(ProgressListener.NONE);
 * }</pre>
 */
public final class SwiftExport {
    private final Path checkpoint;
    private final Path outputDir;
    private final boolean overwrite;
    private final boolean mergeLora;
    private final List<String> extraArgs;
    private final SwiftProcess process;

    private SwiftExport(Path checkpoint, Path outputDir, boolean overwrite, boolean mergeLora, List<String> extraArgs,
                        SwiftProcess process) {
        this.checkpoint = checkpoint;
        this.outputDir = outputDir;
        this.overwrite = overwrite;
        this.mergeLora = mergeLora;
        this.extraArgs = List.copyOf(extraArgs);
        this.process = process;
    }

    /** Merging the LoRA checkpoint folder {@code .../vN-.../checkpoint-N}. */
    public static SwiftExport of(Path checkpoint) {
        return new SwiftExport(Require.nonNull("checkpoint", checkpoint), null, false, true, List.of(),
                SwiftProcess.defaults());
    }

    /** Where the merged model goes (3.x and 4.x; default {@code <checkpoint>-merged}, which is all 2.x can do). */
    public SwiftExport outputDir(Path dir) {
        return new SwiftExport(checkpoint, Require.nonNull("outputDir", dir), overwrite, mergeLora, extraArgs, process);
    }

    /** Replace an existing output folder (default false: an existing one is refused before anything starts). */
    public SwiftExport overwrite(boolean overwrite) {
        return new SwiftExport(checkpoint, outputDir, overwrite, mergeLora, extraArgs, process);
    }

    /** {@code --merge_lora} (default true); false is for other 3.x/4.x exports described by {@link #extraArgs}. */
    public SwiftExport mergeLora(boolean merge) {
        return new SwiftExport(checkpoint, outputDir, overwrite, merge, extraArgs, process);
    }

    /** Arguments passed through after the generated ones; a {@code --flag} here replaces the generated one. */
    public SwiftExport extraArgs(String... args) {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            list.add(Require.nonNull("extraArgs", a));
        }
        return new SwiftExport(checkpoint, outputDir, overwrite, mergeLora, list, process);
    }

    /** How to run swift (default {@link SwiftProcess#defaults()}; GPUs stay as inherited unless set: merging runs on CPU). */
    public SwiftExport process(SwiftProcess process) {
        return new SwiftExport(checkpoint, outputDir, overwrite, mergeLora, extraArgs, Require.nonNull("process", process));
    }

    public SwiftProcess process() {
        return process;
    }

    /** The folder the export writes: the output folder, or {@code <checkpoint>-merged}. */
    public Path outputPath() {
        if (outputDir != null) {
            return process.resolve(outputDir);
        }
        Path ckpt = process.resolve(checkpoint);
        return ckpt.resolveSibling(ckpt.getFileName() + "-merged");
    }

    /**
     * The exact command {@link #start} runs, for the installed swift (or the newest major when none is installed and
     * no version is set; a note says so).
     *
     * @throws InvalidSettingException for settings the swift it is written for cannot do
     */
    public SwiftCommand toCommand() {
        return command(process.target(true));
    }

    private SwiftCommand command(SwiftProcess.Target target) {
        Spelling s = Spelling.of(target.version());
        List<String> notes = new ArrayList<>();
        notes.add(target.note());
        Flags f = new Flags();
        f.add(s.checkpoint, checkpoint.toString());
        f.add("--merge_lora", Boolean.toString(mergeLora));
        boolean exists = Files.exists(outputPath());
        if (s.v2()) {
            Require.that(outputDir == null, "outputDir", outputDir, "cannot be chosen on swift 2.x, which always writes "
                    + "<checkpoint>-merged");
            Require.that(mergeLora, "mergeLora", false, "must be true on swift 2.x");
            if (exists) {
                notes.add("swift 2.x keeps an existing " + outputPath() + " and merges nothing: "
                        + (overwrite ? "NovelKit removes it first (overwrite)" : "NovelKit refuses to start (overwrite replaces it)"));
            }
        } else {
            Require.that(mergeLora || outputDir != null && !extraArgs.isEmpty(), "mergeLora", mergeLora,
                    "may be false only for an export described by extraArgs with an outputDir");
            if (outputDir != null) {
                f.add("--output_dir", outputDir.toString());
            }
            if (exists && overwrite) {
                f.add("--exist_ok", "true");
                notes.add("swift " + target.version().dialect().label() + " refuses an existing output folder: "
                        + "--exist_ok true replaces " + outputPath());
            }
        }
        return new SwiftCommand(f.argv(process.argv0(), "export", extraArgs), process.env(List.of()),
                process.workingDir(), notes);
    }

    /**
     * Checks the checkpoint folder exists and the output folder does not (unless overwriting).
     *
     * @throws InvalidInputException naming the folder and what is wrong
     */
    public void checkInputs() {
        process.existingFolder(checkpoint, "checkpoint folder");
        Path target = outputPath();
        if (Files.exists(target) && !overwrite) {
            throw new InvalidInputException(target.toString(), "output folder exists already; delete it, choose "
                    + "another outputDir, or overwrite(true) (--overwrite) to replace it");
        }
    }

    /**
     * Checks the inputs, finds the installed swift and starts the merge; the job's result is the merged folder.
     * Cancelling it stops swift (its whole process tree).
     *
     * @throws InvalidInputException when the checkpoint folder is missing or the output folder exists (no overwrite)
     * @throws InvalidSettingException for settings the installed swift cannot do
     * @throws BackendException when swift is not found or cannot tell its version; the job fails with one when swift
     *                          fails (with the cause and output tail) or writes nothing
     */
    public Job<Path> start(ProgressListener listener) {
        Require.nonNull("listener", listener);
        checkInputs();
        SwiftProcess.Target target = process.target(false);
        SwiftCommand command = command(target);
        Path out = outputPath();
        boolean removeFirst = overwrite && target.version().major() == 2 && Files.exists(out);
        return Job.start("swift export", listener, (cancellation, l) -> merge(command, out, removeFirst, cancellation, l));
    }

    /** {@code start(listener).await()}: merges and returns the merged folder. */
    public Path run(ProgressListener listener) {
        return start(listener).await();
    }

    private Path merge(SwiftCommand command, Path out, boolean removeFirst, Cancellation cancellation,
                       ProgressListener listener) {
        command.notes().forEach(listener::onMessage);
        if (removeFirst) {
            listener.onMessage("removing the old " + out + " (swift 2.x would keep it)");
            deleteTree(out);
        }
        listener.onMessage("merging " + process.resolve(checkpoint) + " into " + out);
        SwiftLogParser parser = new SwiftLogParser();
        SwiftListener lines = listener instanceof SwiftListener o ? o : null;
        AtomicBoolean kept = new AtomicBoolean();
        Launch launch = Launch.piped("swift export", command, cancellation, process.stopGrace(), line -> {
            parser.accept(line);
            if (line.contains("skipping the saving process")) {
                kept.set(true);
            }
            if (lines != null) {
                lines.onOutput(line);
            }
        });
        Cancellation.Registration stop = launch.stopOnCancel;
        try (stop) {
            int code = launch.awaitExit(cancellation);
            if (code != 0) {
                throw Failures.processFailed("export", code, parser, launch.child.tail());
            }
            if (kept.get()) {
                throw BackendException.builder("swift", "export kept the existing " + out + " and merged nothing "
                        + "(swift 2.x does that silently); remove it, or use overwrite").exitCode(0)
                        .outputTail(launch.child.tail()).build();
            }
            if (!Files.isDirectory(out)) {
                throw BackendException.builder("swift", "export finished but did not write " + out).exitCode(0)
                        .outputTail(launch.child.tail()).build();
            }
        }
        listener.onMessage("merged into " + out);
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir.toString(), "cannot remove the old merged folder: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SwiftExport[" + checkpoint + " -> " + outputPath() + (overwrite ? ", overwrite" : "") + ", " + process + "]";
    }
}
