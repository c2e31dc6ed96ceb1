package dev.novelkit.llm.swift;

import dev.novelkit.llm.swift.internal.PyLiteral;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads swift's console output line by line, in the formats of 2.x, 3.x and 4.x: the Python-dict metrics lines
 * ({@code {'loss': 1.47, 'token_acc': 0.655, 'global_step/max_steps': '1/94', ...}}; accuracy as {@code acc},
 * {@code token_acc} or {@code seq_acc}; speed as {@code train_speed(iter/s)} or {@code train_speed(s/it)}; no
 * {@code percentage} in 4.x, where the fraction comes from {@code global_step/max_steps}; durations such as
 * {@code 1m 60s}; a torchrun {@code [rankN]:} prefix on any line), the tqdm {@code Train:} bar (for the step total
 * when old 2.x records lack it), the {@code last_model_checkpoint:}/{@code best_model_checkpoint:} lines swift prints at the end,
 * {@code Saving model checkpoint to}, {@code The logging file will be saved in}, and failures (Python tracebacks,
 * CUDA out of memory). Also reads {@code logging.jsonl} records, which are the same dicts as JSON.
 *
 * <p>Feed lines in order with {@link #accept(String)}. Not thread-safe: one parser per log.
 */
public final class SwiftLogParser {
    private long knownMaxSteps = -1;
    private Path lastCheckpoint;
    private Path bestCheckpoint;
    private Path loggingFile;
    private final List<Path> savedCheckpoints = new ArrayList<>();
    private boolean inTraceback;
    private String oomLine;
    private String lastException;
    private String lastUsefulException;
    private String lastErrorLine;

    /**
     * Reads one console line. Returns the metrics record when the line is one, and otherwise remembers what the
     * line says (checkpoints, log file, step total, failure).
     */
    public Optional<TrainingProgress> accept(String line) {
        if (line == null || line.isEmpty()) {
            return Optional.empty();
        }
        int segment = line.lastIndexOf('\r') + 1; // tqdm redraws with \r when a caller splits on \n only
        int start = skipRankPrefix(line, segment);
        int n = line.length();
        while (start < n && line.charAt(start) == ' ') {
            start++;
        }
        if (start >= n) {
            return Optional.empty();
        }
        char first = line.charAt(start);
        if (first == '{') {
            inTraceback = false;
            Map<String, Object> map;
            try {
                map = PyLiteral.parseDict(line, start, n);
            } catch (IllegalArgumentException notADict) {
                return Optional.empty();
            }
            return acceptRecord(map);
        }
        if (first == 'T' && line.startsWith("Train:", start)) {
            readTqdmTotal(line, start);
            return Optional.empty();
        }
        readTextLine(segment == 0 ? line : line.substring(segment));
        return Optional.empty();
    }

    /**
     * Reads one record given as a map (a parsed {@code logging.jsonl} line or console dict). Records that carry
     * {@code last_model_checkpoint} (3.x writes one at the end of {@code logging.jsonl}) update the checkpoints and
     * return empty.
     */
    public Optional<TrainingProgress> acceptRecord(Map<String, Object> map) {
        Object last = map.get("last_model_checkpoint");
        if (last != null || map.containsKey("best_model_checkpoint")) {
            if (last instanceof String s && !s.isBlank() && !s.equals("None")) {
                lastCheckpoint = Path.of(s);
            }
            if (map.get("best_model_checkpoint") instanceof String s && !s.isBlank() && !s.equals("None")) {
                bestCheckpoint = Path.of(s);
            }
            return Optional.empty();
        }
        Optional<TrainingProgress> p = toProgress(map, knownMaxSteps);
        p.ifPresent(tp -> {
            if (tp.maxSteps() > 0) {
                knownMaxSteps = tp.maxSteps();
            }
        });
        return p;
    }

    /** Parses one console line or {@code logging.jsonl} line as a metrics record, without any state. */
    public static Optional<TrainingProgress> parseRecord(String line) {
        int start = skipRankPrefix(line, line.lastIndexOf('\r') + 1);
        while (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        if (start >= line.length() || line.charAt(start) != '{') {
            return Optional.empty();
        }
        try {
            return toProgress(PyLiteral.parseDict(line, start, line.length()), -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@code last_model_checkpoint} swift reported, if it did. */
    public Optional<Path> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }

    /** The {@code best_model_checkpoint} swift reported (absent when it printed None). */
    public Optional<Path> bestCheckpoint() {
        return Optional.ofNullable(bestCheckpoint);
    }

    /** The {@code logging.jsonl} path swift announced, if it did. */
    public Optional<Path> loggingFile() {
        return Optional.ofNullable(loggingFile);
    }

    /** Every checkpoint swift said it saved, in order. */
    public List<Path> savedCheckpoints() {
        return List.copyOf(savedCheckpoints);
    }

    /** The step total learnt so far, or -1. */
    public long maxSteps() {
        return knownMaxSteps;
    }

    /**
     * Why the run failed, as far as the output tells: the CUDA out-of-memory line if there was one, else the last
     * exception line of a Python traceback (skipping torchrun's own {@code ChildFailedError} wrapper), else the last
     * {@code [ERROR:swift]} line.
     */
    public Optional<String> failureCause() {
        if (oomLine != null) {
            return Optional.of(oomLine);
        }
        if (lastUsefulException != null || lastException != null) {
            return Optional.of(lastUsefulException != null ? lastUsefulException : lastException);
        }
        return Optional.ofNullable(lastErrorLine);
    }

    /** Whether a CUDA out-of-memory error was seen. */
    public boolean outOfMemory() {
        return oomLine != null;
    }

    private void readTqdmTotal(String line, int start) {
        // Train:  54%|█████     | 50/93 [03:42<03:19,  4.64s/it]
        int bracket = line.indexOf(" [", start);
        if (bracket < 0) {
            return;
        }
        int slash = line.lastIndexOf('/', bracket);
        if (slash < 0) {
            return;
        }
        try {
            long total = Long.parseLong(line.substring(slash + 1, bracket).strip());
            if (total > 0) {
                knownMaxSteps = total;
            }
        } catch (NumberFormatException ignored) {
            // not a step counter
        }
    }

    private void readTextLine(String text) {
        String t = stripRankPrefix(text);
        if (t.indexOf("out of memory") >= 0 && (t.contains("CUDA out of memory") || t.contains("OutOfMemoryError")
                || t.contains("CUDA error: out of memory"))) {
            if (oomLine == null || t.contains("Error")) {
                oomLine = abbreviate(t.strip(), 400);
            }
        }
        if (t.startsWith("Traceback (most recent call last)")) {
            inTraceback = true;
            return;
        }
        if (inTraceback) {
            if (t.startsWith(" ") || t.startsWith("\t") || t.isBlank() || t.startsWith("^")) {
                return;
            }
            inTraceback = false;
            String ex = abbreviate(t.strip(), 400);
            lastException = ex;
            if (!ex.contains("ChildFailedError")) {
                lastUsefulException = ex;
            }
            return;
        }
        if (t.startsWith("[ERROR")) {
            lastErrorLine = abbreviate(t.strip(), 400);
            return;
        }
        int k = t.indexOf("last_model_checkpoint: ");
        if (k >= 0) {
            lastCheckpoint = pathOrNull(t.substring(k + "last_model_checkpoint: ".length()), lastCheckpoint);
            return;
        }
        k = t.indexOf("best_model_checkpoint: ");
        if (k >= 0) {
            bestCheckpoint = pathOrNull(t.substring(k + "best_model_checkpoint: ".length()), bestCheckpoint);
            return;
        }
        k = t.indexOf("The logging file will be saved in: ");
        if (k >= 0) {
            loggingFile = pathOrNull(t.substring(k + "The logging file will be saved in: ".length()), loggingFile);
            return;
        }
        k = t.indexOf("Saving model checkpoint to ");
        if (k >= 0) {
            Path p = pathOrNull(t.substring(k + "Saving model checkpoint to ".length()), null);
            if (p != null && !savedCheckpoints.contains(p)) {
                savedCheckpoints.add(p);
            }
        }
    }

    /** Where the text starts after a torchrun {@code [rankN]:} prefix at {@code from}, or {@code from}. */
    private static int skipRankPrefix(String line, int from) {
        if (line.startsWith("[rank", from)) {
            int close = line.indexOf("]:", from);
            if (close > from && close < from + 12) {
                return close + 2;
            }
        }
        return from;
    }

    private static String stripRankPrefix(String t) {
        if (t.startsWith("[rank")) {
            int close = t.indexOf("]:");
            if (close > 0 && close < 12) {
                int from = close + 2;
                return from < t.length() && t.charAt(from) == ' ' ? t.substring(from + 1) : t.substring(from);
            }
        }
        return t;
    }

    private static Path pathOrNull(String value, Path previous) {
        String v = value.strip();
        if (v.endsWith(".") && !v.endsWith("..")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty() || v.equals("None")) {
            return previous;
        }
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            return previous;
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    static Optional<TrainingProgress> toProgress(Map<String, Object> map, long knownMaxSteps) {
        long step = -1;
        long maxSteps = knownMaxSteps;
        Object gm = map.get("global_step/max_steps");
        if (gm instanceof String s) {
            int slash = s.indexOf('/');
            if (slash > 0) {
                try {
                    step = Long.parseLong(s.substring(0, slash).strip());
                    maxSteps = Long.parseLong(s.substring(slash + 1).strip());
                } catch (NumberFormatException ignored) {
                    step = -1;
                }
            }
        }
        if (step < 0) {
            double gs = number(map.get("global_step"));
            if (!Double.isNaN(gs)) {
                step = (long) gs;
            }
        }
        TrainingProgress.Kind kind;
        if (map.containsKey("train_runtime")) {
            kind = TrainingProgress.Kind.SUMMARY;
        } else if (map.containsKey("eval_loss") || hasEvalKey(map)) {
            kind = TrainingProgress.Kind.EVAL;
        } else if (map.containsKey("loss") || gm != null) {
            kind = TrainingProgress.Kind.TRAIN;
        } else {
            return Optional.empty();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            double v = e.getKey().equals("percentage") ? percent(e.getValue()) : number(e.getValue());
            if (!Double.isNaN(v)) {
                metrics.put(e.getKey(), v);
            }
        }
        double loss;
        double acc;
        switch (kind) {
            case EVAL -> {
                loss = number(map.get("eval_loss"));
                acc = first(map, "eval_token_acc", "eval_seq_acc", "eval_acc");
            }
            case SUMMARY -> {
                loss = number(map.get("train_loss"));
                acc = Double.NaN;
            }
            default -> {
                loss = number(map.get("loss"));
                acc = first(map, "token_acc", "seq_acc", "acc");
            }
        }
        double speed = number(map.get("train_speed(iter/s)"));
        if (Double.isNaN(speed)) {
            double secPerIt = first(map, "train_speed(s/it)", "train_speed(sec/iter)");
            speed = secPerIt > 0 ? 1 / secPerIt : Double.NaN;
        }
        if (step >= 0 && maxSteps >= 0 && maxSteps < step) {
            maxSteps = step;
        }
        return Optional.of(new TrainingProgress(kind, step, maxSteps, number(map.get("epoch")), loss, acc,
                number(map.get("learning_rate")), number(map.get("grad_norm")), number(map.get("memory(GiB)")),
                speed, duration(map.get("elapsed_time")), duration(map.get("remaining_time")), metrics));
    }

    private static boolean hasEvalKey(Map<String, Object> map) {
        for (String k : map.keySet()) {
            if (k.startsWith("eval_")) {
                return true;
            }
        }
        return false;
    }

    private static double first(Map<String, Object> map, String... keys) {
        for (String k : keys) {
            double v = number(map.get(k));
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    private static double number(Object o) {
        if (o instanceof Number num) {
            return num.doubleValue();
        }
        if (o instanceof String s && !s.isEmpty()) {
            char c = s.charAt(0);
            if (c == '-' || c == '.' || (c >= '0' && c <= '9')) {
                try {
                    return Double.parseDouble(s.strip());
                } catch (NumberFormatException ignored) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    private static double percent(Object o) {
        if (o instanceof String s && s.endsWith("%")) {
            return number(s.substring(0, s.length() - 1));
        }
        return number(o);
    }

    /** Reads swift's {@code format_time} output ({@code 2s}, {@code 4m 28s}, {@code 9h 30m 16s}, {@code 1d 2h 3m 4s}) or {@code H:MM:SS}. */
    static Duration duration(Object o) {
        if (!(o instanceof String s) || s.isBlank()) {
            return null;
        }
        long seconds = 0;
        if (s.indexOf(':') >= 0) {
            for (String part : s.strip().split(":")) {
                try {
                    seconds = seconds * 60 + Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return Duration.ofSeconds(seconds);
        }
        long value = -1;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
            } else if (c == ' ') {
                continue;
            } else if (value >= 0) {
                long unit = switch (c) {
                    case 'd' -> 86_400;
                    case 'h' -> 3600;
                    case 'm' -> 60;
                    case 's' -> 1;
                    default -> -1;
                };
                if (unit < 0) {
                    return null;
                }
                seconds += value * unit;
                value = -1;
                any = true;
            } else {
                return null;
            }
        }
        return any && value < 0 ? Duration.ofSeconds(seconds) : null;
    }
}
