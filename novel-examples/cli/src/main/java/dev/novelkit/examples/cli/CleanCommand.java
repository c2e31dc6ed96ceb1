package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.dataset.TrainingLimits;
import dev.novelkit.dataset.clean.CleaningReport;
import dev.novelkit.dataset.clean.DatasetCleaner;
import dev.novelkit.dataset.tokenizer.QwenTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code novelkit clean}: cleans a JSONL dataset and prints the cleaning report. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Clean a JSONL dataset (swift query/response, messages, alpaca or sharegpt records): special "
                + "symbols, boilerplate and mojibake, token-length filters with the real Qwen tokenizer, character "
                + "length, exact and near duplicates of whole samples (prompt and response). Prints the cleaning report.",
                "The tokenizer is a tokenizer.json or a model folder holding one; NOVELKIT_TOKENIZER is used when "
                        + "--tokenizer is not given."})
final class CleanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "F.jsonl", description = "The dataset to clean.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "G.jsonl",
            description = "Where to write the cleaned dataset (atomically: it may be the input file, which keeps its "
                    + "old content until the cleaned one is complete).")
    Path out;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "tokenizer.json or a model folder containing it (default: $NOVELKIT_TOKENIZER).")
    Path tokenizer;

    @Option(names = "--min-tokens", paramLabel = "N", description = "Minimum tokens of system + history + query + response.")
    int minTokens = 0;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "Maximum tokens of system + history + query + response (default: ${DEFAULT-VALUE}, what "
                    + "training uses as --max-length).")
    int maxTokens = TrainingLimits.DEFAULT_MAX_LENGTH;

    @Option(names = "--min-query-tokens", paramLabel = "N", description = "Minimum query tokens.")
    int minQueryTokens = 0;

    @Option(names = "--max-query-tokens", paramLabel = "N", description = "Maximum query tokens.")
    int maxQueryTokens = Integer.MAX_VALUE;

    @Option(names = "--min-response-tokens", paramLabel = "N", description = "Minimum response tokens.")
    int minResponseTokens = 0;

    @Option(names = "--max-response-tokens", paramLabel = "N", description = "Maximum response tokens.")
    int maxResponseTokens = Integer.MAX_VALUE;

    @Option(names = "--min-chars", paramLabel = "N", description = "Minimum response characters.")
    int minChars = 0;

    @Option(names = "--max-chars", paramLabel = "N", description = "Maximum response characters.")
    int maxChars = Integer.MAX_VALUE;

    @Option(names = "--max-special-ratio", paramLabel = "X", defaultValue = "0.25",
            description = "Maximum share of truly special characters (default: ${DEFAULT-VALUE}; 1 turns it off).")
    double maxSpecialRatio;

    @Option(names = "--no-dedup", description = "Keep exact and near duplicates.")
    boolean noDedup;

    @Option(names = "--no-near-dedup", description = "Remove exact duplicates only.")
    boolean noNearDedup;

    @Option(names = "--dedup-on", paramLabel = "whole|response", defaultValue = "whole",
            description = "Compare whole samples, prompt and response (default), or responses only.")
    String dedupOn;

    @Option(names = "--near-dup-threshold", paramLabel = "X", defaultValue = "0.7",
            description = "Estimated Jaccard similarity (of the prompt and of the response) from which a sample is a "
                    + "near duplicate (default: ${DEFAULT-VALUE}).")
    double nearDupThreshold;

    @Option(names = "--no-symbols", description = "Do not clean special symbols, boilerplate, entities and whitespace.")
    boolean noSymbols;

    @Option(names = "--strict", description = "Fail on the first malformed line instead of counting it.")
    boolean strict;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        // DJL logs a CUDA probe warning and its platform at WARN/INFO: noise for a tokenizer that runs on the CPU
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
        }
        Path tokenizerPath = tokenizerPath();
        DatasetCleaner cleaner = DatasetCleaner.defaults()
                .totalTokens(minTokens, maxTokens)
                .queryTokens(minQueryTokens, maxQueryTokens)
                .responseTokens(minResponseTokens, maxResponseTokens)
                .responseChars(minChars, maxChars)
                .maxSpecialRatio(maxSpecialRatio)
                .exactDedup(!noDedup)
                .nearDedup(!noDedup && !noNearDedup)
                .nearDuplicateThreshold(nearDupThreshold)
                .nearDedupOn(switch (dedupOn.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "whole" -> DatasetCleaner.NearDedupOn.WHOLE_SAMPLE;
                    case "response" -> DatasetCleaner.NearDedupOn.RESPONSE;
                    default -> throw new InvalidInputException("--dedup-on", "must be whole or response, was "
                            + dedupOn);
                })
                .cleanSymbols(!noSymbols)
                .strict(strict)
                .threads(threads);
        try (QwenTokenizer qwen = QwenTokenizer.load(tokenizerPath)) {
            CleaningReport report = cleaner.tokenCounter(qwen).clean(input, out, ProgressBar.stderr());
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private Path tokenizerPath() {
        if (tokenizer != null) {
            return tokenizer;
        }
        String fromEnv = System.getenv("NOVELKIT_TOKENIZER");
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new InvalidInputException("--tokenizer", "missing: give the Qwen tokenizer.json (or the model "
                    + "folder holding it) with --tokenizer PATH or NOVELKIT_TOKENIZER; token filters never fall back "
                    + "to character counts");
        }
        return Path.of(fromEnv);
    }
}
