package dev.novelkit.llm.swift;

import dev.novelkit.core.progress.Progress;
import dev.novelkit.llm.swift.internal.Shell;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One metrics record swift logged during training: a logging step, an evaluation, or the closing summary. Numbers
 * swift did not report are {@code NaN} (doubles), {@code -1} (steps) or {@code null} (durations); {@link #metrics()}
 * holds every numeric value of the record under swift's own key ({@code loss}, {@code eval_token_acc},
 * {@code memory(GiB)}, {@code train_runtime}, ...).
 *
 * @param kind         what the record is
 * @param step         {@code global_step}, or -1
 * @param maxSteps     the planned number of optimizer steps, or -1 when swift did not say
 * @param epoch        the fractional epoch, or NaN
 * @param loss         training loss ({@code loss}), evaluation loss ({@code eval_loss}) or {@code train_loss} of the
 *                     summary; NaN when absent
 * @param accuracy     token accuracy: {@code acc} (2.x) or {@code token_acc} (3.x), {@code eval_acc}/{@code eval_token_acc}
 *                     for evaluations; NaN when absent
 * @param learningRate the learning rate, or NaN
 * @param gradNorm     gradient norm before clipping, or NaN
 * @param memoryGiB    peak GPU memory in GiB, or NaN
 * @param trainSpeed   optimizer steps per second, or NaN
 * @param elapsed      time since training started, or null
 * @param remaining    swift's estimate of the time left, or null
 * @param metrics      every numeric value of the record by swift key
 */
public record TrainingProgress(Kind kind, long step, long maxSteps, double epoch, double loss, double accuracy,
                               double learningRate, double gradNorm, double memoryGiB, double trainSpeed,
                               Duration elapsed, Duration remaining, Map<String, Double> metrics) {

    /** What a record reports. */
    public enum Kind {
        /** A training logging step ({@code logging_steps}). */
        TRAIN,
        /** An evaluation on the validation set ({@code eval_steps}). */
        EVAL,
        /** The closing summary ({@code train_runtime}, {@code train_loss}). */
        SUMMARY
    }

    public TrainingProgress {
        Objects.requireNonNull(kind, "kind");
        if (step < -1 || maxSteps < -1) {
            throw new IllegalArgumentException("step and maxSteps must be >= -1, were " + step + ", " + maxSteps);
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
    }

    /** Done/total as a fraction in [0, 1], or -1 when the total is unknown. */
    public double fraction() {
        return step < 0 || maxSteps <= 0 ? -1 : Math.min(1.0, (double) step / maxSteps);
    }

    /** One metric by swift key, or NaN. */
    public double metric(String key) {
        Double v = metrics.get(key);
        return v == null ? Double.NaN : v;
    }

    /** A short human line: {@code loss 1.4700, acc 0.655, lr 2e-6, 4.9 GiB, ETA 4m 28s}. */
    public String summary() {
        return describe("ETA ", "");
    }

    private String describe(String etaPrefix, String etaSuffix) {
        List<String> parts = new ArrayList<>();
        String prefix = switch (kind) {
            case EVAL -> "eval_";
            case SUMMARY -> "train_";
            default -> "";
        };
        if (!Double.isNaN(loss)) {
            parts.add(String.format(Locale.ROOT, "%sloss %.4f", prefix, loss));
        }
        if (!Double.isNaN(accuracy)) {
            parts.add(String.format(Locale.ROOT, "%sacc %.3f", prefix, accuracy));
        }
        if (kind == Kind.TRAIN && !Double.isNaN(learningRate)) {
            parts.add("lr " + (learningRate > 0 && !Double.isInfinite(learningRate)
                    ? Shell.decimal(new BigDecimal(learningRate).round(new MathContext(3)).doubleValue())
                    : Double.toString(learningRate)));
        }
        if (kind == Kind.TRAIN && !Double.isNaN(memoryGiB)) {
            parts.add(String.format(Locale.ROOT, "%.1f GiB", memoryGiB));
        }
        if (kind != Kind.SUMMARY && remaining != null) {
            parts.add(etaPrefix + format(remaining) + etaSuffix);
        }
        if (kind == Kind.SUMMARY && !Double.isNaN(metric("train_runtime"))) {
            parts.add("runtime " + format(Duration.ofMillis((long) (metric("train_runtime") * 1000))));
        }
        return String.join(", ", parts);
    }

    /**
     * As a generic {@link Progress} of task "train" (steps done of max steps); the detail is {@link #summary()} with
     * swift's own estimate written as "4m 28s left" (a progress bar adds its own ETA).
     */
    public Progress toProgress() {
        return new Progress("train", Math.max(0, step), maxSteps, describe("", " left"));
    }

    /** swift's own duration format: {@code 2s}, {@code 4m 28s}, {@code 1h 2m 3s}, {@code 1d 0h 0m 5s}. */
    static String format(Duration d) {
        long s = d.getSeconds();
        long days = s / 86_400;
        long h = s % 86_400 / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        if (days > 0) {
            return days + "d " + h + "h " + m + "m " + sec + "s";
        }
        if (h > 0) {
            return h + "h " + m + "m " + sec + "s";
        }
        return m > 0 ? m + "m " + sec + "s" : sec + "s";
    }
}
