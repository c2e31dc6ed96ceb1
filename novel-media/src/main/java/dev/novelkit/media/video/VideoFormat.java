package dev.novelkit.media.video;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;

import java.util.Locale;

/**
 * The picture of a video: width and height in pixels (even numbers, as H.264 4:2:0 needs) and frames per second,
 * with the usual short-video presets.
 */
public record VideoFormat(Preset preset, int width, int height, int fps) {
    /** Common shapes of short videos; {@link #CUSTOM} is any other size. */
    public enum Preset {
        /** 9:16 portrait, 1080x1920 (Douyin, Kuaishou, Shorts, Reels). */
        PORTRAIT_9_16("9:16", 1080, 1920),
        /** 16:9 landscape, 1920x1080. */
        LANDSCAPE_16_9("16:9", 1920, 1080),
        /** 1:1 square, 1080x1080. */
        SQUARE_1_1("1:1", 1080, 1080),
        /** Any other size. */
        CUSTOM("custom", 0, 0);

        private final String label;
        private final int width;
        private final int height;

        Preset(String label, int width, int height) {
            this.label = label;
            this.width = width;
            this.height = height;
        }

        /** "9:16", "16:9", "1:1" or "custom". */
        public String label() {
            return label;
        }

        /** Parses "9:16", "16:9", "1:1", "custom" or the constant's name. */
        public static Preset parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            for (Preset p : values()) {
                if (p.label.equals(t) || p.name().toLowerCase(Locale.ROOT).equals(t)) {
                    return p;
                }
            }
            throw new InvalidSettingException("preset", text, "must be 9:16, 16:9, 1:1 or custom");
        }
    }

    /** 1080x1920 at 30 fps. */
    public static final VideoFormat PORTRAIT_1080P = of(Preset.PORTRAIT_9_16, 30);
    /** 1920x1080 at 30 fps. */
    public static final VideoFormat LANDSCAPE_1080P = of(Preset.LANDSCAPE_16_9, 30);
    /** 1080x1080 at 30 fps. */
    public static final VideoFormat SQUARE_1080P = of(Preset.SQUARE_1_1, 30);

    public VideoFormat {
        if (preset == null) {
            preset = Preset.CUSTOM;
        }
        Require.that(width >= 16 && height >= 16 && width <= 8192 && height <= 8192 && width % 2 == 0
                && height % 2 == 0, "format", width + "x" + height, "width and height must be even numbers in 16..8192");
        Require.between("format.fps", fps, 1, 120);
        if (preset != Preset.CUSTOM && (width != preset.width || height != preset.height)) {
            preset = Preset.CUSTOM;
        }
    }

    /** A preset size at {@code fps} frames per second. */
    public static VideoFormat of(Preset preset, int fps) {
        Require.that(Require.nonNull("preset", preset) != Preset.CUSTOM, "preset", "custom",
                "needs a width and a height: use custom(w, h, fps)");
        return new VideoFormat(preset, preset.width, preset.height, fps);
    }

    /** Any even width and height; a size equal to a preset is reported as that preset. */
    public static VideoFormat custom(int width, int height, int fps) {
        for (Preset p : Preset.values()) {
            if (p != Preset.CUSTOM && p.width == width && p.height == height) {
                return new VideoFormat(p, width, height, fps);
            }
        }
        return new VideoFormat(Preset.CUSTOM, width, height, fps);
    }

    /** Parses "1080x1920" (fps given separately). */
    public static VideoFormat parseSize(String size, int fps) {
        String[] wh = size.strip().toLowerCase(Locale.ROOT).split("x");
        try {
            if (wh.length == 2) {
                return custom(Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()), fps);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidSettingException("size", size, "must be WIDTHxHEIGHT such as 1080x1920");
    }

    /** The same size at another frame rate. */
    public VideoFormat fps(int newFps) {
        return new VideoFormat(preset, width, height, newFps);
    }

    /** The first frame index at or after {@code micros} (frame boundaries rounded from exact times, never accumulated). */
    public long frameAt(long micros) {
        return Math.floorDiv(micros * fps + 500_000L, 1_000_000L);
    }

    @Override
    public String toString() {
        return width + "x" + height + "@" + fps + (preset == Preset.CUSTOM ? "" : " (" + preset.label() + ")");
    }
}
