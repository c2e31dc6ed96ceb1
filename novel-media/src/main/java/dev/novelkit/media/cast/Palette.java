package dev.novelkit.media.cast;

import java.awt.Color;
import java.util.Locale;
import java.util.Objects;

/**
 * Each character's colour: the same for a name on every JVM, so the offline story card draws a character's collar
 * and sash in it on every picture and the character's default clothes are described in it.
 */
public final class Palette {
    private static final String[] HUE_NAMES = {"红", "橙", "黄", "黄绿", "绿", "青绿", "青", "蓝", "靛蓝", "紫", "品红", "粉红"};

    private Palette() {
    }

    /** The colour of character {@code name}: a hue from the name's hash at saturation 0.55, brightness 0.95. */
    public static Color of(String name) {
        int hash = stableHash(Objects.requireNonNull(name, "name"));
        return Color.getHSBColor(((hash >>> 16) & 0x3ff) / 1024f, 0.55f, 0.95f);
    }

    /** {@code #RRGGBB}. */
    public static String hex(Color colour) {
        return String.format(Locale.ROOT, "#%02X%02X%02X", colour.getRed(), colour.getGreen(), colour.getBlue());
    }

    /** The Chinese name of the colour's hue, in 30° steps: 红, 橙, 黄, 黄绿, 绿, ... 粉红. */
    public static String hueName(Color colour) {
        float[] hsb = Color.RGBtoHSB(colour.getRed(), colour.getGreen(), colour.getBlue(), null);
        int index = (int) Math.floor(((hsb[0] * 360 + 15) % 360) / 30);
        return HUE_NAMES[index];
    }

    /** A hash that is the same on every JVM ({@link String#hashCode()} is specified), spread over the bits. */
    public static int stableHash(String s) {
        int h = s.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
