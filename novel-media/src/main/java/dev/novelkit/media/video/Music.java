package dev.novelkit.media.video;

import dev.novelkit.core.config.Require;

import java.nio.file.Path;

/**
 * Background music under the whole video: its volume, whether it loops, and whether it is ducked (made quieter by
 * {@code duckDb} decibels, e.g. -12) while someone speaks.
 */
public record Music(Path file, double volume, boolean loop, boolean duck, double duckDb) {
    /** The default ducking depth: 12 dB quieter under speech. */
    public static final double DEFAULT_DUCK_DB = -12;

    public Music {
        Require.nonNull("music.file", file);
        Require.between("music.volume", volume, 0, 4);
        Require.between("music.duckDb", duckDb, -60, 0);
    }

    /** Music at {@code volume}, looped, ducked by 12 dB under speech. */
    public static Music of(Path file, double volume) {
        return new Music(file, volume, true, true, DEFAULT_DUCK_DB);
    }

    public Music loop(boolean newLoop) {
        return new Music(file, volume, newLoop, duck, duckDb);
    }

    /** Ducking on ({@code db} below zero) or off ({@code db} = 0). */
    public Music duckDb(double db) {
        return new Music(file, volume, loop, db < 0, db < 0 ? db : duckDb);
    }

    public Music duck(boolean on) {
        return new Music(file, volume, loop, on, duckDb);
    }

    public Music file(Path newFile) {
        return new Music(newFile, volume, loop, duck, duckDb);
    }

    /** The linear gain applied under speech (0.25 for -12 dB). */
    public double duckGain() {
        return duck ? Math.pow(10, duckDb / 20) : 1.0;
    }
}
