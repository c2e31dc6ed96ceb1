package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Settings;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.llm.generate.LongFormOptions;
import dev.novelkit.llm.generate.QwenGenerator;
import dev.novelkit.llm.generate.Story;
import dev.novelkit.llm.llama.LlamaChatModel;
import dev.novelkit.llm.llama.LlamaSettings;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.llm.openai.OpenAiSettings;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code novelkit generate}: Write a story from a summary, a previous ending or a brief, streamed to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a story from a summary, a previous ending or a brief, streamed to stdout.")
final class GenerateCommand implements Callable<Integer> {
    /** The environment variable naming a default GGUF file for {@code --backend llama}. */
    static final String GGUF_ENV = "NOVELKIT_GGUF";
    private static final long MAX_INPUT_BYTES = 10L << 20;
    /** The library's setting names and the flags that set them. */
    private static final Map<String, String> FLAGS = Map.of("topK", "--top-k", "topP", "--top-p",
            "temperature", "--temperature", "repetitionPenalty", "--repetition-penalty", "maxTokens", "--max-tokens",
            "seed", "--seed", "contextChars", "--context-chars", "maxChars", "--max-chars");

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Exactly one starting point. */
    static final class Input {
        @Option(names = "--summary", paramLabel = "FILE", description = "A structured story summary (UTF-8 text).")
        Path summary;

        @Option(names = "--continue", paramLabel = "FILE", description = "Continue the story in this UTF-8 file.")
        Path previous;

        @Option(names = "--brief", paramLabel = "TEXT", description = "A brief of the story (about 60 characters).")
        String brief;
    }

    @Option(names = "--backend", description = "openai or llama (default: llama with --model-path or $NOVELKIT_GGUF, else openai).")
    String backend;

    @Option(names = "--model-path", paramLabel = "X.gguf", description = "The GGUF model for --backend llama (default: $NOVELKIT_GGUF).")
    Path modelPath;

    @Option(names = "--context-size", defaultValue = "4096", description = "llama: context window in tokens. Default: ${DEFAULT-VALUE}.")
    int contextSize;

    @Option(names = "--threads", description = "llama: CPU threads (default: all).")
    Integer threads;

    @Option(names = "--llm-base-url", paramLabel = "URL", description = "openai: the server, e.g. http://localhost:8000/v1 (default: from the environment).")
    String baseUrl;

    @Option(names = "--llm-model", paramLabel = "M", description = "openai: the model name (default: from the environment or the server's first).")
    String llmModel;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "openai: read the API key from this environment variable.")
    String apiKeyEnv;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most tokens per answer (per chapter).")
    Integer maxTokens;

    @Option(names = "--top-k", paramLabel = "N", defaultValue = "20", description = "Default: ${DEFAULT-VALUE} (the seed's).")
    int topK;

    @Option(names = "--top-p", paramLabel = "X", defaultValue = "0.9", description = "Default: ${DEFAULT-VALUE} (the seed's).")
    double topP;

    @Option(names = "--temperature", paramLabel = "X", description = "Sampling temperature (default: the backend's).")
    Double temperature;

    @Option(names = "--repetition-penalty", paramLabel = "X", description = "Repetition penalty, 1 means none.")
    Double repetitionPenalty;

    @Option(names = "--seed", paramLabel = "N", description = "Sampling seed, for repeatable output.")
    Long seed;

    @Option(names = "--greedy", description = "Greedy decoding (do_sample false) instead of the seed's sampling.")
    boolean greedy;

    @Option(names = "--chapters", paramLabel = "N", defaultValue = "1", description = "Chapters to write, each continuing the last. Default: ${DEFAULT-VALUE}.")
    int chapters;

    @Option(names = "--context-chars", paramLabel = "N", defaultValue = "500", description = "Characters of the story so far given to each continuation. Default: ${DEFAULT-VALUE}.")
    int contextChars;

    @Option(names = "--max-chars", paramLabel = "N", description = "Stop at this many characters, at a sentence end.")
    Long maxChars;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "openai: give up on one request after this long (30s, 2m; default: connect 10 s, first byte 180 s).")
    String timeout;

    @Option(names = "--retries", paramLabel = "N",
            description = "openai: retries of a failed request, 0..10 (default 4; rate limits are waited out apart from these).")
    String retries;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Override
    public Integer call() throws Exception {
        GenerationOptions options = Flags.naming(FLAGS, this::options);
        LongFormOptions longForm = Flags.naming(FLAGS, this::longForm);
        String start = startText();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> onText = piece -> {
            out.print(piece);
            out.flush();
        };
        try (ChatModel model = openModel(settings());
             AutoCloseable ignored = RemoteOptions.watch(ProgressBar.stderr(), List.of(model.remoteService()))) {
            QwenGenerator generator = QwenGenerator.of(model).options(options);
            if (chapters == 1 && maxChars == null) {
                ChatResponse r = single(generator, start, onText);
                out.println();
                out.flush();
                err.println("generate: " + r.text().length() + " chars, " + describe(r.finishReason()) + ", "
                        + tokens(r.usage()) + " (" + model.name() + ")");
            } else {
                Story story = longStory(generator, start, longForm.onText(onText));
                out.println();
                out.flush();
                err.println("generate: " + story.chapters().size() + "/" + chapters + " chapters, " + story.length()
                        + " chars, " + story.end().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", "
                        + tokens(story.usage()) + " (" + model.name() + ")");
            }
        }
        return 0;
    }

    private ChatResponse single(QwenGenerator generator, String start, Consumer<String> onText) {
        if (input.brief != null) {
            return generator.expandBrief(start, onText);
        }
        if (input.summary != null) {
            return generator.fromSummary(start, onText);
        }
        return generator.continueFrom(tail(start), onText);
    }

    private Story longStory(QwenGenerator generator, String start, LongFormOptions longForm) {
        if (input.brief != null) {
            return generator.writeStory(start, chapters, longForm);
        }
        if (input.summary != null) {
            return generator.writeStory(new StorySummary("", List.of(), "", "", "", start, false), chapters, longForm);
        }
        return generator.continueStory(start, chapters, longForm);
    }

    /** The last --context-chars characters of a previous text, as the dataset's continuation queries hold. */
    private String tail(String text) {
        int from = Math.max(0, text.length() - contextChars);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from++;
        }
        return text.substring(from).strip();
    }

    private GenerationOptions options() {
        GenerationOptions o = GenerationOptions.seedDefaults().topK(topK).topP(topP);
        if (greedy) {
            o = o.doSample(false);
        }
        if (maxTokens != null) {
            o = o.maxTokens(maxTokens);
        }
        if (temperature != null) {
            o = o.temperature(temperature);
        }
        if (repetitionPenalty != null) {
            o = o.repetitionPenalty(repetitionPenalty);
        }
        if (seed != null) {
            o = o.seed(seed);
        }
        return o;
    }

    private LongFormOptions longForm() {
        if (chapters < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--chapters must be at least 1, was " + chapters);
        }
        LongFormOptions o = LongFormOptions.defaults().contextChars(contextChars);
        return maxChars == null ? o : o.maxChars(maxChars);
    }

    private String startText() {
        if (input.brief != null) {
            if (input.brief.isBlank()) {
                throw new InvalidInputException("--brief", "is empty");
            }
            return input.brief.strip();
        }
        return readText(input.summary != null ? input.summary : input.previous);
    }

    /**
     * This command line's settings: {@code generate.backend} (--backend), {@code gguf} (--model-path,
     * NOVELKIT_GGUF), {@code llm.base.url} and {@code llm.model}, and the variables of the OpenAI-compatible
     * client, from flags, system properties, the environment and novelkit.properties.
     */
    Settings settings() {
        return config.settings().flag("generate.backend", "--backend", backend)
                .flag("gguf", "--model-path", modelPath == null ? null : modelPath.toString())
                .flag("llm.base.url", "--llm-base-url", baseUrl).flag("llm.model", "--llm-model", llmModel)
                .flag("timeout", "--timeout", timeout).flag("llm.retries", "--retries", retries);
    }

    ChatModel openModel(Settings s) {
        String chosen = s.get("generate.backend", s.find("gguf").isPresent() ? "llama" : "openai")
                .strip().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "llama" -> openLlama(s);
            case "openai" -> openAi(s);
            default -> throw new InvalidInputException(s.source("generate.backend"), "unknown backend '" + chosen
                    + "' (openai or llama)");
        };
    }

    private ChatModel openLlama(Settings s) {
        String file = s.get("gguf", null);
        if (file == null) {
            throw new InvalidInputException("--model-path", "is required with --backend llama (or set " + GGUF_ENV + ")");
        }
        Path gguf = Path.of(file);
        LlamaSettings settings;
        try {
            settings = LlamaSettings.of(gguf).contextSize(contextSize);
            if (threads != null) {
                settings = settings.threads(threads);
            }
        } catch (InvalidSettingException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return LlamaChatModel.load(settings);
    }

    private ChatModel openAi(Settings s) {
        Map<String, String> env = s.environment();
        String apiKey = null;
        if (apiKeyEnv != null) {
            apiKey = blankToNull(env.get(apiKeyEnv));
            if (apiKey == null) {
                throw new InvalidInputException("--api-key-env", "the environment variable " + apiKeyEnv + " is not set");
            }
        }
        OpenAiChatModel model = OpenAiSettings.resolve(s.get("llm.base.url", null), apiKey, s.get("llm.model", null),
                env).chatModel();
        RemoteOptions remote = RemoteOptions.of(s, "llm");
        return model.deadlines(remote.deadlines(model.deadlines())).limits(remote.limits(model.limits()));
    }

    /** A UTF-8 text file, refused with its name if missing, empty, binary, not UTF-8 or over 10 MB. */
    static String readText(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_INPUT_BYTES) {
                throw new InvalidInputException(name, "is too large (" + size + " bytes; at most 10 MB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot be read: " + e.getMessage(), e);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new InvalidInputException(name, "looks binary (it contains NUL bytes), a UTF-8 text file was expected");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name, "is not UTF-8 text (convert it first, e.g. iconv -f GB18030 -t UTF-8)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new InvalidInputException(name, "is empty");
        }
        return text.strip();
    }

    private static String describe(FinishReason reason) {
        return switch (reason) {
            case STOP -> "finished";
            case LENGTH -> "stopped at --max-tokens";
            case CANCELLED -> "cancelled";
            default -> "ended (" + reason.name().toLowerCase(Locale.ROOT) + ")";
        };
    }

    private static String tokens(TokenUsage usage) {
        return usage.promptTokens() + " prompt + " + usage.completionTokens() + " completion tokens";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
