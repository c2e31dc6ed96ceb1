package dev.novelkit.examples.bench;

import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.llm.openai.OpenAiChatModel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Requests per second of {@link OpenAiChatModel} against a loopback {@link FakeOpenAiServer}: N chat calls with a
 * fixed number in flight, after a warm-up. Target: at least 500 req/s with 64 in flight on 2 cores, no errors.
 * With {@code --latency-ms} and {@code --server-concurrency} it also shows how close the wall time comes to the
 * ideal (calls × latency / concurrency).
 *
 * <pre>
 * java -cp novel-examples/target/novelkit.jar dev.novelkit.examples.bench.ChatThroughputBenchmark \
 *     [--requests 20000] [--in-flight 64] [--latency-ms 0] [--server-concurrency 0] [--warmup 2000] [--stream]
 * </pre>
 */
public final class ChatThroughputBenchmark {
    private ChatThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = intArg(args, "--requests", 20_000);
        int inFlight = intArg(args, "--in-flight", 64);
        int latency = intArg(args, "--latency-ms", 0);
        int serverConcurrency = intArg(args, "--server-concurrency", 0);
        int warmup = intArg(args, "--warmup", latency > 0 ? 0 : 2_000);
        boolean stream = Arrays.asList(args).contains("--stream");

        String answer = "林间的雾气还没散尽，少年已经背着竹篓走上了山路。";
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, latency, serverConcurrency, m -> answer);
             OpenAiChatModel llm = OpenAiChatModel.of(server.baseUrl()).apiKey("bench-key")
                     .model(FakeOpenAiServer.MODEL).maxInFlight(inFlight)
                     .retryPolicy(RetryPolicy.none())) {
            GenerationOptions options = GenerationOptions.seedDefaults().maxTokens(64);
            Consumer<Integer> call = i -> {
                ChatResponse r = stream
                        ? llm.stream(List.of(ChatMessage.user("第" + i + "段")), options, s -> { })
                        : llm.chat("第" + i + "段", options);
                if (!r.text().equals(answer)) {
                    throw new IllegalStateException("wrong answer: " + r.text());
                }
            };
            if (warmup > 0) {
                run(warmup, inFlight, call);
            }
            Result result = run(requests, inFlight, call);
            double seconds = result.nanos / 1e9;
            System.out.printf(Locale.ROOT, "chat throughput (%s): %d requests, %d in flight, server latency %d ms, "
                            + "server concurrency %s%n", stream ? "streamed" : "plain", requests, inFlight, latency,
                    serverConcurrency > 0 ? String.valueOf(serverConcurrency) : "unbounded");
            System.out.printf(Locale.ROOT, "  %.0f requests/s, %d errors, wall %.2f s, mean latency %.2f ms%n",
                    requests / seconds, result.errors, seconds, result.latencyNanos / 1e6 / requests);
            if (latency > 0) {
                int parallel = serverConcurrency > 0 ? Math.min(serverConcurrency, inFlight) : inFlight;
                double ideal = (double) requests * latency / parallel / 1000;
                System.out.printf(Locale.ROOT, "  ideal %.2f s (calls x %d ms / %d): wall is %.1f%% over ideal%n",
                        ideal, latency, parallel, (seconds / ideal - 1) * 100);
            }
            System.out.printf(Locale.ROOT, "  server saw %d calls, at most %d at once; usage %s%n",
                    server.calls(), server.peakConcurrent(), llm.totalUsage());
            if (result.firstError.get() != null) {
                System.out.println("  first error: " + result.firstError.get());
            }
            if (result.errors > 0) {
                System.exit(1);
            }
        }
    }

    private record Result(long nanos, long errors, long latencyNanos, AtomicReference<Throwable> firstError) {
    }

    private static Result run(int requests, int inFlight, Consumer<Integer> call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong latency = new AtomicLong();
        AtomicReference<Throwable> first = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        long start = System.nanoTime();
        try {
            Future<?>[] workers = new Future<?>[inFlight];
            for (int w = 0; w < inFlight; w++) {
                workers[w] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        try {
                            call.accept(i);
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            first.compareAndSet(null, e);
                        }
                        latency.addAndGet(System.nanoTime() - t);
                    }
                });
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return new Result(System.nanoTime() - start, errors.get(), latency.get(), first);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be a whole number, was " + args[i + 1], e);
                }
            }
        }
        return fallback;
    }
}
