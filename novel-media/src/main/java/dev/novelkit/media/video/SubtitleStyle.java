package dev.novelkit.media.video;

import dev.novelkit.core.config.Require;

import java.util.regex.Pattern;

/**
 * How burned-in subtitles look: font size, outline width, safe margins from the bottom and the sides, the longest
 * line in characters (longer Chinese lines are wrapped, balanced and split over several cues), colours, font family
 * and whether the speaker's name is shown. Zero sizes mean "chosen from the video size".
 */
public record SubtitleStyle(int fontSize, int outline, int marginBottom, int marginSides, int maxCharsPerLine,
                            int maxLines, String fontFamily, String color, String outlineColor, boolean showSpeaker) {
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    public SubtitleStyle {
        check("fontSize", fontSize, 0, 400);
        check("outline", outline, 0, 40);
        check("marginBottom", marginBottom, 0, 4000);
        check("marginSides", marginSides, 0, 2000);
        check("maxCharsPerLine", maxCharsPerLine, 0, 200);
        check("maxLines", maxLines, 1, 6);
        fontFamily = fontFamily == null ? "" : fontFamily.strip();
        color = color == null || color.isBlank() ? "#FFFFFF" : color.strip();
        outlineColor = outlineColor == null || outlineColor.isBlank() ? "#000000" : outlineColor.strip();
        Require.that(COLOR.matcher(color).matches(), "subtitles.style.color", color, "must be #RRGGBB");
        Require.that(COLOR.matcher(outlineColor).matches(), "subtitles.style.outlineColor", outlineColor,
                "must be #RRGGBB");
    }

    private static void check(String field, int value, int min, int max) {
        Require.between("subtitles.style." + field, value, min, max);
    }

    /** White text with a black outline, sizes and margins chosen from the video size, at most two lines. */
    public static SubtitleStyle defaults() {
        return new SubtitleStyle(0, 0, 0, 0, 0, 2, "", "#FFFFFF", "#000000", false);
    }

    public SubtitleStyle fontSize(int px) {
        return new SubtitleStyle(px, outline, marginBottom, marginSides, maxCharsPerLine, maxLines, fontFamily, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle outline(int px) {
        return new SubtitleStyle(fontSize, px, marginBottom, marginSides, maxCharsPerLine, maxLines, fontFamily, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle marginBottom(int px) {
        return new SubtitleStyle(fontSize, outline, px, marginSides, maxCharsPerLine, maxLines, fontFamily, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle marginSides(int px) {
        return new SubtitleStyle(fontSize, outline, marginBottom, px, maxCharsPerLine, maxLines, fontFamily, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle maxCharsPerLine(int chars) {
        return new SubtitleStyle(fontSize, outline, marginBottom, marginSides, chars, maxLines, fontFamily, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle maxLines(int lines) {
        return new SubtitleStyle(fontSize, outline, marginBottom, marginSides, maxCharsPerLine, lines, fontFamily, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle fontFamily(String family) {
        return new SubtitleStyle(fontSize, outline, marginBottom, marginSides, maxCharsPerLine, maxLines, family, color, outlineColor, showSpeaker);
    }

    public SubtitleStyle color(String rgb) {
        return new SubtitleStyle(fontSize, outline, marginBottom, marginSides, maxCharsPerLine, maxLines, fontFamily, rgb, outlineColor, showSpeaker);
    }

    public SubtitleStyle outlineColor(String rgb) {
        return new SubtitleStyle(fontSize, outline, marginBottom, marginSides, maxCharsPerLine, maxLines, fontFamily, color, rgb, showSpeaker);
    }

    public SubtitleStyle showSpeaker(boolean show) {
        return new SubtitleStyle(fontSize, outline, marginBottom, marginSides, maxCharsPerLine, maxLines, fontFamily, color, outlineColor, show);
    }

    /** The font size in pixels for {@code format}: given, or 5.5% of the shorter side. */
    public int fontSizeFor(VideoFormat format) {
        return fontSize > 0 ? fontSize : Math.max(12, (int) Math.round(Math.min(format.width(), format.height()) * 0.055));
    }

    /** The outline width in pixels: given, or a tenth of the font size. */
    public int outlineFor(VideoFormat format) {
        return outline > 0 ? outline : Math.max(1, fontSizeFor(format) / 10);
    }

    /** The bottom safe margin: given, or 15% of the height for portrait videos (the apps' buttons sit there), 8% otherwise. */
    public int marginBottomFor(VideoFormat format) {
        if (marginBottom > 0) {
            return marginBottom;
        }
        return (int) Math.round(format.height() * (format.height() > format.width() ? 0.15 : 0.08));
    }

    /** The side safe margin: given, or 6% of the width. */
    public int marginSidesFor(VideoFormat format) {
        return marginSides > 0 ? marginSides : (int) Math.round(format.width() * 0.06);
    }

    /** The longest line in (CJK) characters: given, or what fits between the side margins. */
    public int maxCharsPerLineFor(VideoFormat format) {
        if (maxCharsPerLine > 0) {
            return maxCharsPerLine;
        }
        int usable = format.width() - 2 * marginSidesFor(format) - 2 * outlineFor(format);
        return Math.max(4, usable / fontSizeFor(format));
    }
}
