package dev.novelkit.dataset.build;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.summary.Summarizer;
import dev.novelkit.core.text.Paragraph;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the paragraphs of a novel into the seed's three kinds of fine-tuning samples. Immutable settings: every
 * setter returns a new builder and rejects a bad value with an {@link dev.novelkit.core.InvalidSettingException};
 * {@link #start} and {@link #build} may be called any number of times.
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
 * uninterrupted one. Calls are keyed by the summarizer's {@link Summarizer#fingerprint fingerprint} of the call (what
 * it actually sends: server, model as the server names it, request prompt, options) and the paragraph text, so
 * changing any of them asks again, and nothing else does. A call that fails (after the backend's own retries)
 * is reported in {@link DatasetResult#failures()} and its sample left out; everything else is kept, and the next
 * run retries only the failed calls.
 *
 * <pre>{@code
 * try (Job<DatasetResult> job = DatasetBuilder.of(OfflineSummarizer.defaults())
 *         .journal(out.resolve("journal.jsonl"))
 *         .start(paragraphs, progressBar)) {
 *     DatasetResult r = job.await();
 *     DatasetWriter.jsonl().write(out.resolve("train.jsonl"), r.samples());
 * }
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
    final int minChars;

    private DatasetBuilder(Summarizer summarizer, StoryPrompts prompts, Set<SampleKind> kinds, int contextChars,
                           boolean acrossChapters, String system, int concurrency, Path journal, int minChars) {
        this.summarizer = summarizer;
        this.prompts = prompts;
        this.kinds = kinds;
        this.contextChars = contextChars;
        this.acrossChapters = acrossChapters;
        this.system = system;
        this.concurrency = concurrency;
        this.journal = journal;
        this.minChars = minChars;
    }

    /** All three kinds, default prompts, 500 characters of context, 8 calls at a time, no journal. */
    public static DatasetBuilder of(Summarizer summarizer) {
        return new DatasetBuilder(Require.nonNull("summarizer", summarizer), StoryPrompts.defaults(),
                Set.copyOf(EnumSet.allOf(SampleKind.class)), 500, true, "", 8, null, 10);
    }

    /**
     * The query templates of the samples. The request prompts in them are not used here: the summarizer sends its
     * own (give the same prompts to both), and its {@link Summarizer#fingerprint fingerprint} keys the journal.
     */
    public DatasetBuilder prompts(StoryPrompts prompts) {
        return new DatasetBuilder(summarizer, Require.nonNull("prompts", prompts), kinds, contextChars,
                acrossChapters, system, concurrency, journal, minChars);
    }

    /** Which kinds of samples to make (at least one). A kind left out costs no summarizer call. */
    public DatasetBuilder kinds(Set<SampleKind> kinds) {
        Require.nonNull("kinds", kinds);
        Require.that(!kinds.isEmpty(), "kinds", kinds, "must hold at least one sample kind");
        return new DatasetBuilder(summarizer, prompts, Set.copyOf(kinds), contextChars, acrossChapters, system,
                concurrency, journal, minChars);
    }

    public DatasetBuilder kinds(SampleKind first, SampleKind... more) {
        return kinds(EnumSet.of(Require.nonNull("kinds", first), more));
    }

    /** How many code points of the previous paragraph a continuation query quotes (≥ 1, default 500). */
    public DatasetBuilder contextChars(int chars) {
        return new DatasetBuilder(summarizer, prompts, kinds, Require.atLeast("contextChars", chars, 1),
                acrossChapters, system, concurrency, journal, minChars);
    }

    /** Whether a chapter's first paragraph continues the previous chapter's last one (default true, as the seed). */
    public DatasetBuilder continuationAcrossChapters(boolean across) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, across, system, concurrency, journal,
                minChars);
    }

    /** A system prompt put in every sample ("" for none, the default: the training template's own applies). */
    public DatasetBuilder system(String system) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters,
                Require.nonNull("system", system), concurrency, journal, minChars);
    }

    /** Summarizer calls in flight at most (1..256, default 8). */
    public DatasetBuilder concurrency(int calls) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system,
                Require.between("concurrency", calls, 1, 256), journal, minChars);
    }

    /** The journal file finished calls are appended to and resumed from (created if missing). */
    public DatasetBuilder journal(Path file) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, concurrency,
                Require.nonNull("journal", file), minChars);
    }

    /**
     * Paragraphs shorter than this many code points are skipped (≥ 1, default 10): a lone heading or title makes
     * no useful sample. Paragraphs without a letter or digit are always skipped.
     */
    public DatasetBuilder minChars(int chars) {
        return new DatasetBuilder(summarizer, prompts, kinds, contextChars, acrossChapters, system, concurrency,
                journal, Require.atLeast("minChars", chars, 1));
    }

    /**
     * Starts building in the background. The listener receives progress (task "summaries", one unit per summarizer
     * call) and messages; {@link Job#cancel()} stops starting calls and interrupts those in flight (finished calls
     * stay in the journal).
     */
    public Job<DatasetResult> start(List<Paragraph> paragraphs, ProgressListener listener) {
        return start(paragraphs, listener, new Cancellation());
    }

    /** As {@link #start(List, ProgressListener)}, with a cancellation the caller may also hold (a whole job's). */
    public Job<DatasetResult> start(List<Paragraph> paragraphs, ProgressListener listener, Cancellation cancellation) {
        List<Paragraph> copy = List.copyOf(Require.nonNull("paragraphs", paragraphs));
        ProgressListener l = Require.nonNull("listener", listener);
        return Job.start("dataset building", ProgressListener.NONE, Require.nonNull("cancellation", cancellation),
                new BuildRun(this, copy, l));
    }

    /** Builds and waits for the result: {@code start(paragraphs, ProgressListener.NONE).await()}. */
    public DatasetResult build(List<Paragraph> paragraphs) {
        return start(paragraphs, ProgressListener.NONE).await();
    }

    @Override
    public String toString() {
        return "DatasetBuilder[summarizer=" + summarizer.name() + ", kinds=" + EnumSet.copyOf(kinds)
                + ", contextChars=" + contextChars + ", acrossChapters=" + acrossChapters + ", concurrency="
                + concurrency + ", journal=" + journal + "]";
    }
}
