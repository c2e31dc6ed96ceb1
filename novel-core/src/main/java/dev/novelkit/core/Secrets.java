package dev.novelkit.core;

/** Masks secrets (API keys, access keys) for {@code toString()}, logs and error messages. */
public final class Secrets {
    private Secrets() {
    }

    /** {@code null} or blank → "(none)"; otherwise "****" plus at most the last 4 characters of a long key. */
    public static String mask(String secret) {
        if (secret == null || secret.isBlank()) {
            return "(none)";
        }
        return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    /** Replaces every occurrence of {@code secret} in {@code text} by its mask (for server messages that echo keys). */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isBlank()) {
            return text;
        }
        return text.replace(secret, mask(secret));
    }
}
