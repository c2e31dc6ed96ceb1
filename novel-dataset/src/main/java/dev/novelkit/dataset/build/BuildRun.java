package dev.novelkit.dataset.build;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.internal.Journal;
import dev.novelkit.dataset.internal.Sentences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One run of a {@link DatasetBuilder}: plans the calls, runs them on a fixed pool, assembles the samples. */
final class BuildRun {
    private static final String TASK = "summaries";

    private final DatasetBuilder cfg;
    private final List<Paragraph> paragraphs;
    private final Cancellation cancel;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicInteger made = new AtomicInteger();
    private final Object progressLock = new Object();
    private final CompletableFuture<DatasetResult> future = new CompletableFuture<>();
    private final String summarizerName;
    private long startNanos;
    private Journal journal;
    private int total;
    private int done;
    private int failed;
    private int reused;

    /** One summarizer call: its journal key, what it asks for and the first paragraph that needs it. */
    private record Call(String key, SampleKind kind, Paragraph paragraph) {
    }

    BuildRun(DatasetBuilder cfg, List<Paragraph> paragraphs) {
        this.cfg = cfg;
        this.paragraphs = paragraphs;
        this.cancel = cfg.cancellation != null ? cfg.cancellation : new Cancellation();
        this.summarizerName = cfg.summarizer.name();
    }

    DatasetJob start() {
        startNanos = System.nanoTime();
        if (cfg.journal != null) {
            try {
                journal = Journal.open(cfg.journal, this::message);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the journal " + cfg.journal + ": " + e.getMessage(), e);
            }
            results.putAll(journal.entries());
        }
        try {
            return plan();
        } catch (RuntimeException | Error e) {
            closeJournal();
            throw e;
        }
    }

    private DatasetJob plan() {
        Map<String, Call> calls = new LinkedHashMap<>();
        for (Paragraph p : paragraphs) {
            if (!hasContent(p)) {
                continue;
            }
            for (SampleKind kind : List.of(SampleKind.SUMMARY, SampleKind.BRIEF)) {
                if (cfg.kinds.contains(kind)) {
                    String key = key(kind, p);
                    calls.putIfAbsent(key, new Call(key, kind, p));
                }
            }
        }
        List<Call> todo = new ArrayList<>();
        for (Call c : calls.values()) {
            if (results.containsKey(c.key)) {
                reused++;
            } else {
                todo.add(c);
            }
        }
        total = calls.size();
        done = reused;
        if (reused > 0) {
            message("journal: reusing " + reused + " of " + total + " summarizer calls from " + journal.file());
        }
        if (todo.isEmpty()) {
            progress();
            finish();
            return new DatasetJob(future, this::cancel);
        }
        int threads = Math.min(cfg.concurrency, todo.size());
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "novelkit-dataset-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger remaining = new AtomicInteger(todo.size());
        for (Call call : todo) {
            pool.execute(() -> {
                try {
                    run(call);
                } catch (Throwable e) {
                    fatal.compareAndSet(null, e);
                    cancel.cancel();
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        finish();
                    }
                }
            });
        }
        pool.shutdown();
        return new DatasetJob(future, this::cancel);
    }

    private void cancel() {
        cancel.cancel();
        for (Thread t : running) {
            t.interrupt();
        }
    }

    private void run(Call call) throws IOException {
        if (cancel.isCancelled() || fatal.get() != null) {
            return;
        }
        Thread me = Thread.currentThread();
        running.add(me);
        try {
            Object value;
            try {
                String text = call.paragraph.text();
                value = call.kind == SampleKind.SUMMARY ? cfg.summarizer.summarize(text) : cfg.summarizer.brief(text);
                if (value == null) {
                    throw new NovelKitException(summarizerName + " returned nothing");
                }
            } catch (CancelledException e) {
                cancel.cancel();
                return;
            } catch (RuntimeException e) {
                if (cancel.isCancelled()) {
                    return;
                }
                errors.put(call.key, oneLine(e));
                synchronized (progressLock) {
                    failed++;
                }
                progress();
                return;
            }
            results.put(call.key, value);
            made.incrementAndGet();
            if (journal != null) {
                try {
                    journal.append(call.key, call.paragraph.index(), summarizerName, value);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the journal " + journal.file() + ": "
                            + e.getMessage(), e);
                }
            }
            progress();
        } finally {
            running.remove(me);
            Thread.interrupted();
        }
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                fatal.compareAndSet(null, new UncheckedIOException("cannot close the journal " + journal.file()
                        + ": " + e.getMessage(), e));
            }
        }
    }

    private void finish() {
        closeJournal();
        Throwable error = fatal.get();
        if (error != null) {
            future.completeExceptionally(error);
        } else if (cancel.isCancelled()) {
            future.completeExceptionally(new CancelledException("dataset building"));
        } else {
            try {
                future.complete(assemble());
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }
    }

    private DatasetResult assemble() {
        List<Sample> samples = new ArrayList<>();
        List<DatasetResult.Failure> failures = new ArrayList<>();
        int used = 0;
        int skipped = 0;
        int notWellFormed = 0;
        Paragraph previous = null;
        for (Paragraph p : paragraphs) {
            if (!hasContent(p)) {
                skipped++;
                continue;
            }
            used++;
            String hash = Journal.sha256(p.text());
            if (cfg.kinds.contains(SampleKind.SUMMARY)) {
                Object v = valueOf(SampleKind.SUMMARY, p, failures);
                if (v instanceof StorySummary s) {
                    notWellFormed += s.wellFormed() ? 0 : 1;
                    samples.add(sample(SampleKind.SUMMARY, s.queryText(), p, hash));
                }
            }
            if (cfg.kinds.contains(SampleKind.CONTINUATION) && previous != null
                    && (cfg.acrossChapters || previous.chapter() == p.chapter())) {
                samples.add(sample(SampleKind.CONTINUATION, Sentences.tail(previous.text(), cfg.contextChars), p, hash));
            }
            if (cfg.kinds.contains(SampleKind.BRIEF)) {
                Object v = valueOf(SampleKind.BRIEF, p, failures);
                if (v instanceof String brief) {
                    samples.add(sample(SampleKind.BRIEF, brief, p, hash));
                }
            }
            previous = p;
        }
        failures.sort(Comparator.comparingInt(DatasetResult.Failure::paragraph)
                .thenComparing(DatasetResult.Failure::kind));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        return new DatasetResult(samples, used, skipped, made.get(), reused, notWellFormed, failures, elapsed,
                summarizerName);
    }

    private Object valueOf(SampleKind kind, Paragraph p, List<DatasetResult.Failure> failures) {
        String key = key(kind, p);
        Object v = results.get(key);
        if (v == null) {
            failures.add(new DatasetResult.Failure(p.index(), kind, errors.getOrDefault(key, "not summarized")));
        }
        return v;
    }

    private Sample sample(SampleKind kind, String value, Paragraph p, String hash) {
        return new Sample(kind, cfg.prompts.queryFor(kind, value), p.text(), cfg.system, p.index(), hash);
    }

    private String key(SampleKind kind, Paragraph p) {
        boolean summary = kind == SampleKind.SUMMARY;
        return Journal.key(summarizerName, summary ? "summary" : "brief",
                summary ? cfg.prompts.summaryRequest() : cfg.prompts.briefRequest(), p.text());
    }

    private void progress() {
        synchronized (progressLock) {
            if (total > 0 && done < total) {
                done++;
            }
            String detail = made.get() + " made, " + reused + " reused" + (failed > 0 ? ", " + failed + " failed" : "");
            try {
                cfg.listener.onProgress(new Progress(TASK, done, total, detail));
            } catch (RuntimeException ignored) {
                // Listeners must not throw; one that does must not break the build.
            }
        }
    }

    private void message(String text) {
        synchronized (progressLock) {
            try {
                cfg.listener.onMessage(text);
            } catch (RuntimeException ignored) {
                // As above.
            }
        }
    }

    /** Whether the paragraph has anything to learn from: long enough, with at least one letter or digit. */
    private boolean hasContent(Paragraph p) {
        return p.length() >= cfg.minChars && p.text().codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
