package dev.novelkit.dataset.clean;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.dataset.TrainingLimits;
import dev.novelkit.core.dataset.TrainingRecord;
import dev.novelkit.core.llm.TokenCounter;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.dataset.clean.internal.MinHasher;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Cleans a JSONL training set: fixes text (special symbols, zero-width and control characters, HTML entities,
 * web-novel boilerplate, whitespace), drops samples that are malformed, mojibake, empty, too short or too long (in
 * characters or in real tokens), too full of special characters, or exact / near duplicates (MinHash over
 * character shingles), and writes the rest in the record format each line came in (swift query/response,
 * {@code messages}, alpaca, sharegpt: {@link TrainingRecord}), in input order.
 *
 * <p>Duplicates are judged on the whole sample: its prompt (system, earlier turns, query) and its response. An exact
 * duplicate has both equal (after normalising whitespace and width); a near duplicate has both similar (estimated
 * Jaccard of each at least the threshold). The seed's three sample kinds share one response with different
 * queries: they are different samples and all kept. By default a sample longer than
 * {@link TrainingLimits#DEFAULT_MAX_LENGTH} tokens in all (the length training uses) is dropped.
 *
 * <p>Immutable: each setter returns a new cleaner and rejects a bad value with an
 * {@link dev.novelkit.core.InvalidSettingException}. A token counter must be chosen explicitly
 * ({@code tokenCounter(QwenTokenizer.load(path))}, or {@link TokenCounter#codePoints()} to count characters).
 *
 * <p>It streams: lines are read in batches, cleaned, tokenized and signed on {@link #threads(int)} threads, then
 * deduplicated and written by one ordered stage, so the output is the same for any number of threads. Memory does
 * not grow with the texts, only with the kept samples' dedup state: about 40 bytes per kept sample for exact
 * duplicates, plus for near duplicates one byte per MinHash permutation and about 20 bytes per LSH band (with the
 * defaults, 256 permutations and 32 bands: roughly 0.9 KB per kept sample; turn near-dedup off for about 40 bytes).
 *
 * <pre>{@code
 * try (QwenTokenizer qwen = QwenTokenizer.load(Path.of("Qwen2-7B-Instruct"))) {
 *     CleaningReport report = DatasetCleaner.defaults().tokenCounter(qwen).totalTokens(32, 4096)
 *             .clean(Path.of("train.jsonl"), Path.of("train.clean.jsonl"));
 *     System.out.println(report.render());
 * }
 * }</pre>
 */
public final class DatasetCleaner {
    /** What duplicate detection compares. */
    public enum NearDedupOn {
        /** The prompt (system, earlier turns, query) and the response, each: the default. */
        WHOLE_SAMPLE,
        /** The response alone: samples that teach the same answer to different prompts are duplicates. */
        RESPONSE
    }

    static final class Settings implements Cloneable {
        TokenCounter tokenCounter;
        SymbolCleaner symbolCleaner = SymbolCleaner.defaults();
        boolean cleanSymbols = true;
        boolean dropMojibake = true;
        int minQueryChars = 0;
        int maxQueryChars = Integer.MAX_VALUE;
        int minResponseChars = 0;
        int maxResponseChars = Integer.MAX_VALUE;
        int minQueryTokens = 0;
        int maxQueryTokens = Integer.MAX_VALUE;
        int minResponseTokens = 0;
        int maxResponseTokens = Integer.MAX_VALUE;
        int minTotalTokens = 0;
        int maxTotalTokens = TrainingLimits.DEFAULT_MAX_LENGTH;
        double maxSpecialRatio = 0.25;
        boolean exactDedup = true;
        boolean nearDedup = true;
        double nearDuplicateThreshold = 0.7;
        NearDedupOn nearDedupOn = NearDedupOn.WHOLE_SAMPLE;
        int shingle = 5;
        int permutations = 256;
        int threads = Runtime.getRuntime().availableProcessors();
        int batchSize = 256;
        int maxLineBytes = 64 << 20;
        boolean strict;

        @Override
        protected Settings clone() {
            try {
                return (Settings) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final DatasetCleaner DEFAULTS = new DatasetCleaner(new Settings());

    private final Settings settings;

    private DatasetCleaner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Every cleaning step on: symbols cleaned, mojibake dropped, special ratio at most 0.25, exact and near
     * duplicates of whole samples (threshold 0.7, 5-character shingles, 256 permutations) removed; at most
     * {@link TrainingLimits#DEFAULT_MAX_LENGTH} tokens in all, no other length limits; all cores.
     */
    public static DatasetCleaner defaults() {
        return DEFAULTS;
    }

    private DatasetCleaner with(java.util.function.Consumer<Settings> change) {
        Settings s = settings.clone();
        change.accept(s);
        return new DatasetCleaner(s);
    }

    /** What counts tokens for the token filters and statistics: the real Qwen tokenizer, normally. */
    public DatasetCleaner tokenCounter(TokenCounter counter) {
        Require.nonNull("tokenCounter", counter);
        return with(s -> s.tokenCounter = counter);
    }

    /** The symbol cleaner to apply to every text field. */
    public DatasetCleaner symbolCleaner(SymbolCleaner cleaner) {
        Require.nonNull("symbolCleaner", cleaner);
        return with(s -> s.symbolCleaner = cleaner);
    }

    /** Whether to run the symbol cleaner at all (on by default). */
    public DatasetCleaner cleanSymbols(boolean on) {
        return with(s -> s.cleanSymbols = on);
    }

    /** Whether to repair Latin-1 mojibake and drop samples with mojibake that cannot be repaired (on by default). */
    public DatasetCleaner dropMojibake(boolean on) {
        return with(s -> s.dropMojibake = on);
    }

    /** Keeps samples whose query has {@code min..max} characters (code points, after cleaning). */
    public DatasetCleaner queryChars(int min, int max) {
        checkRange("queryChars", min, max);
        return with(s -> {
            s.minQueryChars = min;
            s.maxQueryChars = max;
        });
    }

    /** Keeps samples whose response has {@code min..max} characters (code points, after cleaning). */
    public DatasetCleaner responseChars(int min, int max) {
        checkRange("responseChars", min, max);
        return with(s -> {
            s.minResponseChars = min;
            s.maxResponseChars = max;
        });
    }

    /** Keeps samples whose query has {@code min..max} tokens. */
    public DatasetCleaner queryTokens(int min, int max) {
        checkRange("queryTokens", min, max);
        return with(s -> {
            s.minQueryTokens = min;
            s.maxQueryTokens = max;
        });
    }

    /** Keeps samples whose response has {@code min..max} tokens. */
    public DatasetCleaner responseTokens(int min, int max) {
        checkRange("responseTokens", min, max);
        return with(s -> {
            s.minResponseTokens = min;
            s.maxResponseTokens = max;
        });
    }

    /**
     * Keeps samples whose system + history + query + response have {@code min..max} tokens (default
     * 0..{@link TrainingLimits#DEFAULT_MAX_LENGTH}; {@code Integer.MAX_VALUE} for no upper limit).
     */
    public DatasetCleaner totalTokens(int min, int max) {
        checkRange("totalTokens", min, max);
        return with(s -> {
            s.minTotalTokens = min;
            s.maxTotalTokens = max;
        });
    }

    /**
     * Drops samples in which more than {@code ratio} of the query and response characters are truly special
     * ({@link SymbolCleaner#isSpecial(int)}); 1.0 turns the filter off.
     */
    public DatasetCleaner maxSpecialRatio(double ratio) {
        Require.between("maxSpecialRatio", ratio, 0, 1);
        return with(s -> s.maxSpecialRatio = ratio);
    }

    /** Whether to drop samples whose normalized prompt and response equal an earlier kept sample's. */
    public DatasetCleaner exactDedup(boolean on) {
        return with(s -> s.exactDedup = on);
    }

    /** Whether to drop near duplicates of earlier kept samples (MinHash LSH, verified by estimated Jaccard). */
    public DatasetCleaner nearDedup(boolean on) {
        return with(s -> s.nearDedup = on);
    }

    /** The estimated Jaccard similarity from which a sample is a near duplicate (default 0.7). */
    public DatasetCleaner nearDuplicateThreshold(double threshold) {
        Require.that(threshold > 0 && threshold <= 1, "nearDuplicateThreshold", threshold, "must be in (0, 1]");
        return with(s -> s.nearDuplicateThreshold = threshold);
    }

    /** What duplicate detection compares, exact and near (the whole sample by default). */
    public DatasetCleaner nearDedupOn(NearDedupOn on) {
        Require.nonNull("nearDedupOn", on);
        return with(s -> s.nearDedupOn = on);
    }

    /** The MinHash shingle width in characters (default 5) and number of permutations (default 256). */
    public DatasetCleaner minHash(int shingle, int permutations) {
        Require.between("shingle", shingle, 1, 64);
        Require.between("permutations", permutations, 16, 1024);
        return with(s -> {
            s.shingle = shingle;
            s.permutations = permutations;
        });
    }

    /** Worker threads for cleaning, tokenizing and signing (default: all processors). */
    public DatasetCleaner threads(int threads) {
        Require.between("threads", threads, 1, 1024);
        return with(s -> s.threads = threads);
    }

    /** Lines per work unit (default 256). */
    public DatasetCleaner batchSize(int lines) {
        Require.between("batchSize", lines, 1, 1_000_000);
        return with(s -> s.batchSize = lines);
    }

    /** Lines longer than this many bytes are malformed (default 64 MiB), so one huge line cannot exhaust memory. */
    public DatasetCleaner maxLineBytes(int bytes) {
        Require.atLeast("maxLineBytes", bytes, 16);
        return with(s -> s.maxLineBytes = bytes);
    }

    /**
     * In strict mode the first malformed line fails the run with an {@code InvalidInputException} naming
     * {@code file:line}; otherwise malformed lines are counted and listed in the report.
     */
    public DatasetCleaner strict(boolean on) {
        return with(s -> s.strict = on);
    }

    /** The LSH (bands, rows) used for the near-duplicate threshold and permutations. */
    public int[] lshBands() {
        return MinHasher.optimalBands(settings.nearDuplicateThreshold, settings.permutations);
    }

    /**
     * Cleans {@code input} into {@code output}, written atomically: input and output may be the same file, which
     * keeps its old content until the cleaned file is complete (a failure or cancellation leaves it untouched).
     */
    public CleaningReport clean(Path input, Path output) {
        return clean(input, output, ProgressListener.NONE, new Cancellation());
    }

    /** Cleans with progress events (bytes read of the input size). */
    public CleaningReport clean(Path input, Path output, ProgressListener listener) {
        return clean(input, output, listener, new Cancellation());
    }

    /**
     * Cleans with progress events; {@code cancellation} stops the run between batches with a
     * {@code CancelledException}, leaving no output file.
     */
    public CleaningReport clean(Path input, Path output, ProgressListener listener, Cancellation cancellation) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        Require.that(settings.tokenCounter != null, "tokenCounter", null, "must be set: "
                + "tokenCounter(QwenTokenizer.load(path)), or tokenCounter(TokenCounter.codePoints()) to count "
                + "characters instead of tokens");
        return new CleaningRun(settings, input, output, listener, cancellation).run();
    }

    private static void checkRange(String name, int min, int max) {
        Require.that(min >= 0 && max >= min, name, min + ".." + max, "needs 0 <= min <= max");
    }

    @Override
    public String toString() {
        Settings s = settings;
        return String.format(Locale.ROOT, "DatasetCleaner[tokens query %s response %s total %s, chars query %s "
                        + "response %s, symbols %s, mojibake %s, specialRatio %.2f, exactDedup %s, nearDedup %s (%.2f on %s), "
                        + "threads %d, tokenCounter %s]",
                range(s.minQueryTokens, s.maxQueryTokens), range(s.minResponseTokens, s.maxResponseTokens),
                range(s.minTotalTokens, s.maxTotalTokens), range(s.minQueryChars, s.maxQueryChars),
                range(s.minResponseChars, s.maxResponseChars), s.cleanSymbols, s.dropMojibake, s.maxSpecialRatio,
                s.exactDedup, s.nearDedup, s.nearDuplicateThreshold, s.nearDedupOn, s.threads, s.tokenCounter);
    }

    private static String range(int min, int max) {
        return min + ".." + (max == Integer.MAX_VALUE ? "" : String.valueOf(max));
    }
}
