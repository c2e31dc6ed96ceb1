package dev.novelkit.examples.bench;

import dev.novelkit.core.dataset.RecordFormat;
import dev.novelkit.core.dataset.TrainingRecord;
import dev.novelkit.dataset.clean.CleaningReport;
import dev.novelkit.dataset.clean.DatasetCleaner;
import dev.novelkit.dataset.tokenizer.QwenTokenizer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Measures {@code DatasetCleaner} with the real Qwen tokenizer: tokens counted per second and samples per second over
 * a seeded synthetic JSONL of Chinese samples (target: at least 1,000,000 tokens/s on 2 cores), and the peak heap.
 *
 * <pre>
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.CleanBenchmark \
 *      --tokenizer PATH [--samples 20000] [--chars 1500] [--threads N] [--input F.jsonl] [--runs 3]
 * java -Xmx256m -cp ... CleanBenchmark --tokenizer PATH --samples 300000    # memory check
 * </pre>
 * The tokenizer may also come from {@code NOVELKIT_TOKENIZER}. Generated text follows
 * {@code shared/bench/gen_corpus.py}: sentences of 5-60 characters from a fixed alphabet, 30% of them dialogue.
 */
public final class CleanBenchmark {
    private static final String CHARS = "天下大势分久必合合久必分周末七国分争并入于秦及秦灭之后楚汉分争又并入于汉汉朝自高祖斩白蛇而起义一统"
            + "天下后来光武中兴传至献帝遂分为三国推其致乱之由殆始于桓灵二帝他说你我们这那来去看见走了的是不在有人心中山水风雨夜月";

    private CleanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String tokenizer = System.getenv("NOVELKIT_TOKENIZER");
        int samples = 20_000;
        int chars = 1500;
        int threads = Runtime.getRuntime().availableProcessors();
        int runs = 3;
        Path input = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tokenizer" -> tokenizer = args[++i];
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--chars" -> chars = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--input" -> input = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--tokenizer PATH --samples N --chars N --threads N --runs N --input F.jsonl)");
            }
        }
        if (tokenizer == null) {
            System.err.println("CleanBenchmark needs the real Qwen tokenizer: --tokenizer PATH (tokenizer.json or "
                    + "model folder) or NOVELKIT_TOKENIZER");
            System.exit(2);
        }
        boolean generated = input == null;
        if (generated) {
            input = Files.createTempFile("clean-bench-", ".jsonl");
            long t0 = System.nanoTime();
            generate(input, samples, chars, 7);
            System.out.printf(Locale.ROOT, "generated %,d samples, %.1f MB in %.1f s: %s%n", samples,
                    Files.size(input) / 1e6, (System.nanoTime() - t0) / 1e9, input);
        }
        Path output = Files.createTempFile("clean-bench-", ".out.jsonl");
        try (QwenTokenizer qwen = QwenTokenizer.load(Path.of(tokenizer))) {
            DatasetCleaner cleaner = DatasetCleaner.defaults().tokenCounter(qwen).threads(threads);
            System.out.printf(Locale.ROOT, "threads %d, max heap %d MB, %s%n", threads,
                    Runtime.getRuntime().maxMemory() >> 20, cleaner);
            CleaningReport last = null;
            for (int run = 1; run <= runs; run++) {
                last = cleaner.clean(input, output);
                System.out.printf(Locale.ROOT, "run %d: %,d samples in %.2f s: %,.0f tokens/s, %,.0f samples/s, "
                                + "%.1f MB/s, kept %,d%n", run, last.samplesIn(), last.elapsed().toNanos() / 1e9,
                        last.tokensPerSecond(), last.samplesPerSecond(),
                        Files.size(input) / 1e6 / (last.elapsed().toNanos() / 1e9), last.samplesOut());
            }
            System.out.print(last.render());
            System.out.printf(Locale.ROOT, "heap: max %d MB, peak used %d MB (sum of the pools' peaks)%n",
                    Runtime.getRuntime().maxMemory() >> 20, peakHeapBytes() >> 20);
        } finally {
            Files.deleteIfExists(output);
            if (generated) {
                Files.deleteIfExists(input);
            }
        }
    }

    /**
     * Writes {@code samples} swift query/response lines with responses of about {@code chars} characters; 2% are
     * exact copies of an earlier sample and 2% copies with one character of the response changed (the cleaner judges
     * whole samples, so a copy keeps its query).
     */
    static void generate(Path file, int samples, int chars, long seed) throws IOException {
        Random random = new Random(seed);
        String[][] recent = new String[64][];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < samples; i++) {
                String[] sample;
                int kind = random.nextInt(100);
                String[] earlier = recent[random.nextInt(recent.length)];
                if (kind < 2 && earlier != null) {
                    sample = earlier;
                } else if (kind < 4 && earlier != null) {
                    char[] c = earlier[1].toCharArray();
                    c[random.nextInt(c.length)] = CHARS.charAt(random.nextInt(CHARS.length()));
                    sample = new String[]{earlier[0], new String(c)};
                } else {
                    sample = new String[]{"续写下文：" + prose(random, 40), prose(random, chars)};
                }
                recent[i % recent.length] = sample;
                w.write(TrainingRecord.create(RecordFormat.SWIFT, "", sample[0], sample[1]).toString());
                w.write('\n');
            }
        }
    }

    private static String prose(Random random, int chars) {
        StringBuilder b = new StringBuilder(chars + 80);
        while (b.length() < chars) {
            int n = 5 + random.nextInt(56);
            boolean dialogue = random.nextDouble() < 0.3;
            if (dialogue) {
                b.append('“');
            }
            for (int i = 0; i < n; i++) {
                b.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
            b.append(dialogue ? "！”他说。" : "。");
        }
        return b.toString();
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
