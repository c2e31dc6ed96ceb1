package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {
    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void dry_run_prints_the_seeds_command_with_the_two_documented_departures() {
        int code = run("train", "--dataset", "train.jsonl", "--dry-run");

        assertThat(code).isZero();
        assertThat(cli.out()).startsWith("""
                CUDA_VISIBLE_DEVICES=0 \\
                swift sft \\
                    --model_type qwen2-7b-instruct \\
                    --sft_type lora \\
                    --output_dir output \\
                    --dataset train.jsonl \\
                    --num_train_epochs 1 \\
                    --max_length 2048 \\
                    --check_dataset_strategy warning \\
                    --lora_rank 8 \\
                    --lora_alpha 32 \\
                    --lora_dropout_p 0.05 \\
                    --lora_target_modules ALL \\
                    --gradient_checkpointing true \\
                    --batch_size 1 \\
                    --learning_rate 3e-5 \\
                    --gradient_accumulation_steps 16 \\
                    --max_grad_norm 1.0 \\
                    --warmup_ratio 0.03 \\
                    --eval_steps 100 \\
                    --save_steps 100 \\
                    --save_total_limit 2 \\
                    --logging_steps 10
                """);
    }

    @Test
    void dry_run_of_the_seed_verbatim_keeps_its_sampling_flags() {
        run("train", "--dataset", "train.jsonl", "--seed-verbatim", "--dry-run");

        assertThat(cli.out()).contains("--lora_dropout_p 1.0 \\").endsWith("    --do_sample True \\\n    --top_k 20 \\\n    --top_p 0.9\n");
    }

    @Test
    void dry_run_for_3x_on_two_gpus_with_deepspeed_and_options() {
        int code = run("train", "--dataset", "novel.jsonl", "--dialect", "v3", "--gpus", "0,1", "--deepspeed", "zero2",
                "--lora-rank", "16", "--learning-rate", "1e-4", "--epochs", "2", "--max-length", "4096",
                "--extra", "--attn_impl", "--extra", "flash_attn", "--dry-run");

        assertThat(code).isZero();
        assertThat(cli.out()).startsWith("CUDA_VISIBLE_DEVICES=0,1 NPROC_PER_NODE=2 \\\nswift sft \\\n"
                + "    --model Qwen/Qwen2-7B-Instruct \\\n    --train_type lora \\\n")
                .contains("    --lora_rank 16 \\\n", "    --learning_rate 1e-4 \\\n", "    --num_train_epochs 2 \\\n",
                        "    --max_length 4096 \\\n", "    --per_device_train_batch_size 1 \\\n",
                        "    --target_modules all-linear \\\n", "    --deepspeed zero2 \\\n")
                .endsWith("    --attn_impl flash_attn\n");
    }

    @Test
    void a_real_run_with_the_fake_swift_ends_with_the_checkpoint_paths(@TempDir Path dir) {
        Path swift = FakeSwiftCli.install(dir);
        Path data = FakeSwiftCli.dataset(dir.resolve("novel.jsonl"), 200);

        int code = run("train", "--dataset", data.toString(), "--output", dir.resolve("output").toString(),
                "--swift", swift.toString(), "--extra", "--eval_steps", "--extra", "5", "--extra", "--save_steps",
                "--extra", "5");

        assertThat(code).as(cli.err()).isZero();
        String[] lines = cli.out().strip().split("\n");
        assertThat(lines[0]).matches("run folder: .*/output/qwen2-7b-instruct/v0-\\d{8}-\\d{6}");
        assertThat(lines[1]).startsWith("final: train_loss ").contains("eval_loss ").endsWith("2 checkpoints kept");
        assertThat(lines[2]).matches("last checkpoint: .*/v0-\\d{8}-\\d{6}/checkpoint-13");
        assertThat(lines[3]).matches("best checkpoint: .*/v0-\\d{8}-\\d{6}/checkpoint-13");
        assertThat(Path.of(lines[3].substring("best checkpoint: ".length())).resolve("adapter_config.json")).exists();
    }

    @Test
    void a_swift_failure_is_one_line_and_exit_code_3(@TempDir Path dir) {
        Path swift = FakeSwiftCli.install(dir);
        Path data = FakeSwiftCli.dataset(dir.resolve("novel.jsonl"), 50);

        int code = run("train", "--dataset", data.toString(), "--output", dir.resolve("output").toString(),
                "--swift", swift.toString(), "--env", "FAKE_SWIFT_FAIL=oom");

        assertThat(code).isEqualTo(3);
        assertThat(cli.err()).startsWith("novelkit train: swift: sft failed with exit code 1: CUDA out of memory "
                + "(torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.");
        assertThat(cli.err().strip()).doesNotContain("\n");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void a_missing_dataset_is_bad_input_with_exit_code_2(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jsonl");

        int code = run("train", "--dataset", missing.toString(), "--swift", FakeSwiftCli.install(dir).toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit train: " + missing + ": dataset file does not exist");
    }

    @Test
    void bad_option_values_name_the_option() {
        assertThat(run("train", "--dataset", "t.jsonl", "--gpus", "zero", "--dry-run")).isEqualTo(2);
        assertThat(run("train", "--dataset", "t.jsonl", "--dialect", "v4", "--dry-run")).isEqualTo(2);
        assertThat(run("train", "--dataset", "t.jsonl", "--lora-rank", "0", "--dry-run")).isEqualTo(2);

        assertThat(cli.err()).contains("novelkit train: --gpus: expected GPU ids such as 0,1 or 'inherit', was 'zero'")
                .contains("novelkit train: dialect: expected v2 or v3, was 'v4'")
                .contains("novelkit train: loraRank: must be > 0, was 0");
    }
}
