package dev.novelkit.llm.swift.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * swift's output layout: run folders {@code vN-YYYYMMDD-HHMMSS} directly under the output directory (3.x) or one
 * level down under the model type (2.x: {@code output/qwen2-7b-instruct/v0-20240729-012301}), each holding
 * {@code checkpoint-N} folders with a {@code trainer_state.json}.
 */
public final class RunFolders {
    private static final Pattern RUN = Pattern.compile("v(\\d+)-(\\d{8}-\\d{6})");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolders() {
    }

    /** What a checkpoint's {@code trainer_state.json} says. */
    public record TrainerState(String bestModelCheckpoint, double bestMetric, long globalStep, long maxSteps,
                               int logHistorySize) {
    }

    /** Whether {@code dir}'s name looks like a run folder. */
    public static boolean isRunDir(Path dir) {
        Path name = dir.getFileName();
        return name != null && RUN.matcher(name.toString()).matches();
    }

    /** Run folders under {@code outputDir} (depth 1 and 2), oldest first by timestamp then version. */
    public static List<Path> runDirs(Path outputDir) {
        if (!Files.isDirectory(outputDir)) {
            return List.of();
        }
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(outputDir, 2)) {
            s.filter(Files::isDirectory).filter(RunFolders::isRunDir).forEach(runs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + outputDir + ": " + e.getMessage(), e);
        }
        runs.sort(Comparator.comparing((Path p) -> timestamp(p)).thenComparingLong(RunFolders::version));
        return runs;
    }

    private static String timestamp(Path run) {
        Matcher m = RUN.matcher(run.getFileName().toString());
        return m.matches() ? m.group(2) : "";
    }

    private static long version(Path run) {
        Matcher m = RUN.matcher(run.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The {@code checkpoint-N} folders of a run, by step (merged exports such as {@code checkpoint-N-merged} excluded). */
    public static List<Path> checkpoints(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runDir)) {
            return s.filter(Files::isDirectory).filter(p -> step(p) >= 0)
                    .sorted(Comparator.comparingLong(RunFolders::step)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** The N of {@code checkpoint-N}, or -1. */
    public static long step(Path checkpoint) {
        Path name = checkpoint.getFileName();
        if (name == null) {
            return -1;
        }
        Matcher m = CHECKPOINT.matcher(name.toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The newest complete checkpoint under {@code outputDir} for resuming: among checkpoints holding a
     * {@code trainer_state.json} (a crash mid-save leaves none), the one whose state was written last, the higher
     * step on a tie.
     */
    public static Optional<Path> latestCheckpoint(Path outputDir) {
        Path best = null;
        FileTime bestTime = null;
        for (Path run : runDirs(outputDir)) {
            for (Path ckpt : checkpoints(run)) {
                Path state = ckpt.resolve("trainer_state.json");
                if (!Files.isRegularFile(state)) {
                    continue;
                }
                FileTime t;
                try {
                    t = Files.getLastModifiedTime(state);
                } catch (IOException e) {
                    continue;
                }
                int cmp = bestTime == null ? 1 : t.compareTo(bestTime);
                if (cmp > 0 || cmp == 0 && step(ckpt) > step(best)) {
                    best = ckpt;
                    bestTime = t;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Reads {@code checkpoint/trainer_state.json}; empty when missing or unreadable. */
    public static Optional<TrainerState> trainerState(Path checkpoint) {
        Path file = checkpoint.resolve("trainer_state.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            JsonNode best = n.path("best_model_checkpoint");
            return Optional.of(new TrainerState(best.isTextual() ? best.asText() : null,
                    n.path("best_metric").isNumber() ? n.path("best_metric").asDouble() : Double.NaN,
                    n.path("global_step").asLong(-1), n.path("max_steps").asLong(-1),
                    n.path("log_history").size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
