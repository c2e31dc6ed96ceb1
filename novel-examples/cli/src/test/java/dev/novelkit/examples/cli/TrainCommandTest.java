package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    private int run(String... args) {
        return cli.run(args);
    }

    private Path data() {
        return FakeSwiftCli.dataset(dir.resolve("train.jsonl"), 200);
    }

    @Test
    void dry_run_with_no_swift_installed_prints_the_newest_majors_command_and_says_so() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        int code = run("train", "--dataset", data().toString(), "--dry-run", "--env", "PATH=" + empty);

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("""
                # no swift found (swift): this is the command for ms-swift 4.x, the newest major; set --dialect v2|v3 or --swift-version for another
                # the 2.x model type qwen2-7b-instruct is --model Qwen/Qwen2-7B-Instruct from swift 3.x on
                # swift 4.x has no --check_dataset_strategy: rows it cannot read are dropped without a warning (CheckDatasetStrategy.ERROR stops instead, --strict true)
                CUDA_VISIBLE_DEVICES=0 PATH=%s \\
                swift sft \\
                    --model Qwen/Qwen2-7B-Instruct \\
                    --tuner_type lora \\
                    --output_dir output \\
                    --dataset %s \\
                    --split_dataset_ratio 0.01 \\
                    --num_train_epochs 1 \\
                    --max_length 2048 \\
                    --lora_rank 8 \\
                    --lora_alpha 32 \\
                    --lora_dropout 0.05 \\
                    --target_modules all-linear \\
                    --gradient_checkpointing true \\
                    --per_device_train_batch_size 1 \\
                """.formatted(empty, data()));
    }

    @Test
    void dry_run_of_the_seed_verbatim_on_2x_is_the_seeds_command() {
        int code = run("train", "--dataset", data().toString(), "--seed-verbatim", "--dialect", "v2", "--dry-run");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("""
                # for ms-swift 2.x (dialect v2 set: the flags of 2.6.1)
                # LoRA dropout 1.0 is the seed's value: it zeroes the LoRA branch's input during training (NovelKit's default is 0.05)
                CUDA_VISIBLE_DEVICES=0 \\
                swift sft \\
                    --model_type qwen2-7b-instruct \\
                    --sft_type lora \\
                    --output_dir output \\
                """).contains("    --lora_dropout_p 1.0 \\\n", "    --lora_target_modules ALL \\\n",
                "    --check_dataset_strategy warning \\\n", "    --batch_size 1 \\\n")
                .endsWith("    --do_sample True \\\n    --top_k 20 \\\n    --top_p 0.9\n");
    }

    @Test
    void dry_run_for_3x_on_two_gpus_with_deepspeed_and_options() {
        int code = run("train", "--dataset", data().toString(), "--dialect", "v3", "--gpus", "0,1", "--deepspeed",
                "zero2", "--lora-rank", "16", "--learning-rate", "1e-4", "--epochs", "2", "--max-length", "4096",
                "--extra", "--attn_impl", "--extra", "flash_attn", "--dry-run");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("CUDA_VISIBLE_DEVICES=0,1 NPROC_PER_NODE=2 \\\nswift sft \\\n"
                        + "    --model Qwen/Qwen2-7B-Instruct \\\n    --train_type lora \\\n")
                .contains("    --lora_rank 16 \\\n", "    --learning_rate 1e-4 \\\n", "    --num_train_epochs 2 \\\n",
                        "    --max_length 4096 \\\n", "    --per_device_train_batch_size 1 \\\n",
                        "    --target_modules all-linear \\\n", "    --deepspeed zero2 \\\n")
                .endsWith("    --attn_impl flash_attn\n");
    }

    @Test
    void dry_run_refuses_a_dataset_or_checkpoint_that_does_not_exist() {
        Path missing = dir.resolve("missing.jsonl");

        int noData = run("train", "--dataset", missing.toString(), "--dialect", "v4", "--dry-run");
        String dataErr = cli.err();
        cli.clear();
        int noCheckpoint = run("train", "--dataset", data().toString(), "--resume-from", dir.resolve("gone").toString(),
                "--dialect", "v4", "--dry-run");

        assertThat(noData).isEqualTo(2);
        assertThat(dataErr.strip()).isEqualTo("novelkit train: " + missing + ": dataset file does not exist");
        assertThat(noCheckpoint).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit train: " + dir.resolve("gone")
                + ": checkpoint folder to resume from does not exist");
        assertThat(cli.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwiftCli.V2, FakeSwiftCli.V3, FakeSwiftCli.V4})
    void trains_with_the_installed_swift_and_no_dialect_given_ending_with_the_checkpoint_paths(String version) {
        Path swift = FakeSwiftCli.install(dir, version);

        int code = run("train", "--dataset", data().toString(), "--output", dir.resolve("output").toString(),
                "--swift", swift.toString(), "--extra", "--eval_steps", "--extra", "5", "--extra", "--save_steps",
                "--extra", "5");

        assertThat(code).as(cli.err()).isZero();
        String[] lines = cli.out().strip().split("\n");
        assertThat(lines[0]).matches("run folder: .*/output/" + (version.startsWith("2.") ? "qwen2-7b-instruct/" : "")
                + "v0-\\d{8}-\\d{6}");
        assertThat(lines[1]).startsWith("final: train_loss ").contains("eval_loss ").endsWith("2 checkpoints kept");
        assertThat(lines[2]).matches("last checkpoint: .*/v0-\\d{8}-\\d{6}/checkpoint-13");
        assertThat(lines[3]).matches("best checkpoint: .*/v0-\\d{8}-\\d{6}/checkpoint-13");
        assertThat(Path.of(lines[3].substring("best checkpoint: ".length())).resolve("adapter_config.json")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwiftCli.V2, FakeSwiftCli.V3, FakeSwiftCli.V4})
    void resume_after_a_crash_continues_from_the_saved_checkpoint(String version) {
        Path swift = FakeSwiftCli.install(dir, version);
        String[] common = {"train", "--dataset", data().toString(), "--output", dir.resolve("output").toString(),
                "--swift", swift.toString(), "--env", "FAKE_SWIFT_STEPS=9", "--extra=--save_steps", "--extra=3"};

        int crashed = run(Stream.concat(Stream.of(common), Stream.of("--env", "FAKE_SWIFT_FAIL=crash_after_save"))
                .toArray(String[]::new));
        String crashErr = cli.err();
        cli.clear();
        int resumed;
        String progress;
        try (StderrCapture err = StderrCapture.start()) {
            resumed = run(Stream.concat(Stream.of(common), Stream.of("--resume")).toArray(String[]::new));
            progress = err.text();
        }

        assertThat(crashed).isEqualTo(3);
        assertThat(crashErr).contains("sft failed with exit code 1: RuntimeError: NCCL communicator was aborted");
        assertThat(resumed).as(cli.err()).isZero();
        assertThat(progress).containsPattern("resuming from .*/checkpoint-3\n");
        assertThat(cli.out()).containsPattern("last checkpoint: .*/checkpoint-9\n");
    }

    @Test
    void a_4x_out_of_memory_ends_non_zero_saying_so_although_swift_printed_last_model_checkpoint() throws IOException {
        Path swift = FakeSwiftCli.install(dir, FakeSwiftCli.V4);

        int code = run("train", "--dataset", data().toString(), "--output", dir.resolve("output").toString(),
                "--swift", swift.toString(), "--env", "FAKE_SWIFT_FAIL=oom", "--extra=--save_steps", "--extra=5");

        assertThat(code).isEqualTo(3);
        assertThat(cli.err()).startsWith("novelkit train: swift: sft failed with exit code 1: CUDA out of memory "
                + "(torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.");
        assertThat(cli.err().strip()).doesNotContain("\n").contains("lower maxLength or batchSize");
        assertThat(cli.out()).isEmpty();
        try (Stream<Path> runs = Files.list(dir.resolve("output"))) {
            Path run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(Files.readString(run.resolve("logging.jsonl")))
                    .contains("\"last_model_checkpoint\": \"" + run.resolve("checkpoint-5") + "\"");
        }
    }

    @Test
    void a_missing_dataset_is_bad_input_with_exit_code_2() {
        Path missing = dir.resolve("missing.jsonl");

        int code = run("train", "--dataset", missing.toString(), "--swift", FakeSwiftCli.install(dir, FakeSwiftCli.V4).toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit train: " + missing + ": dataset file does not exist");
    }

    @Test
    void bad_option_values_name_the_option() {
        String data = data().toString();

        assertThat(run("train", "--dataset", data, "--gpus", "zero", "--dry-run")).isEqualTo(2);
        assertThat(run("train", "--dataset", data, "--dialect", "v5", "--dry-run")).isEqualTo(2);
        assertThat(run("train", "--dataset", data, "--lora-rank", "0", "--dry-run")).isEqualTo(2);
        assertThat(run("train", "--dataset", data, "--swift-version", "1.0", "--dry-run")).isEqualTo(2);
        assertThat(run("train", "--dataset", data, "--dialect", "v3", "--swift-version", "3.1.0", "--dry-run")).isEqualTo(2);

        assertThat(cli.err()).contains("novelkit train: --gpus: expected GPU ids such as 0,1 or 'inherit', was 'zero'")
                .contains("novelkit train: dialect: must be v2, v3 or v4, was \"v5\"")
                .contains("novelkit train: loraRank: must be at least 1, was 0")
                .contains("novelkit train: swiftVersion: must be an ms-swift 2.x, 3.x or 4.x release, was \"1.0.0\"")
                .contains("novelkit train: --dialect: cannot be given together with --swift-version, was \"v3\"");
    }
}
