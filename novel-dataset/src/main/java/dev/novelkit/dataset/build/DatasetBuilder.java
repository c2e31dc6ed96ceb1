package dev.novelkit.dataset.build;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.summary.Summarizer;
import dev.novelkit.core.text.Paragraph;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the paragraphs of a novel into the seed's three kinds of fine-tuning samples. Immutable: every setter
 * returns a new builder; {@link #start} and {@link #build} may be called any number of times.
 *
 * <ul>
 *   <li>{@link SampleKind#SUMMARY}: the summarizer's structured summary, as it wrote it, in the summary query
 *       template → the paragraph.</li>
 *   <li>{@link SampleKind#CONTINUATION}: the last {@link #contextChars(int)} code points (default 500) of the
 *       previous paragraph → the paragraph. None for the first paragraph. Like the seed, which splits the whole
 *       novel without chapters, the previous paragraph may belong to the previous chapter (the query template even
 *       says "前一个章节的结尾部分"); {@link #continuationAcrossChapters(boolean) continuationAcrossChapters(false)}
 *       makes the first paragraph of every chapter start without one.</li>
 *   <li>{@link SampleKind#BRIEF}: the brief (at most 60 characters) in the brief query template → the paragraph.</li>
 * </ul>
 *
 * <p>Samples come out ordered by paragraph, then kind in the order above, whatever order the calls finish in.
 * Paragraphs with no letter or digit (the empty first paragraph the seed's splitter can produce, a lone "。") or
 * shorter than {@link #minChars(int)} (default 10, a lone title) are skipped. Summarizer calls run at most
 * {@link #concurrency(int)} at a time (default 8); identical paragraphs are summarized once.
 *
 * <p>With a {@link #journal(Path) journal}, every finished call is appended to it at once, and calls already in
 * it are not made again: an interrupted or repeated run resumes where it stopped and gives the same samples as an
 * uninterrupted one. Calls are keyed by the summarizer's {@link Summarizer#name() name}, the request prompt and
 * the paragraph text, so changing any of them asks again. A call that fails (after the backend's own retries)
 * is reported in {@link DatasetResult#failures()} and its sample left out; everything else is kept, and the next
 * run retries only the failed calls.
 *
 * <pre>{@code
 * DatasetResult r = DatasetBuilder.of(OfflineSummarizer.create())
 *         .journal(out.resolve("journal.jsonl"))
 *         .listener(progressBar)
 *         .build(paragraphs);
 * DatasetWriter.jsonl().write(out.resolve("train.jsonl"), r.samples());
 * }</pre>
 */
public final class DatasetBuilder {
    final Summarizer summarizer;
    final StoryPrompts prompts;
    final Set<SampleKind> kinds;
    final int contextChars;
    final boolean acrossChapters;
    final String system;
    final int concurrency;
    final Path journal;
    final ProgressListener listener;
    final Cancellation cancellation;
    final int minChars;

    private DatasetBuilder(Summarizer summarizer, StoryPrompts prompts, Set<SampleKind> kinds, int contextChars,
                           boolean acrossChapters, String system, int concurrency, Path journal,
                           ProgressListener listener, Cancellation cancellation, int minChars) {
        this.summarizer = summarizer;
        this.prompts = prompts;
        this.kinds = kinds;
        this.contextChars = contextChars;
        this.acrossChapters = acrossChapters;
        this.system = system;
        this.concurrency = concurrency;
        this.journal = journal;
        this.listener = listener;
        this.cancellation = cancellation;
        this.minChars = minChars;
    }

    /** All three kinds, default prompts, 500 characters of context, 8 calls at a time, no journal. */
    public static DatasetBuilder of(Summarizer summarizer) {
        return new DatasetBuilder(Objects.requireNonNull(summarizer, "summarizer"), StoryPrompts.defaults(),
                Set.copyOf(EnumSet.allOf(SampleKind.class)), 500, true, "", 8, null, ProgressListener.NONE, null, 10);
    }

    /** The query templates and request prompts (the request prompts are part of the journal key). */
    public DatasetBuilder prompts(StoryPrompts prompts) {
        return new DatasetBuilder(summarizer, Objects.requireNonNull(prompts, "prompts"), kinds, contextChars,
                acrossChapters, system, concurrency, journal, listener, cancellation, minChars);
    }

    /** Which kinds of samples to make (at least one). A kind left out costs no summarizer call. */
    public DatasetBuilder kinds(Set<SampleKind> kinds) {
        Objects.requireNonNull(kinds, "kinds");
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds must hold at least one sample kind");
        }
        return new DatasetBuilder(summarizer, prompts, Set.copyOf(kinds), contextChars, acrossChapters, system,
                concurrency, journal, listener, cancellation, minChars);
    }

    public DatasetBuilder kinds(SampleKind first, SampleKind... more) {
        EnumSet<SampleKind> set = EnumSet.of(first, more);
        return kinds(set);
    }

    /** How many code points of the previous paragraph a continuation query quotes (≥ 1, default 500). */
    public DatasetBuilder contextChars(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("contextChars must be >= 1, was " + chars);
        }
        return new DatasetBuilder(summarizer, prompts, kinds, chars, acrossChapters, system, concurrency, journal,
                listener, cancellation, minChars);
    }

    /** Whether a chapter's first paragraph continues the previous chapter's last one (default true, as the seed). */
    public DatasetBuilder continuationAcrossChapters(boolean across) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, across, system, concurrency, journal,
                listener, cancellation, minChars);
    }

    /** A system prompt put in every sample ("" for none, the default: the training template's own applies). */
    public DatasetBuilder system(String system) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters,
                Objects.requireNonNull(system, "system"), concurrency, journal, listener, cancellation, minChars);
    }

    /** Summarizer calls in flight at most (1..256, default 8). */
    public DatasetBuilder concurrency(int calls) {
        if (calls < 1 || calls > 256) {
            throw new IllegalArgumentException("concurrency must be 1..256, was " + calls);
        }
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, calls, journal,
                listener, cancellation, minChars);
    }

    /** The journal file finished calls are appended to and resumed from (created if missing). */
    public DatasetBuilder journal(Path file) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, concurrency,
                Objects.requireNonNull(file, "journal"), listener, cancellation, minChars);
    }

    /** Receives progress (task "summaries", one unit per summarizer call) and messages. */
    public DatasetBuilder listener(ProgressListener listener) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, concurrency,
                journal, Objects.requireNonNull(listener, "listener"), cancellation, minChars);
    }

    /** A flag checked before every call; cancelling it stops the build like {@link DatasetJob#cancel()}. */
    public DatasetBuilder cancellation(Cancellation cancellation) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, concurrency,
                journal, listener, Objects.requireNonNull(cancellation, "cancellation"), minChars);
    }

    /**
     * Paragraphs shorter than this many code points are skipped (≥ 1, default 10): a lone heading or title makes
     * no useful sample. Paragraphs without a letter or digit are always skipped.
     */
    public DatasetBuilder minChars(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("minChars must be >= 1, was " + chars);
        }
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, concurrency,
                journal, listener, cancellation, chars);
    }

    /** Starts building in the background. */
    public DatasetJob start(List<Paragraph> paragraphs) {
        Objects.requireNonNull(paragraphs, "paragraphs");
        return new BuildRun(this, List.copyOf(paragraphs)).start();
    }

    /** Builds and waits for the result. */
    public DatasetResult build(List<Paragraph> paragraphs) {
        return start(paragraphs).join();
    }

    @Override
    public String toString() {
        return "DatasetBuilder[summarizer=" + summarizer.name() + ", kinds=" + EnumSet.copyOf(kinds)
                + ", contextChars=" + contextChars + ", acrossChapters=" + acrossChapters + ", concurrency="
                + concurrency + ", journal=" + journal + "]";
    }
}
