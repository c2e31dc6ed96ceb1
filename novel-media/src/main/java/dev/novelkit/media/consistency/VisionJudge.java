package dev.novelkit.media.consistency;

import java.nio.file.Path;

/**
 * A vision-capable model that looks at a character's sheet and a picture and says how alike the character looks in
 * both: the consistency check's measure for pictures where no figure position is known (remote backends).
 */
public interface VisionJudge {
    /** A short name for reports, such as "openai-vision: gpt-4o-mini". */
    String name();

    /**
     * Compares character {@code name} (described as {@code look}) on {@code sheet} with their appearance in
     * {@code picture}.
     *
     * @throws dev.novelkit.core.BackendException when the model cannot be asked or answers nothing usable
     */
    Verdict compare(String name, String look, Path sheet, Path picture);

    /**
     * The model's answer.
     *
     * @param similarity how alike the character looks, 0..1 (0 also when the character is not in the picture)
     * @param drifted    whether the model says the character drifted from the sheet
     * @param reason     the model's one-line reason
     */
    record Verdict(double similarity, boolean drifted, String reason) {
        public Verdict {
            if (!(similarity >= 0 && similarity <= 1)) {
                throw new IllegalArgumentException("similarity must be in 0..1, was " + similarity);
            }
            reason = reason == null ? "" : reason.strip();
        }
    }
}
