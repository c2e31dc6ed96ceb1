package dev.novelkit.llm.swift;

/**
 * The weight data type for training: 2.x takes {@code --dtype bf16|fp16|fp32}, 3.x and 4.x take
 * {@code --torch_dtype bfloat16|float16|float32}.
 */
public enum SwiftDtype {
    /** bfloat16 (Ampere or newer GPUs). */
    BF16("bf16", "bfloat16"),
    /** float16. */
    FP16("fp16", "float16"),
    /** float32. */
    FP32("fp32", "float32");

    private final String v2;
    private final String v3;

    SwiftDtype(String v2, String v3) {
        this.v2 = v2;
        this.v3 = v3;
    }

    /** The flag value for that swift version. */
    public String flagValue(SwiftDialect dialect) {
        return dialect == SwiftDialect.V2 ? v2 : v3;
    }
}
