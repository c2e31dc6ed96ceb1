package dev.novelkit.llm.swift;

/**
 * A DeepSpeed ZeRO configuration built into ms-swift, passed as {@code --deepspeed}. The flag value differs by
 * version: 2.x names them {@code default-zero2}, {@code default-zero3}, {@code zero2-offload}, {@code zero3-offload};
 * 3.x and 4.x name them {@code zero2}, {@code zero3}, {@code zero2_offload}, {@code zero3_offload}.
 */
public enum DeepSpeedStage {
    /** ZeRO stage 2: optimizer state and gradients sharded over the GPUs. */
    ZERO2("default-zero2", "zero2"),
    /** ZeRO stage 3: parameters sharded too. */
    ZERO3("default-zero3", "zero3"),
    /** ZeRO stage 2 with optimizer state offloaded to CPU memory. */
    ZERO2_OFFLOAD("zero2-offload", "zero2_offload"),
    /** ZeRO stage 3 with parameters and optimizer state offloaded to CPU memory. */
    ZERO3_OFFLOAD("zero3-offload", "zero3_offload");

    private final String v2;
    private final String v3;

    DeepSpeedStage(String v2, String v3) {
        this.v2 = v2;
        this.v3 = v3;
    }

    /** The {@code --deepspeed} value for that swift version. */
    public String flagValue(SwiftDialect dialect) {
        return dialect == SwiftDialect.V2 ? v2 : v3;
    }

    /** Reads "zero2", "zero3", "zero2_offload", "zero3-offload", "default-zero2" and the like (any case). */
    public static DeepSpeedStage parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        if (t.startsWith("default_")) {
            t = t.substring("default_".length());
        }
        for (DeepSpeedStage s : values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(t)) {
                return s;
            }
        }
        throw new dev.novelkit.core.InvalidSettingException("deepspeed", text,
                "must be zero2, zero3, zero2_offload or zero3_offload");
    }
}
