package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.ChildProcess;
import dev.novelkit.llm.swift.internal.Failures;
import dev.novelkit.llm.swift.internal.PyLiteral;
import dev.novelkit.llm.swift.internal.RunFolders;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A running {@code swift sft}: the handle {@link SwiftTrainer#start} returns. Progress is parsed from swift's
 * console lines and from the run's {@code logging.jsonl} (whichever reports a step first; each step is delivered
 * once), {@link #result()} completes with the {@link TrainingResult} or fails with a {@link BackendException}
 * (exit code, cause such as "CUDA out of memory" or the last traceback line, and the last 50 output lines) or a
 * {@link CancelledException}. Thread-safe.
 */
public final class TrainingJob {
    private static final long JSONL_POLL_MS = 500;

    private final SwiftCommand command;
    private final Path outputDir;
    private final Duration cancelGrace;
    private final ProgressListener listener;
    private final TrainingListener training;
    private final SwiftLogParser console = new SwiftLogParser();
    private final SwiftLogParser jsonl = new SwiftLogParser();
    private final CompletableFuture<TrainingResult> result = new CompletableFuture<>();
    private final List<TrainingProgress> history = new ArrayList<>();
    private final Set<String> delivered = new HashSet<>();
    private final Instant started = Instant.now();
    private volatile TrainingProgress latest;
    private volatile Path loggingFile;
    private volatile boolean cancelled;
    private volatile boolean stopTailer;
    private volatile ChildProcess process;
    private long jsonlOffset;
    private int checkpointsAnnounced;
    private Thread tailer;

    private TrainingJob(SwiftCommand command, Path outputDir, Duration cancelGrace, ProgressListener listener) {
        this.command = command;
        this.outputDir = outputDir;
        this.cancelGrace = cancelGrace;
        this.listener = listener;
        this.training = listener instanceof TrainingListener t ? t : null;
    }

    static TrainingJob start(SwiftCommand command, Path outputDir, Duration cancelGrace, ProgressListener listener) {
        TrainingJob job = new TrainingJob(command, outputDir, cancelGrace, listener);
        job.process = ChildProcess.start("swift", command, job::onLine, job::onExit);
        job.safe(() -> listener.onMessage("swift sft started (pid " + job.process.pid() + ")"));
        job.tailer = new Thread(job::tailLoop, "novelkit-jsonl-" + job.process.pid());
        job.tailer.setDaemon(true);
        job.tailer.start();
        return job;
    }

    /** Completes with the result, or exceptionally with {@link BackendException} / {@link CancelledException}. */
    public CompletableFuture<TrainingResult> result() {
        return result;
    }

    /** Waits for the result; throws the {@link BackendException} or {@link CancelledException} itself. */
    public TrainingResult await() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new NovelKitException("swift sft failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Stops training: asks swift and every process it started (torchrun workers, dataloader workers) to terminate,
     * kills whatever is left after the grace period, and returns once the tree is gone. {@link #result()} then fails
     * with {@link CancelledException}. Does nothing once the job has finished.
     */
    public void cancel() {
        if (result.isDone()) {
            return;
        }
        cancelled = true;
        process.destroyTree(cancelGrace);
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The newest metrics record, if any yet. */
    public Optional<TrainingProgress> latest() {
        return Optional.ofNullable(latest);
    }

    /** Every metrics record so far, in order. */
    public synchronized List<TrainingProgress> history() {
        return List.copyOf(history);
    }

    /** The last 50 lines swift printed. */
    public List<String> outputTail() {
        return process.tail();
    }

    /** The command that runs. */
    public SwiftCommand command() {
        return command;
    }

    /** The swift process id. */
    public long pid() {
        return process.pid();
    }

    private void onLine(String line) {
        if (training != null) {
            safe(() -> training.onOutput(line));
        }
        Optional<TrainingProgress> p = console.accept(line);
        if (p.isPresent()) {
            deliver(p.get());
            return;
        }
        if (loggingFile == null) {
            console.loggingFile().ifPresent(f -> loggingFile = command.workingDir().resolve(f));
        }
        List<Path> saved = console.savedCheckpoints();
        if (saved.size() > checkpointsAnnounced) {
            checkpointsAnnounced = saved.size();
            Path ckpt = saved.get(saved.size() - 1);
            safe(() -> listener.onMessage("saved " + ckpt));
        }
    }

    private synchronized void deliver(TrainingProgress p) {
        if (p.step() >= 0 && !delivered.add(p.kind() + ":" + p.step())) {
            return;
        }
        history.add(p);
        latest = p;
        if (training != null) {
            safe(() -> training.onTraining(p));
        }
        switch (p.kind()) {
            case TRAIN -> safe(() -> listener.onProgress(p.toProgress()));
            case EVAL -> safe(() -> listener.onMessage("step " + p.step()
                    + (p.maxSteps() > 0 ? "/" + p.maxSteps() : "") + ": " + p.summary()));
            default -> safe(() -> listener.onMessage("training finished: " + p.summary()));
        }
    }

    private void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException listenerBug) {
            // listeners must not throw; one that does must not stop the job
        }
    }

    private void tailLoop() {
        while (!stopTailer) {
            try {
                Thread.sleep(JSONL_POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            pollJsonl();
        }
    }

    private synchronized void pollJsonl() {
        Path file = loggingFile;
        if (file == null) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length < jsonlOffset) {
                jsonlOffset = 0; // rewritten
            }
            if (length == jsonlOffset) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - jsonlOffset, 64L << 20)];
            raf.seek(jsonlOffset);
            raf.readFully(bytes);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return;
            }
            jsonlOffset += end;
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    jsonl.acceptRecord(PyLiteral.parseDict(line, 0, line.length())).ifPresent(this::deliver);
                } catch (IllegalArgumentException malformed) {
                    // a line swift is still writing or a foreign record: the console has the same data
                }
            }
        } catch (IOException e) {
            // not there yet or unreadable: the console lines still carry the progress
        }
    }

    private void onExit(ChildProcess child, int code) {
        stopTailer = true;
        if (tailer != null) {
            tailer.interrupt();
            try {
                tailer.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (loggingFile == null) {
            console.loggingFile().ifPresent(f -> loggingFile = command.workingDir().resolve(f));
        }
        pollJsonl();
        if (cancelled) {
            result.completeExceptionally(new CancelledException("swift sft"));
            return;
        }
        try {
            if (code != 0) {
                throw Failures.processFailed("sft", code, console, child.tail());
            }
            result.complete(resolveResult(child.tail()));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private TrainingResult resolveResult(List<String> tail) {
        Path wd = command.workingDir();
        Path last = existing(wd, console.lastCheckpoint().or(jsonl::lastCheckpoint).orElse(null));
        Path runDir = last != null ? last.getParent() : null;
        if (runDir == null && loggingFile != null && Files.isDirectory(loggingFile.getParent())) {
            runDir = loggingFile.getParent();
        }
        if (runDir == null) {
            runDir = newestRunSinceStart();
        }
        if (runDir == null) {
            throw BackendException.builder("swift", "sft finished but no run folder (vN-YYYYMMDD-HHMMSS) appeared under "
                    + outputDir).exitCode(0).outputTail(tail).build();
        }
        List<Path> checkpoints = RunFolders.checkpoints(runDir);
        if (last == null && !checkpoints.isEmpty()) {
            last = checkpoints.get(checkpoints.size() - 1);
        }
        if (last == null) {
            throw BackendException.builder("swift", "sft finished but wrote no checkpoint in " + runDir)
                    .exitCode(0).outputTail(tail).build();
        }
        Path best = existing(wd, console.bestCheckpoint().or(jsonl::bestCheckpoint).orElse(null));
        if (best == null) {
            Path lastCkpt = last;
            best = RunFolders.trainerState(last).map(RunFolders.TrainerState::bestModelCheckpoint)
                    .map(s -> existing(wd, Path.of(s))).orElse(lastCkpt);
        }
        List<TrainingProgress> all = history();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (TrainingProgress.Kind kind : TrainingProgress.Kind.values()) {
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).kind() == kind) {
                    metrics.putAll(all.get(i).metrics());
                    break;
                }
            }
        }
        return new TrainingResult(runDir, last, best, checkpoints, metrics, all,
                Duration.between(started, Instant.now()));
    }

    private static Path existing(Path wd, Path p) {
        if (p == null) {
            return null;
        }
        Path abs = wd.resolve(p).normalize();
        return Files.isDirectory(abs) ? abs : null;
    }

    private Path newestRunSinceStart() {
        Path newest = null;
        for (Path run : RunFolders.runDirs(outputDir)) {
            try {
                if (!Files.getLastModifiedTime(run).toInstant().isBefore(started.minusSeconds(2))) {
                    newest = run;
                }
            } catch (IOException ignored) {
                // vanished meanwhile
            }
        }
        return newest;
    }
}
