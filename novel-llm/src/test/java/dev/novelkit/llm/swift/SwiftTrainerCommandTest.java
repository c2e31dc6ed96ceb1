package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwiftTrainerCommandTest {

    /** The seed's command, section 1.2, copied verbatim into a test resource. */
    private static String seedText() throws IOException {
        try (InputStream in = SwiftTrainerCommandTest.class.getResourceAsStream("/seed/seed-sft-command.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static List<String> tokens(String shell) {
        List<String> out = new ArrayList<>();
        for (String t : shell.replace("\\\n", " ").split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** --flag → values, in order. */
    private static Map<String, List<String>> flags(List<String> args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String key = null;
        for (String a : args) {
            if (a.startsWith("--")) {
                key = a;
                m.put(key, new ArrayList<>());
            } else if (key != null) {
                m.get(key).add(a);
            }
        }
        return m;
    }

    /** Values compare as numbers when both are numbers ("1" == "1.0"), as booleans case-insensitively, else exactly. */
    private static void assertSameFlags(Map<String, List<String>> actual, Map<String, List<String>> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((flag, values) -> {
            List<String> got = actual.get(flag);
            assertThat(got).as(flag).hasSameSizeAs(values);
            for (int i = 0; i < values.size(); i++) {
                String e = values.get(i);
                String g = got.get(i);
                if (e.matches("-?[0-9.eE+-]+") && g.matches("-?[0-9.eE+-]+")) {
                    assertThat(Double.parseDouble(g)).as(flag).isEqualTo(Double.parseDouble(e));
                } else if (e.equalsIgnoreCase("true") || e.equalsIgnoreCase("false")) {
                    assertThat(g).as(flag).isEqualToIgnoringCase(e);
                } else {
                    assertThat(g).as(flag).isEqualTo(e);
                }
            }
        });
    }

    @Test
    void seed_verbatim_is_the_seeds_command_flag_for_flag_in_the_seeds_order() throws IOException {
        List<String> seed = tokens(seedText());

        SwiftCommand cmd = SwiftTrainer.seedVerbatim().build().toCommand();

        assertThat(cmd.env()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0"));
        assertThat(seed.get(0)).isEqualTo("CUDA_VISIBLE_DEVICES=0");
        assertThat(cmd.argv().subList(0, 2)).containsExactly("swift", "sft");
        assertSameFlags(flags(cmd.args()), flags(seed.subList(3, seed.size())));
    }

    @Test
    void seed_verbatim_prints_the_seeds_text_except_writing_dropout_1_as_1_0() throws IOException {
        String printed = SwiftTrainer.seedVerbatim().build().toCommand().toMultilineShellString();

        assertThat(printed).isEqualTo(seedText().replace("--lora_dropout_p 1 ", "--lora_dropout_p 1.0 "));
    }

    @Test
    void default_v2_command_is_the_seeds_without_sampling_flags_and_with_dropout_0_05() throws IOException {
        List<String> seed = tokens(seedText());
        Map<String, List<String>> expected = flags(seed.subList(3, seed.size()));
        expected.remove("--do_sample");
        expected.remove("--top_k");
        expected.remove("--top_p");
        expected.put("--lora_dropout_p", List.of("0.05"));

        SwiftCommand cmd = SwiftTrainer.builder().dataset(Path.of("train.jsonl")).build().toCommand();

        assertSameFlags(flags(cmd.args()), expected);
        assertThat(cmd.toShellString()).startsWith("CUDA_VISIBLE_DEVICES=0 swift sft --model_type qwen2-7b-instruct "
                + "--sft_type lora --output_dir output --dataset train.jsonl --num_train_epochs 1 --max_length 2048 ");
    }

    @Test
    void v3_renames_every_flag_and_translates_the_model_type() {
        SwiftCommand cmd = SwiftTrainer.builder().dialect(SwiftDialect.V3).dataset(Path.of("train.jsonl"))
                .template("qwen2").dtype(SwiftDtype.BF16).system("你是一位小说作家").seed(7).build().toCommand();

        assertThat(cmd.argv()).containsExactly("swift", "sft",
                "--model", "Qwen/Qwen2-7B-Instruct",
                "--train_type", "lora",
                "--output_dir", "output",
                "--dataset", "train.jsonl",
                "--split_dataset_ratio", "0.01",
                "--num_train_epochs", "1",
                "--max_length", "2048",
                "--lora_rank", "8",
                "--lora_alpha", "32",
                "--lora_dropout", "0.05",
                "--target_modules", "all-linear",
                "--gradient_checkpointing", "true",
                "--per_device_train_batch_size", "1",
                "--learning_rate", "3e-5",
                "--gradient_accumulation_steps", "16",
                "--max_grad_norm", "1.0",
                "--warmup_ratio", "0.03",
                "--eval_steps", "100",
                "--save_steps", "100",
                "--save_total_limit", "2",
                "--logging_steps", "10",
                "--template", "qwen2",
                "--torch_dtype", "bfloat16",
                "--system", "你是一位小说作家",
                "--seed", "7");
        assertThat(cmd.toShellString()).contains("--system '你是一位小说作家' --seed 7");
    }

    @Test
    void v2_optional_flags_use_the_2x_names() {
        SwiftCommand cmd = SwiftTrainer.builder().dataset(Path.of("a.jsonl"), Path.of("b.jsonl"))
                .model("Qwen/Qwen2-1.5B-Instruct").modelType("qwen2-1_5b-instruct").template("qwen")
                .dtype(SwiftDtype.FP16).splitRatio(0.05).checkDatasetStrategy(CheckDatasetStrategy.ERROR)
                .targetModules("q_proj", "v_proj").build().toCommand();

        Map<String, List<String>> f = flags(cmd.args());
        assertThat(f).containsEntry("--model_type", List.of("qwen2-1_5b-instruct"))
                .containsEntry("--model_id_or_path", List.of("Qwen/Qwen2-1.5B-Instruct"))
                .containsEntry("--dataset", List.of("a.jsonl", "b.jsonl"))
                .containsEntry("--template_type", List.of("qwen"))
                .containsEntry("--dtype", List.of("fp16"))
                .containsEntry("--dataset_test_ratio", List.of("0.05"))
                .containsEntry("--check_dataset_strategy", List.of("error"))
                .containsEntry("--lora_target_modules", List.of("q_proj", "v_proj"));
    }

    @Test
    void v3_has_no_check_dataset_strategy_and_uses_strict_for_error() {
        Map<String, List<String>> warning = flags(SwiftTrainer.builder().dialect(SwiftDialect.V3)
                .dataset(Path.of("t.jsonl")).build().toCommand().args());
        Map<String, List<String>> error = flags(SwiftTrainer.builder().dialect(SwiftDialect.V3)
                .dataset(Path.of("t.jsonl")).valDataset(Path.of("v.jsonl"))
                .checkDatasetStrategy(CheckDatasetStrategy.ERROR).build().toCommand().args());

        assertThat(warning).doesNotContainKeys("--check_dataset_strategy", "--strict");
        assertThat(error).containsEntry("--strict", List.of("true")).containsEntry("--val_dataset", List.of("v.jsonl"))
                .doesNotContainKey("--split_dataset_ratio");
    }

    @Test
    void several_gpus_set_nproc_per_node_and_deepspeed_is_named_per_dialect() {
        SwiftTrainer.Builder b = SwiftTrainer.builder().dataset(Path.of("t.jsonl")).gpus(0, 1, 2, 3)
                .deepspeed(DeepSpeedStage.ZERO2);

        SwiftCommand v2 = b.build().toCommand();
        SwiftCommand v3 = b.dialect(SwiftDialect.V3).deepspeed(DeepSpeedStage.ZERO3_OFFLOAD).build().toCommand();

        assertThat(v2.env()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0,1,2,3"), Map.entry("NPROC_PER_NODE", "4"));
        assertThat(flags(v2.args())).containsEntry("--deepspeed", List.of("default-zero2"));
        assertThat(flags(v3.args())).containsEntry("--deepspeed", List.of("zero3_offload"));
        assertThat(v2.toShellString()).startsWith("CUDA_VISIBLE_DEVICES=0,1,2,3 NPROC_PER_NODE=4 swift sft ");
    }

    @Test
    void several_nodes_add_the_torchrun_rendezvous_variables() {
        SwiftCommand cmd = SwiftTrainer.builder().dataset(Path.of("t.jsonl")).gpus(0, 1)
                .nodes(2, 1, "10.0.0.1", 29500).saveOnEachNode(true).deepspeed(DeepSpeedStage.ZERO3).build().toCommand();

        assertThat(cmd.env()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0,1"), Map.entry("NPROC_PER_NODE", "2"),
                Map.entry("NNODES", "2"), Map.entry("NODE_RANK", "1"), Map.entry("MASTER_ADDR", "10.0.0.1"),
                Map.entry("MASTER_PORT", "29500"));
        assertThat(flags(cmd.args())).containsEntry("--save_on_each_node", List.of("true"))
                .containsEntry("--deepspeed", List.of("default-zero3"));
    }

    @Test
    void no_gpus_leaves_cuda_visible_devices_inherited_and_explicit_nproc_wins() {
        SwiftCommand cmd = SwiftTrainer.builder().dataset(Path.of("t.jsonl")).gpus().nprocPerNode(8).build().toCommand();

        assertThat(cmd.env()).containsExactly(Map.entry("NPROC_PER_NODE", "8"));
    }

    @Test
    void extra_arguments_pass_through_and_replace_a_generated_flag_of_the_same_name() {
        SwiftCommand cmd = SwiftTrainer.builder().dataset(Path.of("t.jsonl"))
                .extraArgs("--lora_rank", "64", "--use_flash_attn", "true", "--columns={\"text1\": \"query\"}")
                .environment("MODELSCOPE_CACHE", "/data/ms").build().toCommand();

        assertThat(cmd.args()).containsSubsequence("--lora_alpha", "32", "--lora_dropout_p");
        assertThat(cmd.args()).doesNotContainSequence("--lora_rank", "8");
        assertThat(cmd.args().subList(cmd.args().size() - 5, cmd.args().size()))
                .containsExactly("--lora_rank", "64", "--use_flash_attn", "true", "--columns={\"text1\": \"query\"}");
        assertThat(cmd.env()).containsEntry("MODELSCOPE_CACHE", "/data/ms");
    }

    @Test
    void build_names_the_field_and_the_bad_value() {
        SwiftTrainer.Builder ok = SwiftTrainer.builder().dataset(Path.of("t.jsonl"));

        assertThatThrownBy(() -> SwiftTrainer.builder().build()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("dataset: ");
        assertThatThrownBy(() -> ok.loraRank(0).build()).hasMessage("loraRank: must be > 0, was 0");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).learningRate(-1).build())
                .hasMessage("learningRate: must be in (0, 1), was -1.0");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).loraDropout(1.5).build())
                .hasMessage("loraDropout: must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).warmupRatio(1).build())
                .hasMessage("warmupRatio: must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).nodes(2, 2, "h", 1).build())
                .hasMessage("nodeRank: must be in [0, 2), was 2");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).nodes(2, 0, " ", 1).build())
                .hasMessageStartingWith("masterAddr: ");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).gpus(0, 0).build())
                .hasMessage("gpus: GPU ids repeat: [0, 0]");
        assertThatThrownBy(() -> SwiftTrainer.builder().dataset(Path.of("t.jsonl")).saveTotalLimit(0).build())
                .hasMessage("saveTotalLimit: must be >= 1 (or -1 for all), was 0");
        assertThatThrownBy(() -> SwiftTrainer.builder().model(" ")).hasMessage("model: must not be empty, was ' '");
    }

    @Test
    void v3_refuses_a_2x_model_type_it_cannot_translate_and_v2_wants_a_model_type_for_local_folders(@TempDir Path dir) {
        assertThatThrownBy(() -> SwiftTrainer.builder().dialect(SwiftDialect.V3).model("chatglm3-6b")
                .dataset(Path.of("t.jsonl")).build()).hasMessageStartingWith("model: 'chatglm3-6b' is a swift 2.x model type");
        assertThat(SwiftTrainer.builder().dialect(SwiftDialect.V3).model("qwen2_5-0_5b-instruct")
                .dataset(Path.of("t.jsonl")).build().toCommand().args()).containsSequence("--model", "Qwen/Qwen2.5-0.5B-Instruct");
        assertThatThrownBy(() -> SwiftTrainer.builder().model(dir.toString()).dataset(Path.of("t.jsonl")).build())
                .hasMessageStartingWith("modelType: swift 2.x needs modelType");
    }

    @Test
    void resume_from_latest_picks_the_newest_complete_checkpoint(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("output");
        Path older = checkpoint(out.resolve("qwen2-7b-instruct/v0-20240729-012301/checkpoint-200"), Instant.parse("2024-07-29T02:00:00Z"));
        Path newest = checkpoint(out.resolve("qwen2-7b-instruct/v1-20240729-182725/checkpoint-100"), Instant.parse("2024-07-29T19:00:00Z"));
        Files.createDirectories(out.resolve("qwen2-7b-instruct/v1-20240729-182725/checkpoint-150")); // crashed mid-save
        SwiftTrainer trainer = SwiftTrainer.builder().workingDir(dir).dataset(Path.of("t.jsonl")).resumeFromLatest().build();

        assertThat(flags(trainer.toCommand().args())).containsEntry("--resume_from_checkpoint", List.of(newest.toString()));
        assertThat(older).exists();
    }

    @Test
    void resume_from_latest_without_checkpoints_starts_fresh(@TempDir Path dir) {
        SwiftTrainer trainer = SwiftTrainer.builder().workingDir(dir).dataset(Path.of("t.jsonl")).resumeFromLatest().build();

        assertThat(trainer.toCommand().args()).doesNotContain("--resume_from_checkpoint");
    }

    @Test
    void the_builder_is_a_copy_and_the_trainer_never_changes() {
        SwiftTrainer.Builder b = SwiftTrainer.builder().dataset(Path.of("t.jsonl"));
        SwiftTrainer first = b.build();
        b.loraRank(64).dialect(SwiftDialect.V3);

        assertThat(first.toCommand().args()).containsSequence("--lora_rank", "8");
        assertThat(first.toBuilder().loraRank(16).build().toCommand().args()).containsSequence("--lora_rank", "16");
        assertThat(first.toCommand().args()).containsSequence("--lora_rank", "8");
    }

    @Test
    void to_string_masks_an_api_key() {
        SwiftCommand cmd = new SwiftCommand(List.of("swift", "deploy", "--api_key", "sk-abcdef123456"), Map.of(), Path.of("."));

        assertThat(cmd.toString()).doesNotContain("sk-abcdef123456");
        assertThat(cmd.toShellString()).contains("sk-abcdef123456");
    }

    private static Path checkpoint(Path dir, Instant written) throws IOException {
        Files.createDirectories(dir);
        Path state = dir.resolve("trainer_state.json");
        Files.writeString(state, "{\"global_step\": 100, \"best_model_checkpoint\": null, \"log_history\": []}");
        Files.setLastModifiedTime(state, FileTime.from(written));
        return dir;
    }
}
