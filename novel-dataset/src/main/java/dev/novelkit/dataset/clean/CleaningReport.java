package dev.novelkit.dataset.clean;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link DatasetCleaner} run did: samples in and out, removals per reason (with the first malformed lines
 * as {@code file:line: problem}), characters removed by the symbol cleaner, token-length statistics of the kept
 * samples, and the time taken. {@link #render()} gives the table the CLI prints.
 *
 * @param samplesIn        non-blank input lines (malformed ones included)
 * @param samplesOut       samples written
 * @param removed          count per reason (every reason present, zero when unused)
 * @param malformedLines   the first malformed lines, {@code file:line: problem}
 * @param formats          input samples per record format ({@code swift}, {@code messages}, {@code alpaca}, {@code sharegpt})
 * @param samplesChanged   kept samples whose text the symbol cleaner (or mojibake repair) changed
 * @param charactersRemoved code points removed from the kept samples by the symbol cleaner
 * @param mojibakeRepaired text fields whose Latin-1 / Windows-1252 mojibake was decoded back
 * @param queryTokens      token lengths of the kept samples' queries
 * @param responseTokens   token lengths of the kept samples' responses
 * @param totalTokens      token lengths of the kept samples' system + history + query + response
 * @param tokensCounted    every token the counter counted, kept or not
 * @param tokenizer        what counted the tokens
 * @param dedupStateBytes  heap held by the duplicate-removal state at the end (hashes, signatures, LSH tables)
 * @param elapsed          wall time of the run
 */
public record CleaningReport(
        Path input, Path output, long samplesIn, long samplesOut, Map<RemovalReason, Long> removed,
        List<String> malformedLines, Map<String, Long> formats, long samplesChanged, long charactersRemoved,
        long mojibakeRepaired, TokenStats queryTokens, TokenStats responseTokens, TokenStats totalTokens,
        long tokensCounted, String tokenizer, long dedupStateBytes, Duration elapsed) {

    public CleaningReport {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        EnumMap<RemovalReason, Long> all = new EnumMap<>(RemovalReason.class);
        for (RemovalReason r : RemovalReason.values()) {
            all.put(r, 0L);
        }
        all.putAll(Objects.requireNonNull(removed, "removed"));
        removed = Collections.unmodifiableMap(all);
        malformedLines = List.copyOf(malformedLines);
        formats = Collections.unmodifiableMap(new LinkedHashMap<>(formats));
        Objects.requireNonNull(queryTokens, "queryTokens");
        Objects.requireNonNull(responseTokens, "responseTokens");
        Objects.requireNonNull(totalTokens, "totalTokens");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(elapsed, "elapsed");
        long sum = samplesOut;
        for (long v : removed.values()) {
            sum += v;
        }
        if (sum != samplesIn) {
            throw new IllegalArgumentException("samplesIn " + samplesIn + " != samplesOut + removed " + sum);
        }
    }

    /** How many samples were removed for {@code reason}. */
    public long removed(RemovalReason reason) {
        return removed.get(reason);
    }

    /** All samples removed, malformed lines included. */
    public long removedTotal() {
        return samplesIn - samplesOut;
    }

    /** Tokens counted per second of wall time. */
    public double tokensPerSecond() {
        return perSecond(tokensCounted);
    }

    /** Input samples per second of wall time. */
    public double samplesPerSecond() {
        return perSecond(samplesIn);
    }

    private double perSecond(long n) {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : n / s;
    }

    /** A readable multi-line table. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "cleaned %s -> %s%n", input, output));
        b.append(String.format(Locale.ROOT, "  %-20s %,12d%n", "samples in", samplesIn));
        b.append(String.format(Locale.ROOT, "  %-20s %,12d  (%.1f%%)%n", "samples out", samplesOut,
                samplesIn == 0 ? 0.0 : 100.0 * samplesOut / samplesIn));
        if (!formats.isEmpty()) {
            StringBuilder f = new StringBuilder();
            formats.forEach((k, v) -> f.append(f.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            b.append(String.format(Locale.ROOT, "  %-20s %s%n", "formats", f));
        }
        b.append("  removed:\n");
        for (RemovalReason r : RemovalReason.values()) {
            long v = removed.get(r);
            if (v > 0) {
                b.append(String.format(Locale.ROOT, "    %-18s %,12d%n", r.key(), v));
            }
        }
        if (removedTotal() == 0) {
            b.append("    (none)\n");
        }
        b.append(String.format(Locale.ROOT, "  %-20s %,12d  in %,d samples%n", "chars removed", charactersRemoved,
                samplesChanged));
        if (mojibakeRepaired > 0) {
            b.append(String.format(Locale.ROOT, "  %-20s %,12d fields%n", "mojibake repaired", mojibakeRepaired));
        }
        b.append(String.format(Locale.ROOT, "  tokens of kept samples (%s):%n", tokenizer));
        b.append(String.format(Locale.ROOT, "    %-10s %8s %10s %8s %8s %8s%n", "", "min", "mean", "p50", "p95", "max"));
        row(b, "query", queryTokens);
        row(b, "response", responseTokens);
        row(b, "total", totalTokens);
        b.append(String.format(Locale.ROOT, "  %-20s %,12d tokens counted in %.2f s: %,.0f tokens/s, %,.0f samples/s%n",
                "speed", tokensCounted, elapsed.toNanos() / 1e9, tokensPerSecond(), samplesPerSecond()));
        b.append(String.format(Locale.ROOT, "  %-20s %,12.1f MB%s%n", "dedup state", dedupStateBytes / 1e6,
                samplesOut == 0 ? "" : String.format(Locale.ROOT, "  (%,d bytes per kept sample)", dedupStateBytes / samplesOut)));
        if (!malformedLines.isEmpty()) {
            b.append("  malformed lines").append(malformedLines.size() < removed(RemovalReason.MALFORMED)
                    ? " (first " + malformedLines.size() + ")" : "").append(":\n");
            for (String line : malformedLines) {
                b.append("    ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, TokenStats s) {
        b.append(String.format(Locale.ROOT, "    %-10s %8d %10.1f %8d %8d %8d%n", name, s.min(), s.mean(), s.p50(),
                s.p95(), s.max()));
    }

    @Override
    public String toString() {
        return render();
    }
}
