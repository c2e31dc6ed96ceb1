package dev.novelkit.media.internal.frames;

import org.bytedeco.ffmpeg.global.avutil;

/** Keeps FFmpeg's native log quiet (libx264 prints statistics, decoders print errors NovelKit reports itself); set -Dnovelkit.ffmpeg.verbose to see it. Not public API. */
public final class FfmpegLog {
    private static volatile boolean done;

    private FfmpegLog() {
    }

    public static void quiet() {
        if (!done) {
            done = true;
            if (System.getProperty("novelkit.ffmpeg.verbose") == null) {
                avutil.av_log_set_level(avutil.AV_LOG_FATAL);
            }
        }
    }
}
