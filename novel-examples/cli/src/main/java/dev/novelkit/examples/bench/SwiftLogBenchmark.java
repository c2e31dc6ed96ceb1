package dev.novelkit.examples.bench;

import dev.novelkit.llm.swift.SwiftLogParser;
import dev.novelkit.llm.swift.TrainingProgress;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Time to parse a 100,000-line swift log with {@link SwiftLogParser} (read from a file line by line, every line fed
 * to the parser). The log is generated to look like a real {@code swift sft} console capture in a pipe: the
 * {@code [INFO:swift]} preamble with long argument and model dumps, tqdm {@code Train:} redraws (split at their
 * carriage returns), the blank clear-line segments tqdm leaves, one Python-dict metrics line per step (the worst case,
 * {@code --logging_steps 1}), an evaluation every 50 steps with its {@code Val:} bar and checkpoint line, and
 * warnings. Target (issue 3): under 1 s.
 *
 * <pre>
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.SwiftLogBenchmark [--lines 100000] [--rounds 5] [--v2]
 * </pre>
 */
public final class SwiftLogBenchmark {
    private SwiftLogBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int lines = intArg(args, "--lines", 100_000);
        int rounds = intArg(args, "--rounds", 5);
        boolean v2 = Arrays.asList(args).contains("--v2");
        Path log = Files.createTempFile("swift-sft-", ".log");
        try {
            long[] expected = write(log, lines, v2);
            System.out.printf(Locale.ROOT, "log: %s, %,d lines, %.1f MB, %,d metrics records expected (%s style)%n", log,
                    lines, Files.size(log) / 1e6, expected[0], v2 ? "2.x" : "3.x");
            for (int i = 0; i < 3; i++) {
                parse(log); // warm-up
            }
            long[] nanos = new long[rounds];
            long found = 0;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                found = parse(log);
                nanos[r] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            double best = nanos[0] / 1e9;
            double median = nanos[rounds / 2] / 1e9;
            System.out.printf(Locale.ROOT, "parsed %,d records; best %.3f s, median %.3f s (%,.0f lines/s); target < 1 s: %s%n",
                    found, best, median, lines / median, median < 1.0 ? "met" : "NOT met");
            if (found != expected[0]) {
                System.out.println("ERROR: expected " + expected[0] + " records, parsed " + found);
                System.exit(1);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Reads the file and feeds every line to a fresh parser; returns how many metrics records it found. */
    static long parse(Path log) throws IOException {
        SwiftLogParser parser = new SwiftLogParser();
        long records = 0;
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                Optional<TrainingProgress> p = parser.accept(line);
                if (p.isPresent()) {
                    records++;
                }
            }
        }
        if (parser.lastCheckpoint().isEmpty()) {
            throw new IllegalStateException("the final last_model_checkpoint line was not recognised");
        }
        return records;
    }

    /** Writes a realistic log of exactly {@code lines} lines; returns {expected metrics records}. */
    static long[] write(Path file, int lines, boolean v2) throws IOException {
        String run = "/root/autodl-tmp/output/" + (v2 ? "qwen2-7b-instruct/" : "") + "v0-20240729-012301";
        String acc = v2 ? "acc" : "token_acc";
        long written = 0;
        long records = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String[] preamble = {
                    "[INFO:swift] Start time of running main: 2024-07-29 01:23:01.123456",
                    "[INFO:swift] args: SftArguments(model_type='qwen2-7b-instruct', model_id_or_path='qwen/Qwen2-7B-Instruct', "
                            + "sft_type='lora', dataset=['train.jsonl'], " + "lora_rank=8, ".repeat(60) + "seed=42)",
                    "[INFO:swift] Global seed set to 42",
                    "device_count: 1",
                    "rank: -1, local_rank: -1, world_size: 1, local_world_size: 1",
                    "[INFO:swift] Loading the model using model_dir: /root/.cache/modelscope/hub/qwen/Qwen2-7B-Instruct",
                    "Loading checkpoint shards: 100%|██████████| 4/4 [00:05<00:00,  1.31s/it]",
                    "[INFO:swift] model_kwargs: {'device_map': 'cuda:0'}",
                    "[INFO:swift] PeftModelForCausalLM: 7635.8016M Params (20.1851M Trainable [0.2643%]), 0.0001M Buffers.",
                    "          (q_proj): lora.Linear(",
                    "            (base_layer): Linear(in_features=3584, out_features=3584, bias=True)",
                    "            (lora_dropout): ModuleDict(",
                    "              (default): Dropout(p=0.05, inplace=False)",
                    "[INFO:swift] [INPUT] <|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n<|im_start|>user\\n下面是前一个章节的简要概括",
                    "[INFO:swift] Dataset Token Length: 1052.313131±183.427021, min=512.000000, max=2048.000000, size=9900",
                    "/usr/local/lib/python3.10/site-packages/transformers/trainer.py:81: FutureWarning: `tokenizer` is deprecated",
                    "  super().__init__(",
                    "[INFO:swift] The logging file will be saved in: " + run + "/logging.jsonl",
            };
            for (String p : preamble) {
                w.write(p);
                w.newLine();
                written++;
            }
            int tail = 4;
            int step = 0;
            int maxSteps = (int) ((lines - written - tail) / 3.1);
            while (written < lines - tail) {
                step++;
                double pct = (double) step / maxSteps;
                String common = String.format(Locale.ROOT, "'epoch': %.2f, 'global_step/max_steps': '%d/%d', 'percentage': "
                        + "'%.2f%%', 'elapsed_time': '%dm %ds', 'remaining_time': '%dh %dm %ds'", pct, step, maxSteps,
                        pct * 100, step * 3 / 60, step * 3 % 60, (maxSteps - step) * 3 / 3600,
                        (maxSteps - step) * 3 % 3600 / 60, (maxSteps - step) * 3 % 60);
                String[] block;
                String bar = String.format(Locale.ROOT, "Train: %3d%%|%s| %d/%d [%02d:%02d<%02d:%02d,  3.00s/it]",
                        (int) (pct * 100), "█".repeat((int) (pct * 50)) + " ".repeat(50 - (int) (pct * 50)), step,
                        maxSteps, step * 3 / 60 % 60, step * 3 % 60, (maxSteps - step) * 3 / 60 % 60, (maxSteps - step) * 3 % 60);
                String metrics = String.format(Locale.ROOT, "{'loss': %.8f, '%s': %.8f, 'grad_norm': %.8f, 'learning_rate': "
                        + "%.4g, 'memory(GiB)': 16.75, 'train_speed(iter/s)': 0.33%04d, %s}", 2.0 * Math.exp(-3 * pct) + 0.2,
                        acc, 0.55 + 0.3 * pct, 1.5 - pct, 3e-5 * (1 - pct) + 1e-7, step % 10_000, common);
                if (step % 50 == 0) {
                    String eval = String.format(Locale.ROOT, "{'eval_loss': %.8f, 'eval_%s': %.8f, 'eval_runtime': 1.2396, "
                            + "'eval_samples_per_second': 8.874, 'eval_steps_per_second': 8.874, %s}",
                            2.1 * Math.exp(-2.5 * pct) + 0.3, acc, 0.5 + 0.3 * pct, common);
                    block = new String[]{bar, "                                        ", metrics, eval,
                            "Val: 100%|████████████████████| 11/11 [00:01<00:00, 10.15it/s]",
                            "[INFO:swift] Saving model checkpoint to " + run + "/checkpoint-" + step,
                            "[WARNING:swift] The model is in training mode; switching to eval mode for evaluation"};
                    records += 2;
                } else {
                    block = new String[]{bar, "                                        ", metrics};
                    records += 1;
                }
                for (String b : block) {
                    if (written >= lines - tail) {
                        if (b.startsWith("{")) {
                            records--;
                        }
                        continue;
                    }
                    w.write(b);
                    w.newLine();
                    written++;
                }
            }
            for (String end : new String[]{
                    "[INFO:swift] last_model_checkpoint: " + run + "/checkpoint-" + step,
                    "[INFO:swift] best_model_checkpoint: " + run + "/checkpoint-" + (step / 50 * 50),
                    "[INFO:swift] images_dir: " + run + "/images",
                    "[INFO:swift] End time of running main: 2024-07-29 09:13:44.386561"}) {
                w.write(end);
                w.newLine();
            }
        }
        return new long[]{records};
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }
}
