package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;

import java.nio.file.Path;
import java.util.Objects;

/** A sound effect (rain, a door, footsteps) played once from {@code start} seconds at {@code volume}. */
public record SoundEffect(Path file, double start, double volume) {
    public SoundEffect {
        Objects.requireNonNull(file, "file");
        if (!(start >= 0)) {
            throw new InvalidInputException("start", "effect " + file.getFileName() + " must start at >= 0 s, was " + start);
        }
        if (!(volume >= 0) || volume > 4) {
            throw new InvalidInputException("volume", "must be in 0..4, was " + volume);
        }
    }

    public SoundEffect file(Path newFile) {
        return new SoundEffect(newFile, start, volume);
    }
}
