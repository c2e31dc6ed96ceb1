package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidSettingException;

import java.util.Locale;

/**
 * An ms-swift major, when the exact release does not matter or is not known: 2.x (the seed's flags:
 * {@code --model_type}, {@code --sft_type}, {@code --ckpt_dir}), 3.x ({@code --model}, {@code --train_type},
 * {@code --adapters}) or 4.x ({@code --tuner_type}). Setting one stands for that major's newest release NovelKit
 * knows ({@link #assumedVersion()}).
 */
public enum SwiftDialect {
    /** ms-swift 2.x, the version the seed's commands were written for. */
    V2(new SwiftVersion(2, 6, 1)),
    /** ms-swift 3.x. */
    V3(new SwiftVersion(3, 12, 6)),
    /** ms-swift 4.x, what {@code pip install ms-swift -U} installs today (the flags of 4.1 and later). */
    V4(new SwiftVersion(4, 5, 2));

    private final SwiftVersion assumed;

    SwiftDialect(SwiftVersion assumed) {
        this.assumed = assumed;
    }

    /** The release this dialect stands for: 2.6.1, 3.12.6 or 4.5.2, the last of each major NovelKit was checked against. */
    public SwiftVersion assumedVersion() {
        return assumed;
    }

    /** The newest major, assumed when no swift is installed to ask. */
    public static SwiftDialect newest() {
        return V4;
    }

    /** "v2"/"2"/"2.x", "v3", "v4" (any case). */
    public static SwiftDialect parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "v2", "2", "2.x" -> V2;
            case "v3", "3", "3.x" -> V3;
            case "v4", "4", "4.x" -> V4;
            default -> throw new InvalidSettingException("dialect", text, "must be v2, v3 or v4");
        };
    }

    /** "2.x", "3.x", "4.x". */
    public String label() {
        return (ordinal() + 2) + ".x";
    }
}
