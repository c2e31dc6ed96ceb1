package dev.novelkit.media.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A picture a backend should keep its result consistent with: a character's sheet (so the character looks the same
 * in every shot) or the scene picture a shot starts from. Backends that take references send the file's bytes;
 * the label says whose picture it is in prompts and reports.
 *
 * @param label the character's name, or {@link #SCENE} for the scene picture
 * @param file  the picture (PNG or JPEG)
 */
public record ReferenceImage(String label, Path file) {
    /** The label of the scene picture a shot starts from. */
    public static final String SCENE = "scene";

    public ReferenceImage {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(file, "file");
        if (label.isBlank()) {
            throw new IllegalArgumentException("reference label must not be blank");
        }
        label = label.strip();
    }

    /** The sheet of character {@code name}. */
    public static ReferenceImage of(String name, Path file) {
        return new ReferenceImage(name, file);
    }
}
