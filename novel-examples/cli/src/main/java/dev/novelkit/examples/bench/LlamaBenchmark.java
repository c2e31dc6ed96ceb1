package dev.novelkit.examples.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.ModelParameters;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.examples.TinyGguf;
import dev.novelkit.llm.llama.ChatMl;
import dev.novelkit.llm.llama.LlamaChatModel;
import dev.novelkit.llm.llama.LlamaSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local GGUF backend speed: tokens/s on a GGUF model (the tiny Qwen2 by default) and the overhead of the Java layer
 * over llama.cpp's own timing.
 *
 * <p>Greedy generations of the MAKE.md prompts, each ended by the model's {@code <|im_end|>} or the token limit,
 * run in two phases with the same parameters: through java-llama.cpp's iterator directly, then through NovelKit's
 * {@link LlamaChatModel} stream. Each generation is timed in Java (wall clock from the request to the last piece).
 * llama.cpp's own timing for the same generation (its "prompt eval time" + "eval time" from {@code print_timing},
 * which java-llama.cpp does not expose through its API) is read from llama.cpp's log file. Overhead = Java wall
 * time / llama.cpp total time - 1, summed over the measured generations.
 *
 * <p>Usage: {@code LlamaBenchmark [model.gguf] [--rounds N] [--threads N] [--max-tokens N]}.
 */
public final class LlamaBenchmark {
    private static final List<String> PROMPTS = List.of("请写一句诗:春晓", "写一首诗,题目是:登鹳雀楼",
            "根据以下对小说的总结和描述,帮我生成一篇小说:静夜思", "下面是前一个章节的结尾部分,请帮我进行扩写:天下大势,分久必合,合久必分。",
            "你好", "写一首诗,题目是:春望");
    private static final Pattern PROMPT_EVAL = Pattern.compile("^\\s*prompt eval time =\\s*([\\d.]+) ms /\\s*(\\d+) tokens");
    private static final Pattern EVAL = Pattern.compile("^\\s*eval time =\\s*([\\d.]+) ms /\\s*(\\d+) tokens");

    /** llama.cpp's own timing of one generation. */
    record NativeTiming(double promptMillis, int promptTokens, double evalMillis, int evalTokens) {
        double totalMillis() {
            return promptMillis + evalMillis;
        }
    }

    /** One phase's Java-side measurements. */
    record Phase(List<Double> wallMillis, double requestMillis, long tokens, List<NativeTiming> timings,
                 List<String> texts) {
        double wall() {
            return wallMillis.stream().mapToDouble(Double::doubleValue).sum();
        }

        double nativeTotal() {
            return timings.stream().mapToDouble(NativeTiming::totalMillis).sum();
        }

        long nativeTokens() {
            return timings.stream().mapToLong(NativeTiming::evalTokens).sum();
        }
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code); // java-llama.cpp leaves a non-daemon native thread behind
    }

    private static void run(String[] args) throws IOException {
        Path gguf = null;
        int rounds = 10;
        int threads = 2;
        int maxTokens = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--max-tokens" -> maxTokens = Integer.parseInt(args[++i]);
                default -> gguf = Path.of(args[i]);
            }
        }
        if (gguf == null) {
            gguf = TinyGguf.locate(new String[0]);
        }
        // not "llama…": java-llama.cpp deletes files named llama* or jllama* in the temp folder when it loads
        Path logDir = Files.createTempDirectory("novelkit-bench-");
        GenerationOptions greedy = GenerationOptions.defaults().doSample(false).maxTokens(maxTokens);

        System.out.printf(Locale.ROOT, "LlamaBenchmark: %s, %d threads, %d prompts x %d rounds (+1 warm-up round),"
                + " greedy, at most %d tokens each%n", gguf.getFileName(), threads, PROMPTS.size(), rounds, maxTokens);

        Phase raw = rawBinding(gguf, threads, logDir.resolve("raw.log"), rounds, maxTokens);
        Phase ours = novelKit(gguf, threads, logDir.resolve("novelkit.log"), rounds, greedy);

        System.out.println(raw.texts().equals(ours.texts())
                ? "Both phases wrote the same " + ours.texts().size() + " texts (" + ours.texts().get(0) + " ...)"
                : "WARNING: the phases wrote different texts: " + raw.texts() + " vs " + ours.texts());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %6s %7s %10s %10s%n", "", "gens", "tokens", "time ms", "tokens/s");
        row("llama.cpp own timing (raw phase)", raw.timings().size(), raw.nativeTokens(), raw.nativeTotal());
        row("java-llama.cpp iterator, Java wall", raw.wallMillis().size(), raw.nativeTokens(), raw.wall());
        row("llama.cpp own timing (NovelKit)", ours.timings().size(), ours.nativeTokens(), ours.nativeTotal());
        row("NovelKit LlamaChatModel, Java wall", ours.wallMillis().size(), ours.nativeTokens(), ours.wall());
        double decodeMillis = ours.timings().stream().mapToDouble(NativeTiming::evalMillis).sum();
        System.out.printf(Locale.ROOT, "%nDecoding alone (llama.cpp eval time): %.0f tokens/s; prompt tokens evaluated: %d"
                        + " (llama.cpp reuses the cached prompt prefix)%n", ours.nativeTokens() * 1000.0 / decodeMillis,
                ours.timings().stream().mapToLong(NativeTiming::promptTokens).sum());
        System.out.printf(Locale.ROOT, "Completion tokens counted by NovelKit: %d; by llama.cpp: %d%n", ours.tokens(),
                ours.nativeTokens());
        double overhead = (ours.wall() / ours.nativeTotal() - 1) * 100;
        double binding = (raw.wall() / raw.nativeTotal() - 1) * 100;
        System.out.printf(Locale.ROOT, "%nJava-layer overhead over llama.cpp's own timing: %.1f %% (target < 5 %%)%n",
                overhead);
        double request = raw.requestMillis() / raw.nativeTotal() * 100;
        System.out.printf(Locale.ROOT, "  java-llama.cpp binding alone over llama.cpp: %.1f %%, of which %.1f %% is the"
                + " request call (JSON and llama.cpp's own prompt tokenization, which its timing leaves out)%n",
                binding, request);
        System.out.printf(Locale.ROOT, "  NovelKit's layer against the binding: %+.1f %% of llama.cpp time (NovelKit sends"
                + " the prompt as token ids, tokenized piece by piece with a cache, so llama.cpp skips that work)%n",
                overhead - binding);
        System.out.println("llama.cpp logs: " + logDir);
    }

    private static void row(String name, int gens, long tokens, double millis) {
        System.out.printf(Locale.ROOT, "%-34s %6d %7d %10.1f %10.1f%n", name, gens, tokens, millis,
                tokens * 1000.0 / millis);
    }

    /** The same generations through java-llama.cpp's own iterator, no NovelKit code in the loop. */
    private static Phase rawBinding(Path gguf, int threads, Path log, int rounds, int maxTokens) {
        List<Double> walls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        double requestMillis = 0;
        try (LlamaModel model = new LlamaModel(new ModelParameters().setModel(gguf.toString()).setCtxSize(4096)
                .setThreads(threads).setLogFile(log.toString()))) {
            for (int round = 0; round <= rounds; round++) {
                for (String user : PROMPTS) {
                    String prompt = ChatMl.render(List.of(ChatMessage.user(variant(user, round))));
                    InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens)
                            .setTemperature(0f).setStopStrings(ChatMl.IM_END);
                    long t0 = System.nanoTime();
                    LlamaIterator frames = model.generate(params).iterator();
                    long t1 = System.nanoTime();
                    StringBuilder text = new StringBuilder();
                    while (frames.hasNext()) {
                        text.append(frames.next().text);
                    }
                    texts.add(text.toString());
                    if (round > 0) {
                        walls.add((System.nanoTime() - t0) / 1e6);
                        requestMillis += (t1 - t0) / 1e6;
                    }
                }
            }
        }
        List<NativeTiming> timings = measured(readTimings(log, (rounds + 1) * PROMPTS.size()), PROMPTS.size());
        return new Phase(walls, requestMillis, timings.stream().mapToLong(NativeTiming::evalTokens).sum(), timings,
                texts);
    }

    /** NovelKit's stream: ChatML, prompt token count, option mapping, piece iteration, usage. */
    private static Phase novelKit(Path gguf, int threads, Path log, int rounds, GenerationOptions greedy) {
        List<Double> walls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long tokens = 0;
        try (LlamaChatModel model = LlamaChatModel.load(LlamaSettings.of(gguf).contextSize(4096).threads(threads)
                .logFile(log))) {
            for (int round = 0; round <= rounds; round++) {
                for (String user : PROMPTS) {
                    List<ChatMessage> messages = List.of(ChatMessage.user(variant(user, round)));
                    long t0 = System.nanoTime();
                    ChatResponse r;
                    try (ChatStream stream = model.stream(messages, greedy)) {
                        for (String ignored : stream) {
                            // read every piece as a caller would
                        }
                        r = stream.response();
                    }
                    texts.add(r.text());
                    if (round > 0) {
                        walls.add((System.nanoTime() - t0) / 1e6);
                        tokens += r.usage().completionTokens();
                    }
                }
            }
        }
        List<NativeTiming> timings = measured(readTimings(log, (rounds + 1) * PROMPTS.size()), PROMPTS.size());
        return new Phase(walls, 0, tokens, timings, texts);
    }

    /**
     * The prompt of a round: as in MAKE.md in the warm-up round, then with a round mark, so that no prompt repeats
     * (llama.cpp's prompt cache and NovelKit's token cache see new text each time, as in real use).
     */
    private static String variant(String prompt, int round) {
        return round == 0 ? prompt : prompt + "（第" + round + "遍）";
    }

    /** Drops the warm-up round. */
    private static List<NativeTiming> measured(List<NativeTiming> all, int warmup) {
        return all.subList(warmup, all.size());
    }

    /** llama.cpp's print_timing blocks, in order; waits up to 5 s for its log thread to write them all. */
    static List<NativeTiming> readTimings(Path log, int expected) {
        List<NativeTiming> timings = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            timings = parseTimings(log);
            if (timings.size() >= expected) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (timings.size() != expected) {
            throw new IllegalStateException("expected " + expected + " llama.cpp timing blocks in " + log + ", found "
                    + timings.size());
        }
        return timings;
    }

    static List<NativeTiming> parseTimings(Path log) {
        List<String> lines;
        try {
            lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<NativeTiming> timings = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher prompt = PROMPT_EVAL.matcher(lines.get(i));
            Matcher eval = EVAL.matcher(lines.get(i + 1));
            if (prompt.find() && eval.find()) {
                timings.add(new NativeTiming(Double.parseDouble(prompt.group(1)), Integer.parseInt(prompt.group(2)),
                        Double.parseDouble(eval.group(1)), Integer.parseInt(eval.group(2))));
            }
        }
        return timings;
    }
}
