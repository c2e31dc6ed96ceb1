package dev.novelkit.dataset.build;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.internal.Journal;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.dataset.internal.Fingerprint;
import dev.novelkit.core.text.Sentences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a {@link DatasetBuilder}, the work of its {@link Job}: plans the calls, runs them on a fixed pool,
 * assembles the samples.
 */
final class BuildRun implements Job.Work<DatasetResult> {
    private static final String TASK = "summaries";

    private final DatasetBuilder cfg;
    private final List<Paragraph> paragraphs;
    private final ProgressListener listener;
    private Cancellation cancel;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicInteger made = new AtomicInteger();
    private final Object progressLock = new Object();
    private final String summarizerName;
    private final Map<SampleKind, String> fingerprints = new EnumMap<>(SampleKind.class);
    private long startNanos;
    private Journal journal;
    private int total;
    private int done;
    private int failed;
    private int reused;

    /** One summarizer call: its journal key, what it asks for and the first paragraph that needs it. */
    private record Call(String key, SampleKind kind, Paragraph paragraph) {
    }

    BuildRun(DatasetBuilder cfg, List<Paragraph> paragraphs, ProgressListener listener) {
        this.cfg = cfg;
        this.paragraphs = paragraphs;
        this.listener = listener;
        this.summarizerName = cfg.summarizer.name();
    }

    @Override
    public DatasetResult run(Cancellation cancellation, ProgressListener ignored) throws InterruptedException {
        this.cancel = cancellation;
        startNanos = System.nanoTime();
        for (SampleKind kind : List.of(SampleKind.SUMMARY, SampleKind.BRIEF)) {
            if (cfg.kinds.contains(kind)) {
                // What the summarizer sends for this call (server, model, prompt): the journal key's identity.
                fingerprints.put(kind, cfg.summarizer.fingerprint(kind));
            }
        }
        if (cfg.journal != null) {
            try {
                journal = Journal.open(cfg.journal, this::message);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the journal " + cfg.journal + ": " + e.getMessage(), e);
            }
            results.putAll(journal.entries());
        }
        try (Cancellation.Registration r = cancellation.onCancel(this::interruptCalls)) {
            plan();
        } finally {
            closeJournal();
        }
        Throwable error = fatal.get();
        if (error instanceof RuntimeException e) {
            throw e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        if (error != null) {
            throw new NovelKitException("dataset building failed: " + error, error);
        }
        cancellation.throwIfCancelled("dataset building");
        return assemble();
    }

    private void plan() throws InterruptedException {
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
            return;
        }
        int threads = Math.min(cfg.concurrency, todo.size());
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "novelkit-dataset-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (Call call : todo) {
            pool.execute(() -> {
                try {
                    call(call);
                } catch (Throwable e) {
                    fatal.compareAndSet(null, e);
                    interruptCalls();
                }
            });
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // Calls end on their own, or on cancellation (interrupted, and no new one starts).
            }
        } catch (InterruptedException e) {
            // Cancelled: the calls in flight are interrupted too; wait for them so the journal closes cleanly.
            interruptCalls();
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            throw e;
        }
    }

    private void interruptCalls() {
        for (Thread t : running) {
            t.interrupt();
        }
    }

    private void call(Call call) throws IOException {
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
                if (!cancel.isCancelled()) {
                    fatal.compareAndSet(null, e);
                }
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
            String hash = Fingerprint.sha256(p.text());
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
        return Journal.key(kind == SampleKind.SUMMARY ? "summary" : "brief", fingerprints.get(kind), p.text());
    }

    private void progress() {
        synchronized (progressLock) {
            if (total > 0 && done < total) {
                done++;
            }
            String detail = made.get() + " made, " + reused + " reused" + (failed > 0 ? ", " + failed + " failed" : "");
            try {
                listener.onProgress(new Progress(TASK, done, total, detail));
            } catch (RuntimeException ignored) {
                // Listeners must not throw; one that does must not break the build.
            }
        }
    }

    private void message(String text) {
        synchronized (progressLock) {
            try {
                listener.onMessage(text);
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
