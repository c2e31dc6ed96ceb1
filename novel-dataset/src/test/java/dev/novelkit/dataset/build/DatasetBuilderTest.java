package dev.novelkit.dataset.build;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.io.DatasetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetBuilderTest {
    @TempDir
    Path dir;

    @Test
    void makes_the_three_kinds_in_paragraph_then_kind_order_with_the_seed_queries() {
        List<Paragraph> paragraphs = Paragraphs.make(3, 10);
        FakeSummarizer fake = new FakeSummarizer();

        DatasetResult r = DatasetBuilder.of(fake).build(paragraphs);

        assertThat(r.samples()).extracting(Sample::kind, Sample::paragraph).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SampleKind.SUMMARY, 0), org.assertj.core.groups.Tuple.tuple(SampleKind.BRIEF, 0),
                org.assertj.core.groups.Tuple.tuple(SampleKind.SUMMARY, 1), org.assertj.core.groups.Tuple.tuple(SampleKind.CONTINUATION, 1),
                org.assertj.core.groups.Tuple.tuple(SampleKind.BRIEF, 1),
                org.assertj.core.groups.Tuple.tuple(SampleKind.SUMMARY, 2), org.assertj.core.groups.Tuple.tuple(SampleKind.CONTINUATION, 2),
                org.assertj.core.groups.Tuple.tuple(SampleKind.BRIEF, 2));
        StoryPrompts p = StoryPrompts.defaults();
        String text1 = paragraphs.get(1).text();
        String text0 = paragraphs.get(0).text();
        Sample summary = r.samples().get(2);
        assertThat(summary.query()).isEqualTo(p.queryFor(SampleKind.SUMMARY, fake.summarize(text1).text()));
        assertThat(summary.response()).isEqualTo(text1);
        Sample continuation = r.samples().get(3);
        String context = text0.substring(text0.length() - 500);
        assertThat(continuation.query()).isEqualTo(p.queryFor(SampleKind.CONTINUATION, context));
        assertThat(r.samples().get(4).query()).isEqualTo(p.queryFor(SampleKind.BRIEF, fake.brief(text1)));
        assertThat(summary.sourceHash()).hasSize(64).isEqualTo(continuation.sourceHash());
        assertThat(summary.hasSystem()).isFalse();
        assertThat(r.callsMade()).isEqualTo(6);
        assertThat(r.isComplete()).isTrue();
        assertThat(r.paragraphs()).isEqualTo(3);
    }

    @Test
    void continuation_context_counts_code_points_outside_the_bmp_once() {
        String previous = "𠀀".repeat(600);
        List<Paragraph> paragraphs = List.of(new Paragraph(0, 0, "", previous, 0, 1200),
                new Paragraph(1, 0, "", "第二段：雨还在下，渡口的灯亮着。", 1200, 1216));

        DatasetResult r = DatasetBuilder.of(new FakeSummarizer()).kinds(SampleKind.CONTINUATION).build(paragraphs);

        assertThat(r.samples()).hasSize(1);
        assertThat(r.samples().get(0).query()).isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.CONTINUATION, "𠀀".repeat(500)));
    }

    @Test
    void output_order_does_not_depend_on_completion_order() {
        List<Paragraph> paragraphs = Paragraphs.make(24, 5);
        DatasetResult sequential = DatasetBuilder.of(new FakeSummarizer()).concurrency(1).build(paragraphs);

        FakeSummarizer shuffled = new FakeSummarizer(15, 7);
        DatasetResult concurrent = DatasetBuilder.of(shuffled).concurrency(8).build(paragraphs);

        assertThat(concurrent.samples()).isEqualTo(sequential.samples());
        assertThat(shuffled.maxInFlight.get()).isGreaterThan(1);
    }

    @Test
    void never_runs_more_calls_at_once_than_the_concurrency() {
        FakeSummarizer fake = new FakeSummarizer(10, 3);

        DatasetBuilder.of(fake).concurrency(3).build(Paragraphs.make(20, 5));

        assertThat(fake.maxInFlight.get()).isBetween(2, 3);
        assertThat(fake.calls.get()).isEqualTo(40);
    }

    @Test
    void identical_paragraphs_are_summarized_once() {
        Paragraph a = Paragraphs.make(1, 1).get(0);
        List<Paragraph> paragraphs = List.of(a, new Paragraph(1, 0, "", a.text(), 0, 1), new Paragraph(2, 0, "", a.text(), 0, 1));
        FakeSummarizer fake = new FakeSummarizer();

        DatasetResult r = DatasetBuilder.of(fake).kinds(SampleKind.SUMMARY, SampleKind.BRIEF).build(paragraphs);

        assertThat(fake.calls.get()).isEqualTo(2);
        assertThat(r.samples()).hasSize(6);
    }

    @Test
    void a_kind_left_out_costs_no_call_and_makes_no_sample() {
        FakeSummarizer fake = new FakeSummarizer();

        DatasetResult r = DatasetBuilder.of(fake).kinds(SampleKind.CONTINUATION).build(Paragraphs.make(4, 10));

        assertThat(fake.calls.get()).isZero();
        assertThat(r.samples()).hasSize(3).allMatch(s -> s.kind() == SampleKind.CONTINUATION);
    }

    @Test
    void continuation_can_stop_at_chapter_boundaries() {
        List<Paragraph> paragraphs = Paragraphs.make(6, 3);

        DatasetResult across = DatasetBuilder.of(new FakeSummarizer()).kinds(SampleKind.CONTINUATION).build(paragraphs);
        DatasetResult within = DatasetBuilder.of(new FakeSummarizer()).kinds(SampleKind.CONTINUATION)
                .continuationAcrossChapters(false).build(paragraphs);

        assertThat(across.samples()).extracting(Sample::paragraph).containsExactly(1, 2, 3, 4, 5);
        assertThat(within.samples()).extracting(Sample::paragraph).containsExactly(1, 2, 4, 5);
    }

    @Test
    void skips_paragraphs_without_letters_and_continues_from_the_last_real_one() {
        List<Paragraph> real = Paragraphs.make(2, 10);
        List<Paragraph> paragraphs = List.of(new Paragraph(0, 0, "", "渡口灯火", 0, 0),
                new Paragraph(1, 0, "", real.get(0).text(), 0, 1), new Paragraph(2, 0, "", "。", 1, 2),
                new Paragraph(3, 0, "", real.get(1).text(), 2, 3));
        FakeSummarizer fake = new FakeSummarizer();

        DatasetResult r = DatasetBuilder.of(fake).build(paragraphs);

        assertThat(r.skippedParagraphs()).isEqualTo(2);
        assertThat(r.paragraphs()).isEqualTo(2);
        assertThat(fake.calls.get()).isEqualTo(4);
        Sample continuation = r.samples().stream().filter(s -> s.kind() == SampleKind.CONTINUATION).findFirst().orElseThrow();
        assertThat(continuation.paragraph()).isEqualTo(3);
        assertThat(continuation.query()).endsWith(real.get(0).text().substring(real.get(0).text().length() - 500));
    }

    @Test
    void adds_the_system_prompt_to_every_sample() {
        DatasetResult r = DatasetBuilder.of(new FakeSummarizer()).system("你是一位小说家。").build(Paragraphs.make(2, 10));

        assertThat(r.samples()).allMatch(s -> s.system().equals("你是一位小说家。"));
    }

    @Test
    void reports_progress_per_call_in_order_up_to_the_total() {
        List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
            }
        };

        DatasetBuilder.of(new FakeSummarizer(3, 1)).start(Paragraphs.make(5, 10), listener).await();

        assertThat(seen).hasSize(10);
        assertThat(seen).extracting(Progress::done).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(seen.get(9).isComplete()).isTrue();
        assertThat(seen.get(9).detail()).isEqualTo("10 made, 0 reused");
    }

    @Test
    void a_failed_call_is_reported_and_everything_else_kept_then_a_rerun_retries_only_it() throws Exception {
        List<Paragraph> paragraphs = Paragraphs.make(5, 10);
        String bad = paragraphs.get(2).text();
        FakeSummarizer failing = new FakeSummarizer() {
            @Override
            public dev.novelkit.core.summary.StorySummary summarize(String paragraph) {
                if (paragraph.equals(bad)) {
                    throw BackendException.forHttpStatus("openai", 503, "overloaded");
                }
                return super.summarize(paragraph);
            }
        };
        Path journal = dir.resolve("journal.jsonl");

        DatasetResult first = DatasetBuilder.of(failing).journal(journal).build(paragraphs);

        assertThat(first.failures()).containsExactly(new DatasetResult.Failure(2, SampleKind.SUMMARY,
                "openai: HTTP 503 server error: overloaded"));
        assertThat(first.failedParagraphs()).containsExactly(2);
        assertThat(first.samples()).hasSize(13);
        assertThat(first.samples()).noneMatch(s -> s.paragraph() == 2 && s.kind() == SampleKind.SUMMARY);

        FakeSummarizer healthy = new FakeSummarizer();
        DatasetResult second = DatasetBuilder.of(healthy).journal(journal).build(paragraphs);

        assertThat(healthy.calls.get()).isEqualTo(1);
        assertThat(healthy.summaryCalls).containsOnlyKeys(bad);
        assertThat(second.isComplete()).isTrue();
        assertThat(second.callsReused()).isEqualTo(9);
        assertThat(second.samples()).isEqualTo(DatasetBuilder.of(new FakeSummarizer()).build(paragraphs).samples());
    }

    @Test
    void a_repeated_run_asks_nothing_and_gives_the_same_samples() {
        List<Paragraph> paragraphs = Paragraphs.make(6, 10);
        Path journal = dir.resolve("journal.jsonl");
        DatasetResult first = DatasetBuilder.of(new FakeSummarizer()).journal(journal).build(paragraphs);

        FakeSummarizer again = new FakeSummarizer();
        DatasetResult second = DatasetBuilder.of(again).journal(journal).build(paragraphs);

        assertThat(again.calls.get()).isZero();
        assertThat(second.callsReused()).isEqualTo(12);
        assertThat(second.samples()).isEqualTo(first.samples());
    }

    @Test
    void a_changed_fingerprint_of_one_call_asks_that_call_again_and_nothing_else() {
        List<Paragraph> paragraphs = Paragraphs.make(2, 10);
        Path journal = dir.resolve("journal.jsonl");
        DatasetBuilder.of(new FakeSummarizer()).journal(journal).build(paragraphs);

        FakeSummarizer fake = new FakeSummarizer();
        fake.briefFingerprint = "fake brief with another prompt";
        DatasetBuilder.of(fake).journal(journal).build(paragraphs);

        assertThat(fake.briefCalls).hasSize(2);
        assertThat(fake.summaryCalls).isEmpty();
    }

    @Test
    void request_prompts_given_only_to_the_builder_ask_nothing_again() {
        List<Paragraph> paragraphs = Paragraphs.make(2, 10);
        Path journal = dir.resolve("journal.jsonl");
        DatasetBuilder.of(new FakeSummarizer()).journal(journal).build(paragraphs);

        FakeSummarizer fake = new FakeSummarizer();
        DatasetBuilder.of(fake).journal(journal)
                .prompts(StoryPrompts.defaults().briefRequest("概括：{paragraph}")).build(paragraphs);

        assertThat(fake.calls.get()).isZero();
    }

    @Test
    void resumes_after_a_cancel_midway_without_summarizing_anything_twice_and_writes_identical_files() throws Exception {
        List<Paragraph> paragraphs = Paragraphs.make(12, 4);
        Path uninterrupted = dir.resolve("a");
        runToFile(new FakeSummarizer(), paragraphs, uninterrupted);

        Path resumed = dir.resolve("b");
        FakeSummarizer first = new FakeSummarizer();
        Cancellation cancel = new Cancellation();
        first.beforeCall = (kind, n) -> {
            if (n > 7) {
                cancel.cancel();
                throw new CancelledException("killed");
            }
        };
        assertThatThrownBy(() -> runToFile(first, paragraphs, resumed, cancel)).isInstanceOf(CancelledException.class);
        assertThat(resumed.resolve("train.jsonl")).doesNotExist();
        int finishedFirst = first.summaryCalls.size() + first.briefCalls.size();
        assertThat(finishedFirst).isEqualTo(7);

        FakeSummarizer second = new FakeSummarizer();
        DatasetResult r = runToFile(second, paragraphs, resumed);

        assertThat(r.callsReused()).isEqualTo(7);
        assertThat(r.callsMade()).isEqualTo(24 - 7);
        for (Paragraph p : paragraphs) {
            int summaries = count(first.summaryCalls, p.text()) + count(second.summaryCalls, p.text());
            int briefs = count(first.briefCalls, p.text()) + count(second.briefCalls, p.text());
            assertThat(summaries).as("summaries of paragraph %d", p.index()).isEqualTo(1);
            assertThat(briefs).as("briefs of paragraph %d", p.index()).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(resumed.resolve("train.jsonl")))
                .isEqualTo(Files.readAllBytes(uninterrupted.resolve("train.jsonl")));
    }

    @Test
    void a_torn_last_journal_line_is_dropped_and_only_that_call_is_made_again() throws Exception {
        List<Paragraph> paragraphs = Paragraphs.make(4, 10);
        Path journal = dir.resolve("journal.jsonl");
        DatasetResult full = DatasetBuilder.of(new FakeSummarizer()).journal(journal).build(paragraphs);
        byte[] bytes = Files.readAllBytes(journal);
        int cut = bytes.length - 40;
        Files.write(journal, java.util.Arrays.copyOf(bytes, cut));
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };

        FakeSummarizer fake = new FakeSummarizer();
        DatasetResult r = DatasetBuilder.of(fake).journal(journal).start(paragraphs, listener).await();

        assertThat(fake.calls.get()).isEqualTo(1);
        assertThat(r.samples()).isEqualTo(full.samples());
        assertThat(messages).anyMatch(m -> m.contains("torn last record"));
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(8).allMatch(l -> l.startsWith("{\"key\":") && l.endsWith("}"));

        FakeSummarizer third = new FakeSummarizer();
        DatasetBuilder.of(third).journal(journal).build(paragraphs);
        assertThat(third.calls.get()).isZero();
    }

    @Test
    void a_malformed_journal_line_in_the_middle_is_skipped_with_a_warning() throws Exception {
        List<Paragraph> paragraphs = Paragraphs.make(3, 10);
        Path journal = dir.resolve("journal.jsonl");
        DatasetBuilder.of(new FakeSummarizer()).journal(journal).build(paragraphs);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(2, "{not json");
        Files.write(journal, lines);
        List<String> messages = Collections.synchronizedList(new ArrayList<>());

        FakeSummarizer fake = new FakeSummarizer();
        DatasetBuilder.of(fake).journal(journal).start(paragraphs, new ProgressListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        }).await();

        assertThat(fake.calls.get()).isEqualTo(1);
        assertThat(messages).anyMatch(m -> m.contains("journal.jsonl:3: skipping a malformed journal record"));
    }

    @Test
    void cancel_stops_the_job_and_keeps_the_finished_calls_in_the_journal() throws Exception {
        List<Paragraph> paragraphs = Paragraphs.make(40, 10);
        Path journal = dir.resolve("journal.jsonl");
        CountDownLatch started = new CountDownLatch(4);
        FakeSummarizer slow = new FakeSummarizer(50, 1);
        slow.beforeCall = (kind, n) -> started.countDown();

        Job<DatasetResult> job = DatasetBuilder.of(slow).concurrency(2).journal(journal)
                .start(paragraphs, ProgressListener.NONE);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        job.cancel();

        assertThatThrownBy(job::await).isInstanceOf(CancelledException.class);
        assertThat(job.isDone()).isTrue();
        long journaled = Files.readAllLines(journal).size();
        assertThat(journaled).isLessThan(80);
        FakeSummarizer rest = new FakeSummarizer();
        DatasetResult r = DatasetBuilder.of(rest).journal(journal).build(paragraphs);
        assertThat(r.callsReused()).isEqualTo((int) journaled);
        assertThat(rest.calls.get()).isEqualTo(80 - (int) journaled);
    }

    @Test
    void a_journal_in_use_by_another_run_is_refused() throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        FakeSummarizer blocking = new FakeSummarizer();
        blocking.beforeCall = (kind, n) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Job<DatasetResult> running = DatasetBuilder.of(blocking).journal(journal)
                .start(Paragraphs.make(1, 1), ProgressListener.NONE);
        try {
            // The job opens (and locks) its journal on its own thread before its first call.
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> DatasetBuilder.of(new FakeSummarizer()).journal(journal).build(Paragraphs.make(1, 1)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("in use by another dataset run");
        } finally {
            release.countDown();
        }
        assertThat(running.await().isComplete()).isTrue();
    }

    private DatasetResult runToFile(FakeSummarizer s, List<Paragraph> paragraphs, Path out) {
        return runToFile(s, paragraphs, out, new Cancellation());
    }

    private DatasetResult runToFile(FakeSummarizer s, List<Paragraph> paragraphs, Path out, Cancellation cancel) {
        DatasetResult r = DatasetBuilder.of(s).concurrency(3)
                .journal(out.resolve("journal.jsonl")).start(paragraphs, ProgressListener.NONE, cancel).await();
        DatasetWriter.jsonl().write(out.resolve("train.jsonl"), r.samples());
        return r;
    }

    private static int count(java.util.Map<String, AtomicInteger> calls, String text) {
        AtomicInteger n = calls.get(text);
        return n == null ? 0 : n.get();
    }
}
