package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;

import java.util.Locale;

/** The kind of image model a prompt is written for. */
public enum PromptStyle {
    /** MidJourney: {@code /imagine prompt: <text> --ar 9:16 --v 6.1 ...}. */
    MIDJOURNEY,
    /** Stable Diffusion (A1111/Forge WebUI, ComfyUI): comma-separated terms, weights, a negative prompt. */
    STABLE_DIFFUSION,
    /** Flux: plain natural language, no weights and no negative prompt (Flux ignores both). */
    FLUX,
    /** Plain text for DALL-E-like APIs and DashScope Wanx (Wanx also takes the negative prompt). */
    PLAIN;

    /** Parses {@code midjourney|mj|sd|stable-diffusion|flux|plain|dalle|wanx}, case-insensitively. */
    public static PromptStyle parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (v) {
            case "midjourney", "mj" -> MIDJOURNEY;
            case "sd", "stable-diffusion", "stablediffusion", "sdxl" -> STABLE_DIFFUSION;
            case "flux" -> FLUX;
            case "plain", "text", "dalle", "dall-e", "openai", "wanx" -> PLAIN;
            default -> throw new InvalidInputException("style", "unknown prompt style \"" + value
                    + "\" (expected midjourney, sd, flux or plain)");
        };
    }
}
