package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.io.WrittenFiles;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.summary.Summarizer;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.DatasetBuilder;
import dev.novelkit.dataset.build.DatasetResult;
import dev.novelkit.dataset.build.Sample;
import dev.novelkit.dataset.io.DatasetWriter;
import dev.novelkit.core.dataset.RecordFormat;
import dev.novelkit.dataset.io.Split;
import dev.novelkit.dataset.prompt.SummaryPromptBuilder;
import dev.novelkit.dataset.summary.llm.LlmSummarizer;
import dev.novelkit.dataset.summary.offline.OfflineSummarizer;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.llm.openai.OpenAiSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code novelkit dataset}: Build the fine-tuning dataset (summary, continuation and brief samples) from a novel. */
@Command(name = "dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the fine-tuning dataset (summary, continuation and brief samples) from a novel.",
                "Writes DIR/train.jsonl (and train.csv, val.jsonl when asked) and DIR/journal.jsonl, the record of "
                        + "finished summaries: run the same command again after an interruption and it resumes, "
                        + "asking nothing twice. LLM settings also come from NOVELKIT_LLM_BASE_URL, "
                        + "NOVELKIT_LLM_API_KEY, NOVELKIT_LLM_MODEL, OPENAI_BASE_URL/OPENAI_API_KEY/OPENAI_MODEL or "
                        + "DASHSCOPE_API_KEY."})
final class DatasetCommand implements Callable<Integer> {
    static final String SAMPLE_NOVEL = "samples/dukou-denghuo.txt";

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE",
            description = "The novel (UTF-8, UTF-16, GB18030/GBK or Big5; default: the bundled sample novel 《渡口灯火》).")
    Path input;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "The novel's encoding, such as GB18030 or Big5 (default: detect it).")
    String encoding;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--summarizer", paramLabel = "offline|llm", defaultValue = "offline",
            description = "offline: extractive HanLP summaries, no network (default); llm: an OpenAI-compatible server.")
    String summarizer;

    @Option(names = "--llm-base-url", paramLabel = "URL", description = "OpenAI-compatible base URL, such as http://localhost:8000/v1.")
    String llmBaseUrl;

    @Option(names = "--llm-model", paramLabel = "M", description = "Model name on that server.")
    String llmModel;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Summarizer calls at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "--summarizer llm: give up on one request after this long (30s, 2m; default: connect 10 s, first byte 180 s).")
    String timeout;

    @Option(names = "--format", paramLabel = "F", defaultValue = "swift",
            description = "swift (query/response, default), messages, alpaca or sharegpt.")
    String format;

    @Option(names = "--csv", description = "Also write train.csv (and val.csv).")
    boolean csv;

    @Option(names = "--kinds", paramLabel = "K[,K...]", hideParamSyntax = true, defaultValue = "summary,continuation,brief", split = ",",
            description = "Sample kinds: summary, continuation, brief (default: all three).")
    List<String> kinds;

    @Option(names = "--val-ratio", paramLabel = "X", defaultValue = "0",
            description = "Share of paragraphs put in val.jsonl (0 to 0.5; default 0: no validation file).")
    double valRatio;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed for the split and --shuffle (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shuffle", description = "Shuffle the training samples (seeded); default: novel order.")
    boolean shuffle;

    @Option(names = "--mode", paramLabel = "seed|sentence", defaultValue = "sentence",
            description = "Splitting: sentence-aware within chapters (default) or exactly the seed's get_novel_text.")
    String mode;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "2200", description = "Paragraph length limit in characters (default ${DEFAULT-VALUE}).")
    int maxChars;

    @Option(names = "--context-chars", paramLabel = "N", defaultValue = "500",
            description = "Characters of the previous paragraph in a continuation query (default ${DEFAULT-VALUE}).")
    int contextChars;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt for every sample (default: none).")
    String system;

    @Option(names = "--seed-prompts", description = "Use the seed's prompts word for word (typo \"清洁叙述\" included).")
    boolean seedPrompts;

    @Option(names = "--summary-prompt", paramLabel = "FILE", description = "Structured-summary request template (UTF-8; may hold {paragraph}).")
    Path summaryPrompt;

    @Option(names = "--brief-prompt", paramLabel = "FILE", description = "Brief request template (UTF-8; may hold {paragraph}).")
    Path briefPrompt;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        RecordFormat recordFormat = parseFormat();
        Set<SampleKind> sampleKinds = parseKinds();
        checkRanges();
        NovelSplitter splitter = switch (mode.toLowerCase(Locale.ROOT)) {
            case "seed" -> NovelSplitter.seedCompatible().maxChars(maxChars);
            case "sentence", "sentences" -> NovelSplitter.sentences().maxChars(maxChars);
            default -> throw new ParameterException(spec.commandLine(), "--mode must be seed or sentence, was " + mode);
        };
        StoryPrompts prompts = prompts();

        Novel novel = (input != null ? Novel.read(input, Encodings.charset("--encoding", encoding)) : bundledSample())
                .requireStoryText();
        List<Paragraph> paragraphs = splitter.split(novel);
        err.printf(Locale.ROOT, "dataset: %s, %d chapters, %d paragraphs (%s mode, max %d chars)%n",
                input != null ? input : "bundled sample 《渡口灯火》", novel.chapters().size(), paragraphs.size(),
                splitter.mode() == NovelSplitter.Mode.SEED_COMPATIBLE ? "seed" : "sentence", maxChars);

        AtomicFiles.createFolder(out);
        removeStaleTemporaries(out);
        ChatModel llm = null;
        try {
            Summarizer s;
            if (summarizer.equalsIgnoreCase("offline")) {
                Duration load = OfflineSummarizer.warmUp();
                err.printf(Locale.ROOT, "summarizer: offline (HanLP extractive approximation; dictionaries loaded in %.1f s)%n",
                        load.toMillis() / 1000.0);
                s = OfflineSummarizer.defaults();
            } else if (summarizer.equalsIgnoreCase("llm")) {
                OpenAiSettings settings = OpenAiSettings.resolve(llmBaseUrl, null, llmModel, System.getenv());
                OpenAiChatModel model = settings.chatModel().maxInFlight(Math.max(16, concurrency));
                model = model.deadlines(RemoteOptions.timeout(timeout).deadlines(model.deadlines()));
                llm = model;
                // Without --llm-model the server's first model is used: ask for it now, to report and key it.
                model.identity();
                String modelName = model.model();
                err.println("summarizer: llm " + modelName + " at " + settings.baseUrl() + " (" + settings.source() + ")");
                s = LlmSummarizer.of(model).prompts(prompts).name("llm:" + modelName);
            } else {
                throw new ParameterException(spec.commandLine(), "--summarizer must be offline or llm, was " + summarizer);
            }

            DatasetBuilder builder = DatasetBuilder.of(s).prompts(prompts).kinds(sampleKinds)
                    .concurrency(concurrency).contextChars(contextChars).system(system == null ? "" : system)
                    .journal(out.resolve("journal.jsonl"));
            DatasetResult result;
            try (AutoCloseable ignored = RemoteOptions.watch(ProgressBar.stderr(),
                    List.of(llm == null ? java.util.Optional.empty() : llm.remoteService()))) {
                result = runCancellable(builder, paragraphs);
            }
            List<Path> written = write(result.samples(), recordFormat);
            report(result, written, Duration.ofNanos(System.nanoTime() - t0));
            return result.isComplete() ? 0 : 3;
        } finally {
            if (llm != null) {
                llm.close();
            }
        }
    }

    /** Runs the build; Ctrl+C cancels it and lets the journal close cleanly before the JVM exits. */
    private static DatasetResult runCancellable(DatasetBuilder builder, List<Paragraph> paragraphs) {
        Job<DatasetResult> job = builder.start(paragraphs, ProgressBar.stderr());
        CompletableFuture<DatasetResult> done = job.result();
        Thread hook = new Thread(() -> {
            if (!job.isDone()) {
                job.cancel();
                try {
                    done.get(3, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // Cancelled or timed out: what is finished is in the journal.
                }
            }
        }, "novelkit-dataset-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Already exiting.
            }
        }
    }

    private List<Path> write(List<Sample> samples, RecordFormat recordFormat) {
        List<Sample> train = samples;
        List<Sample> validation = List.of();
        if (valRatio > 0) {
            Split split = Split.of(samples, valRatio, seed);
            train = split.train();
            validation = split.validation();
        }
        if (shuffle) {
            train = Split.shuffle(train, seed);
        }
        List<Path> written = new java.util.ArrayList<>();
        DatasetWriter jsonl = DatasetWriter.jsonl().format(recordFormat);
        written.add(writeOne(jsonl, "train.jsonl", train));
        if (valRatio > 0) {
            written.add(writeOne(jsonl, "val.jsonl", validation));
        }
        if (csv) {
            DatasetWriter csvWriter = DatasetWriter.csv().format(recordFormat);
            written.add(writeOne(csvWriter, "train.csv", train));
            if (valRatio > 0) {
                written.add(writeOne(csvWriter, "val.csv", validation));
            }
        }
        return written;
    }

    /**
     * Writes one file; one that was edited since this command wrote it (a hand-fixed sample) is set aside first
     * and said, never silently replaced. The record of what was written is {@code OUT/.written.properties}.
     */
    private Path writeOne(DatasetWriter writer, String name, List<Sample> samples) {
        Path file = out.resolve(name);
        WrittenFiles written = WrittenFiles.in(out, out.resolve(".written.properties"));
        written.setAsideIfEdited(file).ifPresent(aside -> spec.commandLine().getErr().println("dataset: " + name
                + " was changed since it was written: kept as " + aside));
        writer.write(file, samples);
        written.record(file);
        return file;
    }

    private void report(DatasetResult r, List<Path> written, Duration total) {
        PrintWriter err = spec.commandLine().getErr();
        if (r.notWellFormed() > 0) {
            err.println("note: " + r.notWellFormed() + " summaries did not follow the format; they are used as written");
        }
        for (DatasetResult.Failure f : r.failures().subList(0, Math.min(10, r.failures().size()))) {
            err.println("failed: paragraph " + f.paragraph() + " " + f.kind().name().toLowerCase(Locale.ROOT) + ": " + f.reason());
        }
        if (r.failures().size() > 10) {
            err.println("failed: ... and " + (r.failures().size() - 10) + " more");
        }
        String kindsLine = EnumSet.allOf(SampleKind.class).stream().filter(k -> r.count(k) > 0)
                .map(k -> r.count(k) + " " + k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        spec.commandLine().getOut().printf(Locale.ROOT, "dataset: %d paragraphs, %d samples (%s), %s: %d calls made, %d reused from "
                        + "journal, %d failed, in %.1f s -> %s%n",
                r.paragraphs(), r.samples().size(), kindsLine.isEmpty() ? "none" : kindsLine, r.summarizer(),
                r.callsMade(), r.callsReused(), r.failures().size(), total.toMillis() / 1000.0,
                written.stream().map(Path::toString).collect(Collectors.joining(", ")));
        if (!r.isComplete()) {
            err.println("dataset: " + r.failures().size() + " summarizer calls failed (paragraphs "
                    + r.failedParagraphs() + "); their samples are missing, everything else is written. "
                    + "Run the same command again to retry only those.");
        }
    }

    private RecordFormat parseFormat() {
        try {
            return RecordFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
        }
    }

    private Set<SampleKind> parseKinds() {
        Set<SampleKind> set = EnumSet.noneOf(SampleKind.class);
        for (String k : kinds) {
            String name = k.strip().toUpperCase(Locale.ROOT);
            try {
                set.add(SampleKind.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "--kinds: unknown kind \"" + k + "\"; use summary, continuation, brief");
            }
        }
        if (set.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--kinds: name at least one kind");
        }
        return set;
    }

    private void checkRanges() {
        if (concurrency < 1 || concurrency > 256) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be 1..256, was " + concurrency);
        }
        if (!(valRatio >= 0 && valRatio <= 0.5)) {
            throw new ParameterException(spec.commandLine(), "--val-ratio must be in [0, 0.5], was " + valRatio);
        }
        if (maxChars < 50) {
            throw new ParameterException(spec.commandLine(), "--max-chars must be at least 50, was " + maxChars);
        }
        if (contextChars < 1) {
            throw new ParameterException(spec.commandLine(), "--context-chars must be at least 1, was " + contextChars);
        }
    }

    private StoryPrompts prompts() {
        SummaryPromptBuilder b = seedPrompts ? SummaryPromptBuilder.seedVerbatim() : SummaryPromptBuilder.defaults();
        if (summaryPrompt != null) {
            b = b.summaryRequestFile(summaryPrompt);
        }
        if (briefPrompt != null) {
            b = b.briefRequestFile(briefPrompt);
        }
        return b.build();
    }

    static Novel bundledSample() {
        try (InputStream in = DatasetCommand.class.getClassLoader().getResourceAsStream(SAMPLE_NOVEL)) {
            if (in == null) {
                throw new InvalidInputException(SAMPLE_NOVEL, "the bundled sample novel is missing from the jar");
            }
            return Novel.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidInputException(SAMPLE_NOVEL, "cannot read the bundled sample novel: " + e.getMessage(), e);
        }
    }

    /**
     * Temporary files of an atomic write a killed run left behind (".train.jsonl.123.tmp"), also of the files this run
     * will not write; one a live writer holds is kept.
     */
    private static void removeStaleTemporaries(Path dir) {
        for (String name : List.of("train.jsonl", "val.jsonl", "train.csv", "val.csv")) {
            AtomicFiles.removeStaleTemporaries(dir.resolve(name));
        }
    }
}
