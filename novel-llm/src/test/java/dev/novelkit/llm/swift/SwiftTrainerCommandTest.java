package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidSettingException;
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

/** The {@code swift sft} command line per release: pure, so each release is set explicitly. */
class SwiftTrainerCommandTest {
    private static final SwiftProcess V2 = SwiftProcess.defaults().dialect(SwiftDialect.V2);
    private static final SwiftProcess V3 = SwiftProcess.defaults().dialect(SwiftDialect.V3);
    private static final SwiftProcess V4 = SwiftProcess.defaults().dialect(SwiftDialect.V4);

    private static SwiftTrainer trainer() {
        return SwiftTrainer.of(Path.of("train.jsonl"));
    }

    private static SwiftCommand command(SwiftTrainer t, SwiftProcess p) {
        return t.process(p).toCommand();
    }

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
    void seed_verbatim_on_2x_is_the_seeds_command_flag_for_flag_in_the_seeds_order() throws IOException {
        List<String> seed = tokens(seedText());

        SwiftCommand cmd = command(SwiftTrainer.seedVerbatim(), V2);

        assertThat(cmd.env()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0"));
        assertThat(seed.get(0)).isEqualTo("CUDA_VISIBLE_DEVICES=0");
        assertThat(cmd.argv().subList(0, 2)).containsExactly("swift", "sft");
        assertSameFlags(flags(cmd.args()), flags(seed.subList(3, seed.size())));
    }

    @Test
    void seed_verbatim_on_2x_prints_the_seeds_text_except_writing_dropout_1_as_1_0() throws IOException {
        String printed = command(SwiftTrainer.seedVerbatim(), V2).toMultilineShellString();

        assertThat(printed).isEqualTo(seedText().replace("--lora_dropout_p 1 ", "--lora_dropout_p 1.0 "));
    }

    @Test
    void default_2x_command_is_the_seeds_without_sampling_flags_and_with_dropout_0_05() throws IOException {
        List<String> seed = tokens(seedText());
        Map<String, List<String>> expected = flags(seed.subList(3, seed.size()));
        expected.remove("--do_sample");
        expected.remove("--top_k");
        expected.remove("--top_p");
        expected.put("--lora_dropout_p", List.of("0.05"));

        SwiftCommand cmd = command(trainer(), V2);

        assertSameFlags(flags(cmd.args()), expected);
        assertThat(cmd.toShellString()).startsWith("CUDA_VISIBLE_DEVICES=0 swift sft --model_type qwen2-7b-instruct "
                + "--sft_type lora --output_dir output --dataset train.jsonl --num_train_epochs 1 --max_length 2048 ");
    }

    @Test
    void v3_renames_every_flag_and_translates_the_model_type() {
        SwiftCommand cmd = command(trainer().template("qwen2").dtype(SwiftDtype.BF16).system("你是一位小说作家").seed(7), V3);

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
        assertThat(cmd.notes()).contains("the 2.x model type qwen2-7b-instruct is --model Qwen/Qwen2-7B-Instruct from swift 3.x on");
    }

    @Test
    void from_4_1_on_the_tuner_is_tuner_type_and_4_0_still_takes_train_type() {
        SwiftCommand v41 = command(trainer(), V4);
        SwiftCommand v40 = command(trainer(), SwiftProcess.defaults().swiftVersion(SwiftVersion.parse("4.0.3")));

        assertThat(flags(v41.args())).containsEntry("--tuner_type", List.of("lora")).doesNotContainKey("--train_type")
                .containsEntry("--model", List.of("Qwen/Qwen2-7B-Instruct"))
                .containsEntry("--target_modules", List.of("all-linear"))
                .containsEntry("--per_device_train_batch_size", List.of("1"))
                .containsEntry("--lora_dropout", List.of("0.05"));
        assertThat(flags(v40.args())).containsEntry("--train_type", List.of("lora")).doesNotContainKey("--tuner_type");
        assertThat(v41.notes().get(0)).isEqualTo("for ms-swift 4.x (dialect v4 set: the flags of 4.5.2)");
        assertThat(v40.notes().get(0)).isEqualTo("for ms-swift 4.0.3 (version set)");
    }

    @Test
    void seed_verbatim_on_3x_and_4x_translates_the_seeds_intent_and_says_what_changed() {
        for (SwiftProcess p : List.of(V3, V4)) {
            SwiftCommand cmd = command(SwiftTrainer.seedVerbatim(), p);
            String x = p == V3 ? "3.x" : "4.x";

            assertThat(flags(cmd.args())).containsEntry("--lora_dropout", List.of("1.0"))
                    .containsEntry("--top_k", List.of("20")).containsEntry("--top_p", List.of("0.9"))
                    .doesNotContainKeys("--do_sample", "--lora_dropout_p", "--check_dataset_strategy", "--sft_type",
                            "--model_type", "--batch_size", "--lora_target_modules");
            assertThat(cmd.notes()).contains(
                    "swift " + x + " has no --do_sample: it samples whenever the temperature is above 0, so "
                            + "--do_sample True is left out and --top_k/--top_p kept",
                    "swift " + x + " has no --check_dataset_strategy: rows it cannot read are dropped without a "
                            + "warning (CheckDatasetStrategy.ERROR stops instead, --strict true)",
                    "LoRA dropout 1.0 is the seed's value: it zeroes the LoRA branch's input during training "
                            + "(NovelKit's default is 0.05)");
        }
        assertThat(flags(command(trainer().evalSampling(false, 20, 0.9), V4).args()))
                .containsEntry("--temperature", List.of("0")).doesNotContainKey("--do_sample");
    }

    @Test
    void v2_optional_flags_use_the_2x_names() {
        SwiftCommand cmd = command(SwiftTrainer.of(Path.of("a.jsonl"), Path.of("b.jsonl"))
                .model("Qwen/Qwen2-1.5B-Instruct").modelType("qwen2-1_5b-instruct").template("qwen")
                .dtype(SwiftDtype.FP16).splitRatio(0.05).checkDatasetStrategy(CheckDatasetStrategy.ERROR)
                .targetModules("q_proj", "v_proj"), V2);

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
        Map<String, List<String>> warning = flags(command(trainer(), V3).args());
        Map<String, List<String>> error = flags(command(trainer().valDataset(Path.of("v.jsonl"))
                .checkDatasetStrategy(CheckDatasetStrategy.ERROR), V3).args());

        assertThat(warning).doesNotContainKeys("--check_dataset_strategy", "--strict");
        assertThat(error).containsEntry("--strict", List.of("true")).containsEntry("--val_dataset", List.of("v.jsonl"))
                .doesNotContainKey("--split_dataset_ratio");
    }

    @Test
    void several_gpus_set_nproc_per_node_and_deepspeed_is_named_per_dialect() {
        SwiftTrainer t = trainer().deepspeed(DeepSpeedStage.ZERO2);

        SwiftCommand v2 = command(t, V2.gpus(0, 1, 2, 3));
        SwiftCommand v3 = command(t.deepspeed(DeepSpeedStage.ZERO3_OFFLOAD), V3.gpus(0, 1, 2, 3));

        assertThat(v2.env()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0,1,2,3"), Map.entry("NPROC_PER_NODE", "4"));
        assertThat(flags(v2.args())).containsEntry("--deepspeed", List.of("default-zero2"));
        assertThat(flags(v3.args())).containsEntry("--deepspeed", List.of("zero3_offload"));
        assertThat(v2.toShellString()).startsWith("CUDA_VISIBLE_DEVICES=0,1,2,3 NPROC_PER_NODE=4 swift sft ");
    }

    @Test
    void several_nodes_add_the_torchrun_rendezvous_variables() {
        SwiftCommand cmd = command(trainer().nodes(2, 1, "10.0.0.1", 29500).saveOnEachNode(true)
                .deepspeed(DeepSpeedStage.ZERO3), V2.gpus(0, 1));

        assertThat(cmd.env()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0,1"), Map.entry("NPROC_PER_NODE", "2"),
                Map.entry("NNODES", "2"), Map.entry("NODE_RANK", "1"), Map.entry("MASTER_ADDR", "10.0.0.1"),
                Map.entry("MASTER_PORT", "29500"));
        assertThat(flags(cmd.args())).containsEntry("--save_on_each_node", List.of("true"))
                .containsEntry("--deepspeed", List.of("default-zero3"));
    }

    @Test
    void no_gpus_leaves_cuda_visible_devices_inherited_and_explicit_nproc_wins() {
        SwiftCommand cmd = command(trainer().nprocPerNode(8), V2.gpus());

        assertThat(cmd.env()).containsExactly(Map.entry("NPROC_PER_NODE", "8"));
    }

    @Test
    void extra_arguments_pass_through_and_replace_a_generated_flag_of_the_same_name() {
        SwiftCommand cmd = command(trainer().extraArgs("--lora_rank", "64", "--use_flash_attn", "true",
                "--columns={\"text1\": \"query\"}"), V2.environment("MODELSCOPE_CACHE", "/data/ms"));

        assertThat(cmd.args()).containsSubsequence("--lora_alpha", "32", "--lora_dropout_p");
        assertThat(cmd.args()).doesNotContainSequence("--lora_rank", "8");
        assertThat(cmd.args().subList(cmd.args().size() - 5, cmd.args().size()))
                .containsExactly("--lora_rank", "64", "--use_flash_attn", "true", "--columns={\"text1\": \"query\"}");
        assertThat(cmd.env()).containsEntry("MODELSCOPE_CACHE", "/data/ms");
    }

    @Test
    void each_setter_names_the_setting_and_the_bad_value_at_once() {
        assertThatThrownBy(() -> trainer().loraRank(0)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("loraRank: must be at least 1, was 0");
        assertThatThrownBy(() -> trainer().learningRate(-1)).hasMessage("learningRate: must be in (0, 1), was -1.0");
        assertThatThrownBy(() -> trainer().loraDropout(1.5)).hasMessage("loraDropout: must be between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> trainer().warmupRatio(1)).hasMessage("warmupRatio: must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> trainer().nodes(2, 2, "h", 1)).hasMessage("nodeRank: must be between 0 and 1, was 2");
        assertThatThrownBy(() -> trainer().nodes(2, 0, " ", 1)).hasMessageStartingWith("masterAddr: ");
        assertThatThrownBy(() -> SwiftProcess.defaults().gpus(0, 0)).hasMessage("gpus: must not repeat a GPU id, was [0, 0]");
        assertThatThrownBy(() -> trainer().saveTotalLimit(0))
                .hasMessage("saveTotalLimit: must be at least 1 (or -1 for all), was 0");
        assertThatThrownBy(() -> trainer().model(" ")).hasMessage("model: must not be blank, was \" \"");
        assertThatThrownBy(() -> trainer().splitRatio(0.1).valDataset(Path.of("v.jsonl")))
                .hasMessage("valDataset: cannot be set together with splitRatio (give one), was v.jsonl");
        assertThatThrownBy(() -> SwiftTrainer.of(null)).hasMessage("dataset: must be set, was null");
        assertThatThrownBy(() -> SwiftDialect.parse("v5")).hasMessage("dialect: must be v2, v3 or v4, was \"v5\"");
        assertThatThrownBy(() -> SwiftVersion.parse("1.9.0"))
                .hasMessage("swiftVersion: must be an ms-swift 2.x, 3.x or 4.x release, was \"1.9.0\"");
    }

    @Test
    void a_2x_model_type_becomes_its_hub_id_on_3x_and_4x_and_a_family_or_unknown_type_is_an_error(@TempDir Path dir) {
        assertThat(command(trainer().model("qwen2_5-0_5b-instruct"), V4).args())
                .containsSequence("--model", "Qwen/Qwen2.5-0.5B-Instruct");
        assertThat(command(trainer().model("qwen2_5-coder-7b-instruct"), V3).args())
                .containsSequence("--model", "Qwen/Qwen2.5-Coder-7B-Instruct");
        assertThat(command(trainer().model("qwen1half-7b-chat"), V3).args())
                .containsSequence("--model", "Qwen/Qwen1.5-7B-Chat");
        assertThatThrownBy(() -> command(trainer().model("chatglm3-6b"), V3)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("model: is a swift 2.x model type NovelKit cannot translate for swift 3.x/4.x");
        assertThatThrownBy(() -> command(trainer().model("qwen2"), V4))
                .hasMessageStartingWith("model: is a model family, not a model; swift 3.x/4.x need a hub id");
        assertThatThrownBy(() -> command(trainer().modelType("qwen2-7b-instruct"), V4))
                .hasMessageStartingWith("modelType: is a swift 2.x model type; from swift 3.x on --model_type names a family");
        assertThatThrownBy(() -> command(trainer().model("qwen2_5"), V2))
                .hasMessageStartingWith("model: is a swift 3.x/4.x model family; swift 2.x needs a model type");
        assertThatThrownBy(() -> command(trainer().model("Qwen/Qwen2-7B-Instruct").modelType("qwen2"), V2))
                .hasMessageStartingWith("modelType: is a swift 3.x/4.x model family");
        assertThatThrownBy(() -> command(trainer().model(dir.toString()), V2))
                .hasMessageStartingWith("modelType: must be set for the local model folder");
        assertThat(command(trainer().model(dir.toString()).modelType("qwen2"), V4).args())
                .containsSequence("--model", dir.toString(), "--model_type", "qwen2");
    }

    @Test
    void with_no_swift_installed_the_command_is_for_the_newest_major_and_says_so(@TempDir Path dir) {
        SwiftCommand cmd = trainer().process(SwiftProcess.defaults().environment("PATH", dir.toString())).toCommand();

        assertThat(cmd.notes().get(0)).isEqualTo("no swift found (swift): this is the command for ms-swift 4.x, the "
                + "newest major; set --dialect v2|v3 or --swift-version for another");
        assertThat(cmd.args()).containsSequence("--tuner_type", "lora");
        assertThat(cmd.toScript()).startsWith("# no swift found (swift): ").contains("\nswift sft \\\n    --model ");
    }

    @Test
    void resume_from_latest_picks_the_newest_complete_checkpoint(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("output");
        Path older = checkpoint(out.resolve("qwen2-7b-instruct/v0-20240729-012301/checkpoint-200"), Instant.parse("2024-07-29T02:00:00Z"));
        Path newest = checkpoint(out.resolve("qwen2-7b-instruct/v1-20240729-182725/checkpoint-100"), Instant.parse("2024-07-29T19:00:00Z"));
        Files.createDirectories(out.resolve("qwen2-7b-instruct/v1-20240729-182725/checkpoint-150")); // crashed mid-save
        SwiftTrainer trainer = trainer().process(V2.workingDir(dir)).resumeFromLatest();

        assertThat(flags(trainer.toCommand().args())).containsEntry("--resume_from_checkpoint", List.of(newest.toString()));
        assertThat(older).exists();
    }

    @Test
    void resume_from_latest_without_checkpoints_starts_fresh(@TempDir Path dir) {
        SwiftTrainer trainer = trainer().process(V4.workingDir(dir)).resumeFromLatest();

        assertThat(trainer.toCommand().args()).doesNotContain("--resume_from_checkpoint");
    }

    @Test
    void every_setter_returns_a_new_trainer_and_the_old_one_never_changes() {
        SwiftTrainer first = trainer().process(V2);
        SwiftTrainer second = first.loraRank(64).process(V3);

        assertThat(first.toCommand().args()).containsSequence("--lora_rank", "8").contains("--sft_type");
        assertThat(second.toCommand().args()).containsSequence("--lora_rank", "64").contains("--train_type");
        assertThat(first.loraRank(16).toCommand().args()).containsSequence("--lora_rank", "16");
        assertThat(first.toCommand().args()).containsSequence("--lora_rank", "8");
    }

    @Test
    void to_string_masks_an_api_key() {
        SwiftCommand cmd = new SwiftCommand(List.of("swift", "deploy", "--api_key", "sk-abcdef123456"), Map.of(), Path.of("."));

        assertThat(cmd.toString()).doesNotContain("sk-abcdef123456");
        assertThat(cmd.toShellString()).contains("sk-abcdef123456");
        assertThat(cmd.secrets()).containsExactly("sk-abcdef123456");
    }

    private static Path checkpoint(Path dir, Instant written) throws IOException {
        Files.createDirectories(dir);
        Path state = dir.resolve("trainer_state.json");
        Files.writeString(state, "{\"global_step\": 100, \"best_model_checkpoint\": null, \"log_history\": []}");
        Files.setLastModifiedTime(state, FileTime.from(written));
        return dir;
    }
}
