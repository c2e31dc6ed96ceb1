package dev.novelkit.media.video;

import dev.novelkit.core.config.Require;

import java.nio.file.Path;

/** A sound effect (rain, a door, footsteps) played once from {@code start} seconds at {@code volume}. */
public record SoundEffect(Path file, double start, double volume) {
    public SoundEffect {
        Require.nonNull("file", file);
        Require.that(start >= 0 && Double.isFinite(start), "start", start,
                "must be 0 or more (effect " + file.getFileName() + ")");
        Require.between("volume", volume, 0, 4);
    }

    public SoundEffect file(Path newFile) {
        return new SoundEffect(newFile, start, volume);
    }
}
