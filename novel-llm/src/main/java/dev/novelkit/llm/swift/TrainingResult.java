package dev.novelkit.llm.swift;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finished {@code swift sft} run left behind: its run folder ({@code vN-YYYYMMDD-HHMMSS}), the last checkpoint
 * and the best one if swift named one, every checkpoint still on disk, the final metrics and the whole metrics
 * history. Checkpoints swift reported as {@code last}/{@code best} links are given as the folders they point to.
 *
 * @param runDir         the run folder swift created under the output directory
 * @param lastCheckpoint the checkpoint of the last step ({@code last_model_checkpoint})
 * @param bestCheckpoint the checkpoint with the best evaluation loss, when swift named one
 *                       ({@code best_model_checkpoint}); empty when it printed None (no evaluation ran)
 * @param checkpoints    every {@code checkpoint-N} folder in the run folder, by step
 * @param finalMetrics   the last training record's metrics, overlaid with the last evaluation and the summary
 *                       ({@code loss}, {@code token_acc}, {@code eval_loss}, {@code train_runtime}, ...)
 * @param history        every metrics record, in order
 * @param wallTime       how long the process ran
 */
public record TrainingResult(Path runDir, Path lastCheckpoint, Optional<Path> bestCheckpoint, List<Path> checkpoints,
                             Map<String, Double> finalMetrics, List<TrainingProgress> history, Duration wallTime) {
    public TrainingResult {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(lastCheckpoint, "lastCheckpoint");
        Objects.requireNonNull(bestCheckpoint, "bestCheckpoint");
        checkpoints = List.copyOf(checkpoints);
        finalMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
        history = List.copyOf(history);
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** One final metric by swift key ({@code eval_loss}, {@code train_loss}, ...), or NaN. */
    public double metric(String key) {
        Double v = finalMetrics.get(key);
        return v == null ? Double.NaN : v;
    }
}
