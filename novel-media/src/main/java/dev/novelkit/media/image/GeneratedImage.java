package dev.novelkit.media.image;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A picture an {@link ImageGenerator} wrote: the file, its real size in pixels (which a backend may round from the
 * requested one), the backend's name and what it reported (model, seed, revised prompt, task id...).
 *
 * @param file    the image file (PNG unless the backend says otherwise)
 * @param width   its width in pixels
 * @param height  its height in pixels
 * @param backend the backend that made it
 * @param info    backend details, never secrets
 */
public record GeneratedImage(Path file, int width, int height, String backend, Map<String, String> info) {
    public GeneratedImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(backend, "backend");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
        }
        info = info == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    }
}
