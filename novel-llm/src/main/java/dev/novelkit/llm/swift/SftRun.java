package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.progress.ProgressListener;
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

/**
 * One {@code swift sft} run, the work of the job {@link SwiftTrainer#start} returns. Progress is parsed from swift's
 * console lines and from the run's {@code logging.jsonl} (whichever reports a step first; each step is delivered
 * once). Success comes only from the exit code: from 3.6 on swift prints {@code last_model_checkpoint} and writes the
 * closing {@code logging.jsonl} record even after a crash. A failure is a {@link BackendException} (exit code, cause
 * such as "CUDA out of memory" or the last traceback line, and the last 50 output lines).
 */
final class SftRun {
    private static final long JSONL_POLL_MS = 500;

    private final SwiftCommand command;
    private final Path outputDir;
    private final Duration grace;
    private final ProgressListener listener;
    private final TrainingListener training;
    private final SwiftListener output;
    private final SwiftLogParser console = new SwiftLogParser();
    private final SwiftLogParser jsonl = new SwiftLogParser();
    private final List<TrainingProgress> history = new ArrayList<>();
    private final Set<String> delivered = new HashSet<>();
    private final Instant started = Instant.now();
    private volatile Path loggingFile;
    private volatile boolean stopTailer;
    private long jsonlOffset;
    private int checkpointsAnnounced;

    SftRun(SwiftCommand command, Path outputDir, Duration grace, ProgressListener listener) {
        this.command = command;
        this.outputDir = outputDir;
        this.grace = grace;
        this.listener = listener;
        this.training = listener instanceof TrainingListener t ? t : null;
        this.output = listener instanceof SwiftListener o ? o : null;
    }

    /** Runs swift to its end; cancelling stops its whole process tree. */
    TrainingResult run(Cancellation cancellation) {
        for (String note : command.notes()) {
            safe(() -> listener.onMessage(note));
        }
        Launch launch = Launch.piped("swift sft", command, cancellation, grace, this::onLine);
        Cancellation.Registration stopOnCancel = launch.stopOnCancel;
        try (stopOnCancel) {
            safe(() -> listener.onMessage("swift sft started (pid " + launch.child.pid() + ")"));
            Thread tailer = new Thread(this::tailLoop, "novelkit-jsonl-" + launch.child.pid());
            tailer.setDaemon(true);
            tailer.start();
            int code;
            try {
                code = launch.awaitExit(cancellation);
            } finally {
                stopTailer = true;
                tailer.interrupt();
            }
            try {
                tailer.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loggingFile == null) {
                console.loggingFile().ifPresent(f -> loggingFile = command.workingDir().resolve(f));
            }
            pollJsonl();
            if (code != 0) {
                throw Failures.processFailed("sft", code, console, launch.child.tail());
            }
            return resolveResult(launch.child.tail());
        }
    }

    private synchronized List<TrainingProgress> history() {
        return List.copyOf(history);
    }

    private void onLine(String line) {
        if (output != null) {
            safe(() -> output.onOutput(line));
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
        if (best == null) { // swift printed None (no evaluation) or nothing: only its trainer state may still name one
            best = RunFolders.trainerState(last).map(RunFolders.TrainerState::bestModelCheckpoint)
                    .map(s -> existing(wd, Path.of(s))).orElse(null);
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
        return new TrainingResult(runDir, last, Optional.ofNullable(best), checkpoints, metrics, all,
                Duration.between(started, Instant.now()));
    }

    /** {@code p} against the working folder, a {@code last}/{@code best} link as the checkpoint it points to; null when missing. */
    private static Path existing(Path wd, Path p) {
        if (p == null) {
            return null;
        }
        Path abs = wd.resolve(p).normalize();
        if (!Files.isDirectory(abs)) {
            return null;
        }
        if (Files.isSymbolicLink(abs)) {
            try {
                return abs.toRealPath();
            } catch (IOException e) {
                return abs;
            }
        }
        return abs;
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
