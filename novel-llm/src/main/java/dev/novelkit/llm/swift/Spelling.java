package dev.novelkit.llm.swift;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every flag name that differs between the command lines NovelKit writes, one row per family: 2.x, 3.x, 4.0.x
 * (3.x's names; {@code --train_type} still taken with a warning) and 4.1 and later ({@code --tuner_type}). Read from
 * ms-swift's argument classes at v2.6.1, v3.12.6 and v4.5.2 (SWIFT-FACTS.md).
 */
enum Spelling {
    V2("--sft_type", "--dataset_test_ratio", "--lora_dropout_p", "--lora_target_modules", "ALL", "--batch_size",
            "--template_type", "--dtype", "--ckpt_dir", "app-ui", "--host", "--port"),
    V3("--train_type", "--split_dataset_ratio", "--lora_dropout", "--target_modules", "all-linear",
            "--per_device_train_batch_size", "--template", "--torch_dtype", "--adapters", "app", "--server_name",
            "--server_port"),
    V4_0("--train_type", "--split_dataset_ratio", "--lora_dropout", "--target_modules", "all-linear",
            "--per_device_train_batch_size", "--template", "--torch_dtype", "--adapters", "app", "--server_name",
            "--server_port"),
    V4_1("--tuner_type", "--split_dataset_ratio", "--lora_dropout", "--target_modules", "all-linear",
            "--per_device_train_batch_size", "--template", "--torch_dtype", "--adapters", "app", "--server_name",
            "--server_port");

    final String tuner;
    final String splitRatio;
    final String loraDropout;
    final String targetModules;
    final String allLinear;
    final String batchSize;
    final String template;
    final String dtype;
    final String checkpoint;
    final String webUi;
    final String webUiHost;
    final String webUiPort;

    Spelling(String tuner, String splitRatio, String loraDropout, String targetModules, String allLinear,
             String batchSize, String template, String dtype, String checkpoint, String webUi, String webUiHost,
             String webUiPort) {
        this.tuner = tuner;
        this.splitRatio = splitRatio;
        this.loraDropout = loraDropout;
        this.targetModules = targetModules;
        this.allLinear = allLinear;
        this.batchSize = batchSize;
        this.template = template;
        this.dtype = dtype;
        this.checkpoint = checkpoint;
        this.webUi = webUi;
        this.webUiHost = webUiHost;
        this.webUiPort = webUiPort;
    }

    static Spelling of(SwiftVersion v) {
        return switch (v.major()) {
            case 2 -> V2;
            case 3 -> V3;
            default -> v.minor() == 0 ? V4_0 : V4_1;
        };
    }

    boolean v2() {
        return this == V2;
    }

    /**
     * The flag that loads {@code folder}: {@code --ckpt_dir} on 2.x (a LoRA checkpoint or a merged folder alike);
     * from 3.x on {@code --model} for a merged or full model folder (a {@code config.json} and no
     * {@code adapter_config.json}), else {@code --adapters}.
     */
    String checkpointFlag(Path folder) {
        if (v2()) {
            return checkpoint;
        }
        boolean model = Files.isRegularFile(folder.resolve("config.json"))
                && !Files.isRegularFile(folder.resolve("adapter_config.json"));
        return model ? "--model" : checkpoint;
    }

    /**
     * The {@code --infer_backend} value this family takes: 4.x calls the plain PyTorch backend {@code transformers}
     * (it still takes {@code pt}), 2.x and 3.x call it {@code pt}; {@code null} when the family has no such backend.
     */
    String inferBackend(String backend) {
        String b = backend.strip();
        return switch (this) {
            case V2 -> b.equals("transformers") ? "pt" : b.equals("sglang") ? null : b;
            case V3 -> b.equals("transformers") ? "pt" : b.equalsIgnoreCase("AUTO") ? null : b;
            default -> b.equals("pt") ? "transformers" : b.equalsIgnoreCase("AUTO") ? null : b;
        };
    }
}
