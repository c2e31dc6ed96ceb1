package dev.novelkit.media.font;

import java.awt.Font;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A font that can display Chinese: the file it came from (for FFmpeg's {@code drawtext}/{@code subtitles}
 * filters), the face index inside a {@code .ttc} collection, and the loaded AWT {@link Font} (for Java2D).
 *
 * @param file  the font file on disk
 * @param index the face index inside the file (0 for a plain {@code .ttf}/{@code .otf})
 * @param font  the face loaded at size 1; derive sizes with {@link #font(float)}
 */
public record CjkFont(Path file, int index, Font font) {
    public CjkFont {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(font, "font");
        if (index < 0) {
            throw new IllegalArgumentException("face index must be >= 0, was " + index);
        }
    }

    /** The face at {@code size} points (pixels in Java2D at the default transform), plain style. */
    public Font font(float size) {
        return font.deriveFont(Font.PLAIN, size);
    }

    /** The face at {@code size} points in bold (synthesised when the file has no bold face). */
    public Font bold(float size) {
        return font.deriveFont(Font.BOLD, size);
    }

    /** The family name in English, e.g. "WenQuanYi Micro Hei" (what libass/FFmpeg {@code FontName=} wants). */
    public String family() {
        return font.getFamily(Locale.ENGLISH);
    }

    /** Whether every character of {@code text} has a glyph in this face. */
    public boolean canDisplay(String text) {
        return font.canDisplayUpTo(text) == -1;
    }
}
