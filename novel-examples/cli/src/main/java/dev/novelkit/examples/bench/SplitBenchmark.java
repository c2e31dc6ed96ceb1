package dev.novelkit.examples.bench;

import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.core.text.ParagraphStream;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Read + split throughput, comparable with {@code python3 shared/bench/seed_split.py FILE}: MB of UTF-8 input per
 * second of reading and splitting in-process (JVM start-up excluded, after warm-up runs).
 *
 * <pre>
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.SplitBenchmark FILE seed|sentence [--streaming] [--runs N]
 * </pre>
 * List form: {@code splitter.split(Novel.read(file))}. Streaming form: {@code splitter.stream(file)} drained.
 */
public final class SplitBenchmark {
    private SplitBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (NovelKitException | IllegalArgumentException e) {
            System.err.println("SplitBenchmark: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SplitBenchmark FILE seed|sentence [--streaming] [--runs N] [--warmup N]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        NovelSplitter splitter = switch (args[1]) {
            case "seed" -> NovelSplitter.seedCompatible();
            case "sentence", "sentences" -> NovelSplitter.sentences();
            default -> throw new IllegalArgumentException("mode must be seed or sentence, was " + args[1]);
        };
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        boolean streaming = rest.contains("--streaming");
        int runs = intOption(rest, "--runs", 10);
        int warmup = intOption(rest, "--warmup", 5);

        double mb = 0;
        long[] readNs = new long[runs];
        long[] totalNs = new long[runs];
        int paragraphs = 0;
        long chars = 0;
        Novel lastNovel = null;
        for (int i = -warmup; i < runs; i++) {
            long t0 = System.nanoTime();
            long t1;
            if (streaming) {
                int n = 0;
                long last = 0;
                try (ParagraphStream s = splitter.stream(file)) {
                    while (s.hasNext()) {
                        last = s.next().end();
                        n++;
                    }
                    mb = s.utf8Bytes() / 1e6;
                }
                t1 = t0;
                paragraphs = n;
                chars = last;
            } else {
                Novel novel = Novel.read(file);
                t1 = System.nanoTime();
                List<Paragraph> ps = splitter.split(novel);
                paragraphs = ps.size();
                // Outside the timed region: the whole text as one String is built only when asked for.
                lastNovel = i == runs - 1 ? novel : null;
            }
            long t2 = System.nanoTime();
            if (lastNovel != null) {
                chars = lastNovel.text().length();
                lastNovel = null;
            }
            if (i >= 0) {
                readNs[i] = t1 - t0;
                totalNs[i] = t2 - t0;
            }
        }
        if (!streaming) {
            try (ParagraphStream s = splitter.stream(Novel.read(file))) {
                mb = s.utf8Bytes() / 1e6;
            }
        }
        long[] sorted = totalNs.clone();
        Arrays.sort(sorted);
        long median = sorted[runs / 2];
        int medianRun = indexOf(totalNs, median);
        System.out.printf("%s %s%s: %d chars %d paragraphs, %.1f MB; median of %d runs after %d warm-up: "
                        + "read %.3fs split %.3fs total %.3fs MB/s(utf8 bytes) %.1f (best %.1f)%n",
                file, args[1], streaming ? " --streaming" : "", chars, paragraphs, mb, runs, warmup,
                readNs[medianRun] / 1e9, (median - readNs[medianRun]) / 1e9, median / 1e9,
                mb / (median / 1e9), mb / (sorted[0] / 1e9));
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return 0;
    }

    private static int intOption(List<String> args, String name, int def) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : def;
    }
}
