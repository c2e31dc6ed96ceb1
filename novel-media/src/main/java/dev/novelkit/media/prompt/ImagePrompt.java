package dev.novelkit.media.prompt;

import java.util.Objects;

/**
 * A finished image prompt: the positive text, the negative text (empty where the model takes none), the style it
 * was written for, and the MidJourney parameter suffix ({@code --ar 9:16 --v 6.1 ...}, empty for other styles).
 *
 * @param style      the model family the prompt is for
 * @param positive   what to draw
 * @param negative   what to avoid (Stable Diffusion negative prompt, Wanx {@code negative_prompt}); empty for
 *                   Flux and MidJourney (whose avoid-list is the {@code --no} parameter)
 * @param parameters MidJourney parameters, empty for the other styles
 */
public record ImagePrompt(PromptStyle style, String positive, String negative, String parameters) {
    public ImagePrompt {
        Objects.requireNonNull(style, "style");
        positive = Objects.requireNonNull(positive, "positive").strip();
        negative = negative == null ? "" : negative.strip();
        parameters = parameters == null ? "" : parameters.strip();
        if (positive.isEmpty()) {
            throw new IllegalArgumentException("positive prompt must not be empty");
        }
    }

    /** A plain-text prompt with no negative part, for DALL-E-like APIs. */
    public static ImagePrompt plain(String text) {
        return new ImagePrompt(PromptStyle.PLAIN, text, "", "");
    }

    /**
     * The full text a person pastes: {@code /imagine prompt: <positive> <parameters>} for MidJourney; for Stable
     * Diffusion the positive prompt and a {@code Negative prompt: ...} line (the WebUI's own "infotext" layout);
     * the positive text alone for Flux and plain.
     */
    public String render() {
        return switch (style) {
            case MIDJOURNEY -> "/imagine prompt: " + positive + (parameters.isEmpty() ? "" : " " + parameters);
            case STABLE_DIFFUSION -> negative.isEmpty() ? positive : positive + "\nNegative prompt: " + negative;
            case FLUX -> positive;
            case PLAIN -> positive;
        };
    }

    @Override
    public String toString() {
        return render();
    }
}
