package dev.novelkit.media.video.internal;

import org.bytedeco.ffmpeg.global.avutil;

/** Keeps FFmpeg's native log to errors only (libx264 otherwise prints its statistics on stderr). Not public API. */
public final class FfmpegLog {
    private static volatile boolean done;

    private FfmpegLog() {
    }

    public static void quiet() {
        if (!done) {
            done = true;
            if (System.getProperty("novelkit.ffmpeg.verbose") == null) {
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            }
        }
    }
}
