package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.Progress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs {@link SwiftTrainer} against fake installs of ms-swift 2.6.1, 3.12.6 and 4.5.2 (strict argument parsing,
 * real-format logs), with no version or dialect set: the command line follows what is installed.
 */
class SwiftTrainerRunTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void setUp() {
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

        long pid() {
            return messages.stream().filter(m -> m.startsWith("swift sft started (pid ")).findFirst()
                    .map(m -> Long.parseLong(m.substring("swift sft started (pid ".length(), m.length() - 1)))
                    .orElseThrow();
        }
    }

    private SwiftTrainer trainer(String version) {
        Path swift = FakeSwift.install(dir, version);
        return SwiftTrainer.of(data).process(FakeSwift.process(swift, dir).environment("FAKE_SWIFT_STEPS", "25"))
                .loggingSteps(5).evalSteps(10).saveSteps(10);
    }

    private static SwiftTrainer env(SwiftTrainer t, String name, String value) {
        return t.process(t.process().environment(name, value));
    }

    private static TrainingResult await(Job<TrainingResult> job) throws Exception {
        return job.result().get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void trains_on_the_installed_swift_reporting_each_step_once_and_ends_with_run_folder_and_checkpoints(String version)
            throws Exception {
        Recorder rec = new Recorder();

        TrainingResult result = await(trainer(version).start(rec));

        Path run = result.runDir();
        assertThat(run.getParent()).isEqualTo(version.startsWith("2.") ? dir.resolve("output/qwen2-7b-instruct")
                : dir.resolve("output"));
        assertThat(run.getFileName().toString()).matches("v0-\\d{8}-\\d{6}");
        assertThat(result.lastCheckpoint()).isEqualTo(run.resolve("checkpoint-25"));
        assertThat(result.bestCheckpoint()).contains(run.resolve("checkpoint-25"));
        assertThat(result.checkpoints()).containsExactly(run.resolve("checkpoint-20"), run.resolve("checkpoint-25"));
        assertThat(rec.messages.get(0)).isEqualTo("for ms-swift " + version + ", found at "
                + dir.resolve("venv-" + version + "/bin/swift"));
        assertThat(rec.steps(TrainingProgress.Kind.TRAIN)).containsExactly(1L, 5L, 10L, 15L, 20L, 25L);
        assertThat(rec.steps(TrainingProgress.Kind.EVAL)).containsExactly(10L, 20L, 25L);
        assertThat(rec.steps(TrainingProgress.Kind.SUMMARY)).containsExactly(25L);
        TrainingProgress first = rec.records.get(0);
        assertThat(first.maxSteps()).isEqualTo(25);
        assertThat(first.fraction()).isEqualTo(1 / 25.0);
        assertThat(first.accuracy()).isEqualTo(0.562);
        assertThat(first.trainSpeed()).isPositive();
        assertThat(first.remaining()).isNotNull();
        assertThat(first.metrics()).containsKey(version.startsWith("2.") ? "acc" : "token_acc");
        assertThat(first.metrics().containsKey("percentage")).isEqualTo(!version.startsWith("4."));
        assertThat(rec.progress).extracting(Progress::done).containsExactly(1L, 5L, 10L, 15L, 20L, 25L);
        assertThat(rec.progress.get(0).detail()).startsWith("loss ").endsWith("s left");
        assertThat(rec.messages).anyMatch(m -> m.equals("saved " + run.resolve("checkpoint-10")));
        assertThat(rec.messages).anyMatch(m -> m.startsWith("step 20/25: eval_loss "));
        assertThat(rec.output).anyMatch(l -> l.contains("End time of running main"));
        assertThat(result.history()).hasSize(10);
        assertThat(result.metric("train_loss")).isPositive();
        assertThat(result.metric("eval_loss")).isEqualTo(rec.records.get(8).loss());
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void cuda_out_of_memory_fails_with_the_cause_exit_code_and_output_tail(String version) {
        Recorder rec = new Recorder();
        Job<TrainingResult> job = env(trainer(version), "FAKE_SWIFT_FAIL", "oom").start(rec);

        assertThatThrownBy(job::await).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.getMessage()).startsWith("swift: sft failed with exit code 1: CUDA out of memory "
                    + "(torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.");
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.outputTail()).hasSizeLessThanOrEqualTo(50).last().asString().startsWith("torch.OutOfMemoryError");
            assertThat(e.outputTail()).contains("Traceback (most recent call last):");
        });
        // 3.6 and later print the checkpoint lines even after the crash: only the exit code says it failed
        assertThat(rec.output.stream().anyMatch(l -> l.contains("last_model_checkpoint: " + dir)))
                .isEqualTo(!version.startsWith("2."));
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void resume_from_latest_continues_after_a_crash_from_the_saved_checkpoint(String version) throws Exception {
        Job<TrainingResult> crashed = env(trainer(version), "FAKE_SWIFT_FAIL", "crash_after_save").start(new Recorder());
        assertThatThrownBy(crashed::await).hasMessageContaining("RuntimeError: NCCL communicator was aborted");
        Path saved = onlyCheckpoint(dir.resolve("output"));
        Recorder rec = new Recorder();

        TrainingResult result = await(trainer(version).resumeFromLatest().start(rec));

        assertThat(rec.messages).contains("resuming from " + saved);
        assertThat(rec.output).anyMatch(l -> l.contains("Continuing training from global step 10"));
        assertThat(rec.steps(TrainingProgress.Kind.TRAIN)).containsExactly(15L, 20L, 25L);
        assertThat(result.lastCheckpoint().getFileName().toString()).isEqualTo("checkpoint-25");
    }

    @Test
    void a_flag_the_installed_swift_does_not_know_stops_it_as_the_real_one_does() {
        Job<TrainingResult> job = trainer(FakeSwift.V4).extraArgs("--sft_type", "lora").start(new Recorder());

        assertThatThrownBy(job::await).isInstanceOf(BackendException.class)
                .hasMessage("swift: sft failed with exit code 1: ValueError: remaining_argv: ['--sft_type', 'lora']");
    }

    @Test
    void without_evaluation_no_best_checkpoint_is_reported() throws Exception {
        TrainingResult result = await(trainer(FakeSwift.V4).splitRatio(0).start(new Recorder()));

        assertThat(result.bestCheckpoint()).isEmpty();
        assertThat(result.lastCheckpoint().getFileName().toString()).isEqualTo("checkpoint-25");
    }

    @Test
    void checkpoint_links_seq_acc_and_rank_prefixes_of_a_two_gpu_4x_run_are_read() throws Exception {
        Recorder rec = new Recorder();
        SwiftTrainer t = trainer(FakeSwift.V4).extraArgs("--create_checkpoint_symlink", "true", "--acc_strategy", "seq");
        t = t.process(t.process().gpus(0, 1));

        TrainingResult result = await(t.start(rec));

        assertThat(rec.output).anyMatch(l -> l.startsWith("[rank0]:{'loss': "));
        assertThat(rec.output).anyMatch(l -> l.endsWith("/last") && l.contains("last_model_checkpoint: "));
        assertThat(result.lastCheckpoint()).isEqualTo(result.runDir().resolve("checkpoint-25"));
        assertThat(result.bestCheckpoint()).contains(result.runDir().resolve("checkpoint-25"));
        assertThat(rec.records.get(0).metrics()).containsKey("seq_acc");
        assertThat(rec.records.get(0).accuracy()).isEqualTo(0.562);
        assertThat(rec.steps(TrainingProgress.Kind.TRAIN)).containsExactly(1L, 5L, 10L, 15L, 20L, 25L);
    }

    @Test
    void a_python_traceback_fails_with_its_last_line() {
        Job<TrainingResult> job = env(trainer(FakeSwift.V3), "FAKE_SWIFT_FAIL", "dataset").start(new Recorder());

        assertThatThrownBy(job::await).isInstanceOf(BackendException.class).hasMessage("swift: sft failed with exit code 1: "
                + "ValueError: dataset: no column of 'messages', 'query', 'instruction' or 'conversations' in the first row");
    }

    @Test
    void a_plain_non_zero_exit_names_swifts_error_line() {
        Job<TrainingResult> job = env(trainer(FakeSwift.V2), "FAKE_SWIFT_FAIL", "exit1").start(new Recorder());

        assertThatThrownBy(job::await).isInstanceOf(BackendException.class)
                .hasMessage("swift: sft failed with exit code 1: [ERROR:swift] fake failure requested: exiting with code 1");
    }

    @Test
    void a_missing_or_unreadable_dataset_fails_before_anything_starts() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        Path alpacaTypo = dir.resolve("typo.jsonl");
        Files.writeString(alpacaTypo, "{\"query\": \"q\", \"response\": \"r\"}\n{\"instrution\": \"q\", \"output\": \"r\"}\n");
        SwiftTrainer t = trainer(FakeSwift.V4);

        assertThatThrownBy(() -> t.dataset(missing).start(new Recorder()))
                .isInstanceOf(InvalidInputException.class).hasMessage(missing + ": dataset file does not exist");
        assertThatThrownBy(() -> t.dataset(alpacaTypo).start(new Recorder()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(alpacaTypo + ":2: missing field \"instruction\"")
                .hasMessageEndingWith("found keys [instrution, output]");
        assertThatThrownBy(() -> t.resumeFrom(dir.resolve("gone")).start(new Recorder()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("gone") + ": checkpoint folder to resume from does not exist");
        assertThat(dir.resolve("output")).doesNotExist();
    }

    @Test
    void no_swift_on_the_path_is_a_backend_error_saying_so() {
        SwiftTrainer trainer = SwiftTrainer.of(data).process(SwiftProcess.defaults().workingDir(dir)
                .environment("PATH", dir.resolve("empty").toString()));

        assertThatThrownBy(() -> trainer.start(new Recorder())).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("swift: swift not found on PATH (" + dir.resolve("empty") + "); install ms-swift");
    }

    @Test
    void a_swift_whose_version_cannot_be_read_is_named_with_how_to_set_the_version() {
        Path swift = FakeSwift.install(dir, FakeSwift.V4, "--no-metadata");
        SwiftTrainer trainer = SwiftTrainer.of(data).process(FakeSwift.process(swift, dir));

        assertThatThrownBy(() -> trainer.start(new Recorder())).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("swift: cannot tell which ms-swift " + swift + " is: its Python "
                        + swift.resolveSibling("python3") + " knows no ms-swift (PackageNotFoundError")
                .hasMessageEndingWith("; set it with --swift-version X.Y.Z or --dialect v2|v3|v4 "
                        + "(SwiftProcess.swiftVersion(...) or .dialect(...) in Java)");
        assertThatThrownBy(trainer::toCommand).hasMessageStartingWith("swift: cannot tell which ms-swift " + swift);
    }

    @Test
    void an_explicit_version_wins_over_the_installed_one() {
        Path swift = FakeSwift.install(dir, FakeSwift.V4);

        SwiftCommand cmd = SwiftTrainer.of(data).process(FakeSwift.process(swift, dir).dialect(SwiftDialect.V2)).toCommand();

        assertThat(cmd.args()).containsSequence("--sft_type", "lora");
        assertThat(cmd.notes().get(0)).isEqualTo("for ms-swift 2.x (dialect v2 set: the flags of 2.6.1)");
    }

    @Test
    void cancel_ends_the_whole_process_tree_even_when_swift_ignores_sigterm() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        SwiftTrainer t = trainer(FakeSwift.V3);
        t = t.process(t.process().environment("FAKE_SWIFT_FAIL", "hang").environment("FAKE_SWIFT_IGNORE_TERM", "1")
                .environment("FAKE_SWIFT_CHILD_PID_FILE", pidFile.toString()).stopGrace(Duration.ofMillis(300)));
        Recorder rec = new Recorder();
        Job<TrainingResult> job = t.start(rec);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ProcessHandle swift = ProcessHandle.of(rec.pid()).orElseThrow();
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        assertThat(swift.descendants()).contains(worker);

        job.cancel();

        // the kill is sent at once; the kernel reaps the processes a moment later on a loaded machine
        swift.onExit().get(30, TimeUnit.SECONDS);
        worker.onExit().get(30, TimeUnit.SECONDS);
        assertThat(swift.isAlive()).isFalse();
        assertThat(worker.isAlive()).isFalse();
        assertThatThrownBy(() -> job.result().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancelledException.class).hasMessageContaining("swift sft was cancelled");
        job.cancel(); // idempotent
        job.close();
    }

    @Test
    void a_listener_that_throws_does_not_stop_training() throws Exception {
        TrainingListener rude = new TrainingListener() {
            @Override
            public void onTraining(TrainingProgress p) {
                throw new IllegalStateException("listener bug");
            }
        };

        TrainingResult result = await(trainer(FakeSwift.V2).start(rude));

        assertThat(result.history()).isNotEmpty();
        assertThat(result.history().get(result.history().size() - 1).kind()).isEqualTo(TrainingProgress.Kind.SUMMARY);
    }

    /** The single checkpoint of the crashed run. */
    private static Path onlyCheckpoint(Path output) throws IOException {
        try (var s = Files.walk(output)) {
            List<Path> ckpts = s.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).toList();
            assertThat(ckpts).hasSize(1);
            return ckpts.get(0);
        }
    }
}
