package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.progress.Progress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs {@link SwiftTrainer} against the fake swift executable (test resource), which prints real-format logs. */
class SwiftTrainerRunTest {
    @TempDir
    Path dir;
    Path bin;
    Path data;

    @BeforeEach
    void setUp() {
        bin = FakeSwift.install(dir);
        data = FakeSwift.dataset(dir.resolve("train.jsonl"), 200);
    }

    /** Collects everything a listener gets. */
    static final class Recorder implements TrainingListener {
        final List<TrainingProgress> records = new CopyOnWriteArrayList<>();
        final List<Progress> progress = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> output = new CopyOnWriteArrayList<>();

        @Override
        public void onTraining(TrainingProgress p) {
            records.add(p);
        }

        @Override
        public void onProgress(Progress p) {
            progress.add(p);
        }

        @Override
        public void onMessage(String m) {
            messages.add(m);
        }

        @Override
        public void onOutput(String line) {
            output.add(line);
        }

        List<Long> steps(TrainingProgress.Kind kind) {
            return records.stream().filter(r -> r.kind() == kind).map(TrainingProgress::step).toList();
        }
    }

    private SwiftTrainer.Builder trainer() {
        return SwiftTrainer.builder().workingDir(dir).dataset(data).executable(bin.resolve("swift"))
                .loggingSteps(5).evalSteps(10).saveSteps(10).environment("FAKE_SWIFT_STEPS", "25");
    }

    private static TrainingResult await(TrainingJob job) throws Exception {
        return job.result().get(60, TimeUnit.SECONDS);
    }

    @Test
    void a_2x_run_reports_each_step_once_and_ends_with_the_run_folder_and_checkpoints() throws Exception {
        Recorder rec = new Recorder();

        TrainingResult result = await(trainer().build().start(rec));

        Path run = result.runDir();
        assertThat(run.getParent()).isEqualTo(dir.resolve("output/qwen2-7b-instruct"));
        assertThat(run.getFileName().toString()).matches("v0-\\d{8}-\\d{6}");
        assertThat(result.lastCheckpoint()).isEqualTo(run.resolve("checkpoint-25"));
        assertThat(result.bestCheckpoint()).isEqualTo(run.resolve("checkpoint-25"));
        assertThat(result.checkpoints()).containsExactly(run.resolve("checkpoint-20"), run.resolve("checkpoint-25"));
        assertThat(rec.steps(TrainingProgress.Kind.TRAIN)).containsExactly(1L, 5L, 10L, 15L, 20L, 25L);
        assertThat(rec.steps(TrainingProgress.Kind.EVAL)).containsExactly(10L, 20L, 25L);
        assertThat(rec.steps(TrainingProgress.Kind.SUMMARY)).containsExactly(25L);
        TrainingProgress first = rec.records.get(0);
        assertThat(first.maxSteps()).isEqualTo(25);
        assertThat(first.accuracy()).isEqualTo(0.562);
        assertThat(first.remaining()).isNotNull();
        assertThat(rec.progress).extracting(Progress::done).containsExactly(1L, 5L, 10L, 15L, 20L, 25L);
        assertThat(rec.progress.get(0).detail()).startsWith("loss ").endsWith("s left");
        assertThat(rec.messages).anyMatch(m -> m.equals("saved " + run.resolve("checkpoint-10")));
        assertThat(rec.messages).anyMatch(m -> m.startsWith("step 20/25: eval_loss "));
        assertThat(rec.output).anyMatch(l -> l.contains("End time of running main"));
        assertThat(result.history()).hasSize(10);
        assertThat(result.metric("train_loss")).isPositive();
        assertThat(result.metric("eval_loss")).isEqualTo(rec.records.get(8).loss());
        assertThat(result.metric("loss")).isPositive();
    }

    @Test
    void a_3x_run_finds_swift_on_the_path_and_reads_token_acc() throws Exception {
        Recorder rec = new Recorder();
        SwiftTrainer trainer = SwiftTrainer.builder().dialect(SwiftDialect.V3).workingDir(dir).dataset(data)
                .environment("PATH", FakeSwift.pathWith(bin)).environment("FAKE_SWIFT_STEPS", "12")
                .loggingSteps(4).evalSteps(6).saveSteps(6).build();

        TrainingResult result = await(trainer.start(rec));

        assertThat(result.runDir().getParent()).isEqualTo(dir.resolve("output"));
        assertThat(result.lastCheckpoint()).isEqualTo(result.runDir().resolve("checkpoint-12"));
        assertThat(Files.readString(result.runDir().resolve("logging.jsonl"))).contains("\"last_model_checkpoint\"");
        assertThat(rec.records.get(0).metrics()).containsKey("token_acc");
        assertThat(rec.records.get(0).accuracy()).isEqualTo(0.575);
        assertThat(rec.steps(TrainingProgress.Kind.TRAIN)).containsExactly(1L, 4L, 8L, 12L);
    }

    @Test
    void cuda_out_of_memory_fails_with_the_cause_exit_code_and_output_tail() {
        TrainingJob job = trainer().environment("FAKE_SWIFT_FAIL", "oom").build().start(new Recorder());

        assertThatThrownBy(job::await).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.getMessage()).startsWith("swift: sft failed with exit code 1: CUDA out of memory (torch.OutOfMemoryError: "
                    + "CUDA out of memory. Tried to allocate 2.00 GiB.");
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.outputTail()).hasSizeLessThanOrEqualTo(50).last().asString().startsWith("torch.OutOfMemoryError");
            assertThat(e.outputTail()).contains("Traceback (most recent call last):");
        });
    }

    @Test
    void a_python_traceback_fails_with_its_last_line() {
        TrainingJob job = trainer().environment("FAKE_SWIFT_FAIL", "dataset").build().start(new Recorder());

        assertThatThrownBy(job::await).isInstanceOf(BackendException.class).hasMessage("swift: sft failed with exit code 1: "
                + "ValueError: dataset: no column of 'messages', 'query', 'instruction' or 'conversations' in the first row");
    }

    @Test
    void a_plain_non_zero_exit_names_swifts_error_line() {
        TrainingJob job = trainer().environment("FAKE_SWIFT_FAIL", "exit1").build().start(new Recorder());

        assertThatThrownBy(job::await).isInstanceOf(BackendException.class)
                .hasMessage("swift: sft failed with exit code 1: [ERROR:swift] fake failure requested: exiting with code 1");
    }

    @Test
    void a_missing_or_unreadable_dataset_fails_before_anything_starts() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        Path alpacaTypo = dir.resolve("typo.jsonl");
        Files.writeString(alpacaTypo, "{\"query\": \"q\", \"response\": \"r\"}\n{\"instrution\": \"q\", \"output\": \"r\"}\n");

        assertThatThrownBy(() -> trainer().dataset(missing).build().start(new Recorder()))
                .isInstanceOf(InvalidInputException.class).hasMessage(missing + ": dataset file does not exist");
        assertThatThrownBy(() -> trainer().dataset(alpacaTypo).build().start(new Recorder()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(alpacaTypo + ":2: missing field \"instruction\"")
                .hasMessageEndingWith("found keys [instrution, output]");
        assertThat(dir.resolve("output")).doesNotExist();
    }

    @Test
    void no_swift_on_the_path_is_a_backend_error_saying_so() {
        SwiftTrainer trainer = SwiftTrainer.builder().workingDir(dir).dataset(data)
                .environment("PATH", dir.resolve("empty").toString()).build();

        assertThatThrownBy(() -> trainer.start(new Recorder())).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("swift: swift not found on PATH (" + dir.resolve("empty") + "); install ms-swift");
    }

    @Test
    void cancel_ends_the_whole_process_tree_even_when_swift_ignores_sigterm() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        TrainingJob job = trainer().environment("FAKE_SWIFT_FAIL", "hang").environment("FAKE_SWIFT_IGNORE_TERM", "1")
                .environment("FAKE_SWIFT_CHILD_PID_FILE", pidFile.toString()).cancelGrace(Duration.ofMillis(300))
                .build().start(new Recorder());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ProcessHandle swift = ProcessHandle.of(job.pid()).orElseThrow();
        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        assertThat(child.parent().map(ProcessHandle::pid)).contains(job.pid());

        job.cancel();

        assertThat(swift.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
        assertThatThrownBy(() -> job.result().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancelledException.class).hasMessageContaining("swift sft was cancelled");
        job.cancel(); // idempotent
    }

    @Test
    void resume_from_latest_continues_after_a_crash_from_the_saved_checkpoint() throws Exception {
        TrainingJob crashed = trainer().environment("FAKE_SWIFT_FAIL", "crash_after_save").build().start(new Recorder());
        assertThatThrownBy(crashed::await).hasMessageContaining("RuntimeError: NCCL communicator was aborted");
        Path saved = RunFoldersView.onlyCheckpoint(dir.resolve("output"));
        Recorder rec = new Recorder();

        TrainingJob resumed = trainer().resumeFromLatest().build().start(rec);
        TrainingResult result = await(resumed);

        assertThat(resumed.command().args()).containsSequence("--resume_from_checkpoint", saved.toString());
        assertThat(rec.messages).contains("resuming from " + saved);
        assertThat(rec.steps(TrainingProgress.Kind.TRAIN)).containsExactly(15L, 20L, 25L);
        assertThat(result.lastCheckpoint().getFileName().toString()).isEqualTo("checkpoint-25");
    }

    @Test
    void a_listener_that_throws_does_not_stop_training() throws Exception {
        TrainingListener rude = new TrainingListener() {
            @Override
            public void onTraining(TrainingProgress p) {
                throw new IllegalStateException("listener bug");
            }
        };

        TrainingResult result = await(trainer().build().start(rude));

        assertThat(result.history()).isNotEmpty();
        Optional<TrainingProgress> last = Optional.of(result.history().get(result.history().size() - 1));
        assertThat(last).get().extracting(TrainingProgress::kind).isEqualTo(TrainingProgress.Kind.SUMMARY);
    }

    /** Finds the single checkpoint of the crashed run. */
    static final class RunFoldersView {
        static Path onlyCheckpoint(Path output) throws IOException {
            try (var s = Files.walk(output)) {
                List<Path> ckpts = s.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).toList();
                assertThat(ckpts).hasSize(1);
                return ckpts.get(0);
            }
        }
    }
}
