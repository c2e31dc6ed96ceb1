package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidInputException;

import java.util.Locale;

/**
 * Which ms-swift command line to speak: 2.x (the seed's flags: {@code --model_type}, {@code --sft_type},
 * {@code --lora_target_modules ALL}, {@code --batch_size}, {@code --ckpt_dir}) or 3.x ({@code --model},
 * {@code --train_type}, {@code --target_modules all-linear}, {@code --per_device_train_batch_size},
 * {@code --adapters}).
 */
public enum SwiftDialect {
    /** ms-swift 2.x, the version the seed's commands were written for. */
    V2,
    /** ms-swift 3.x. */
    V3;

    /** Reads "v2", "2", "2.x", "v3", "3", "3.x" (any case). */
    public static SwiftDialect parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "v2", "2", "2.x" -> V2;
            case "v3", "3", "3.x" -> V3;
            default -> throw new InvalidInputException("dialect", "expected v2 or v3, was '" + text + "'");
        };
    }
}
