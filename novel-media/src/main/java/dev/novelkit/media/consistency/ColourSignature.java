package dev.novelkit.media.consistency;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The colours of a character in a region of a picture, as a measurement to compare with their sheet: a histogram
 * of the hues of the region's coloured pixels (chroma at least {@value #MIN_CHROMA}), in {@value #BINS} bins of
 * 30° with each pixel shared between its two nearest bins, normalised to sum 1. Dark, grey and white pixels (robe
 * shadow, rain, sky haze) carry no hue and are left out, so the signature is the character's palette: on the
 * offline cards, the collar and sash drawn in the character's colour. Two signatures compare by the Bhattacharyya
 * coefficient of their histograms (1: the same hues in the same shares; 0: no hue in common).
 */
public final class ColourSignature {
    /** Hue bins over the colour circle. */
    public static final int BINS = 12;
    /** Pixels with less chroma ((max - min) / 255 of R, G, B) carry no hue. */
    public static final double MIN_CHROMA = 0.15;
    /** Fewer coloured pixels than this share of the region: the region shows none of its character's colours. */
    static final double MIN_COLOURED_SHARE = 0.002;

    private final double[] histogram;
    private final int coloured;
    private final int pixels;

    private ColourSignature(double[] histogram, int coloured, int pixels) {
        this.histogram = histogram;
        this.coloured = coloured;
        this.pixels = pixels;
    }

    /** The signature of {@code region} of {@code image} (null: the whole picture), clipped to the picture. */
    public static ColourSignature of(BufferedImage image, Rectangle region) {
        Objects.requireNonNull(image, "image");
        Rectangle bounds = new Rectangle(0, 0, image.getWidth(), image.getHeight());
        Rectangle r = region == null ? bounds : region.intersection(bounds);
        double[] bins = new double[BINS];
        int coloured = 0;
        int total = Math.max(0, r.width) * Math.max(0, r.height);
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int rgb = image.getRGB(x, y);
                int red = (rgb >> 16) & 0xff;
                int green = (rgb >> 8) & 0xff;
                int blue = rgb & 0xff;
                int max = Math.max(red, Math.max(green, blue));
                int min = Math.min(red, Math.min(green, blue));
                double chroma = (max - min) / 255.0;
                if (chroma < MIN_CHROMA) {
                    continue;
                }
                coloured++;
                double hue = hue(red, green, blue, max, min);
                double at = hue / (360.0 / BINS) - 0.5;
                int low = (int) Math.floor(at);
                double toHigh = at - low;
                bins[Math.floorMod(low, BINS)] += 1 - toHigh;
                bins[Math.floorMod(low + 1, BINS)] += toHigh;
            }
        }
        if (coloured > 0) {
            for (int i = 0; i < BINS; i++) {
                bins[i] /= coloured;
            }
        }
        return new ColourSignature(bins, coloured, total);
    }

    /**
     * How alike the two signatures are, 0..1: the Bhattacharyya coefficient of the hue histograms; 0 when either
     * region shows (almost) no coloured pixel.
     */
    public double similarity(ColourSignature other) {
        if (!hasColour() || !other.hasColour()) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < BINS; i++) {
            sum += Math.sqrt(histogram[i] * other.histogram[i]);
        }
        return Math.min(1, sum);
    }

    /** Whether at least {@value #MIN_COLOURED_SHARE} of the region's pixels are coloured. */
    public boolean hasColour() {
        return coloured > 0 && coloured >= pixels * MIN_COLOURED_SHARE;
    }

    /** The number of coloured pixels counted. */
    public int colouredPixels() {
        return coloured;
    }

    /** The hue bin holding the largest share (0 = red, 1 = orange, ... 30° each), or -1 without colour. */
    public int dominantBin() {
        if (!hasColour()) {
            return -1;
        }
        int best = 0;
        for (int i = 1; i < BINS; i++) {
            if (histogram[i] > histogram[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double hue(int r, int g, int b, int max, int min) {
        double d = max - min;
        double h;
        if (max == r) {
            h = ((g - b) / d) % 6;
        } else if (max == g) {
            h = (b - r) / d + 2;
        } else {
            h = (r - g) / d + 4;
        }
        h *= 60;
        return h < 0 ? h + 360 : h;
    }

    @Override
    public String toString() {
        return "ColourSignature[coloured=" + coloured + "/" + pixels + ", dominantBin=" + dominantBin() + "]";
    }
}
