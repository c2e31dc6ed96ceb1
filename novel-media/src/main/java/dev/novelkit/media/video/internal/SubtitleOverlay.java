package dev.novelkit.media.video.internal;

import dev.novelkit.media.internal.frames.Yuv420;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.font.CjkFont;
import dev.novelkit.media.font.CjkFonts;
import dev.novelkit.media.video.SubtitleStyle;
import dev.novelkit.media.video.VideoFormat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Locale;

/**
 * One subtitle drawn once with Java2D (outlined, centred between the side margins, its last line at the bottom
 * margin) and kept as a YUV + alpha patch, so burning it into a frame is a blend over a small box. Not public API.
 */
public final class SubtitleOverlay {
    private final int x;
    private final int y;
    private final int w;
    private final int h;
    private final byte[] luma;
    private final byte[] alpha;
    private final byte[] u;
    private final byte[] v;
    private final byte[] chromaAlpha;

    private SubtitleOverlay(int x, int y, int w, int h, byte[] luma, byte[] alpha, byte[] u, byte[] v, byte[] ca) {
        this.x = x;
        this.y = y;
        this.w = w;
        this.h = h;
        this.luma = luma;
        this.alpha = alpha;
        this.u = u;
        this.v = v;
        this.chromaAlpha = ca;
    }

    /** Draws {@code lines} in {@code style} for a video of {@code format}. */
    public static SubtitleOverlay render(List<String> lines, SubtitleStyle style, VideoFormat format) {
        int fw = format.width();
        int fh = format.height();
        int size = style.fontSizeFor(format);
        int outline = style.outlineFor(format);
        int sides = style.marginSidesFor(format);
        int bottom = style.marginBottomFor(format);
        Font base = baseFont(style.fontFamily(), String.join("", lines));
        FontRenderContext frc = new FontRenderContext(new AffineTransform(), true, true);
        int usable = Math.max(16, fw - 2 * sides - 2 * outline);
        Font font = base.deriveFont((float) size);
        double widest = 0;
        for (String l : lines) {
            widest = Math.max(widest, new TextLayout(l, font, frc).getAdvance());
        }
        if (widest > usable) {
            font = base.deriveFont((float) (size * usable / widest));
        }
        float lineHeight = font.getSize2D() * 1.3f;
        int boxH = (int) Math.ceil(lineHeight * lines.size() + 2 * outline + font.getSize2D() * 0.4);
        int boxTop = Math.max(0, fh - bottom - boxH);
        boxTop &= ~1;
        boxH = Math.min(fh - boxTop, (boxH + 1) & ~1);
        BufferedImage img = new BufferedImage(fw, boxH, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        Color fill = Color.decode(style.color());
        Color stroke = Color.decode(style.outlineColor());
        BasicStroke pen = new BasicStroke(outline * 2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        float baseline = outline + font.getSize2D() * 1.0f;
        for (String l : lines) {
            TextLayout layout = new TextLayout(l, font, g.getFontRenderContext());
            float lx = (float) ((fw - layout.getAdvance()) / 2.0);
            Shape shape = layout.getOutline(AffineTransform.getTranslateInstance(lx, baseline));
            if (outline > 0) {
                g.setColor(stroke);
                g.setStroke(pen);
                g.draw(shape);
            }
            g.setColor(fill);
            g.fill(shape);
            baseline += lineHeight;
        }
        g.dispose();
        return fromArgb(img, boxTop);
    }

    /**
     * The plain face to draw {@code text} with, at size 1: the family {@code family} names (installed on this machine,
     * or the Chinese font {@link CjkFonts} found, which may be the one bundled in the jar), or (blank) the shared
     * Chinese font of {@link CjkFonts#find()}, which fails naming the font packages to install when there is none.
     * When the text has a rare character the face lacks, Java's logical sans-serif font is used if it can draw all
     * of it.
     */
    static Font baseFont(String family, String text) {
        Font base;
        if (family != null && !family.isBlank()) {
            String name = family.strip();
            base = CjkFonts.lookup().map(CjkFont::font).filter(f -> names(f, name)).orElseGet(() -> new Font(name, Font.PLAIN, 1));
            if (!names(base, name)) {
                throw new InvalidInputException("subtitles.style.fontFamily", "font '" + name + "' is not installed");
            }
        } else {
            base = CjkFonts.find().font(1f);
        }
        int missing = text == null ? -1 : base.canDisplayUpTo(text);
        if (missing >= 0) {
            int bad = text.codePointAt(missing);
            if (!Character.isWhitespace(bad) && Character.getType(bad) != Character.CONTROL) {
                Font logical = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
                if (logical.canDisplayUpTo(text) < 0) {
                    return logical;
                }
            }
        }
        return base;
    }

    /** Whether {@code name} is the family or the full name of {@code font}, in any case and any language. */
    private static boolean names(Font font, String name) {
        return font.getFamily(Locale.ROOT).equalsIgnoreCase(name) || font.getFontName(Locale.ROOT).equalsIgnoreCase(name)
                || font.getFamily(Locale.ENGLISH).equalsIgnoreCase(name) || font.getFamily().equalsIgnoreCase(name);
    }

    /** Converts the drawn ARGB strip (full width, placed at row {@code top}) into a tight YUVA box. */
    private static SubtitleOverlay fromArgb(BufferedImage img, int top) {
        int iw = img.getWidth();
        int ih = img.getHeight();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int minX = iw;
        int maxX = -1;
        int minY = ih;
        int maxY = -1;
        for (int yy = 0; yy < ih; yy++) {
            for (int xx = 0; xx < iw; xx++) {
                if ((px[yy * iw + xx] >>> 24) != 0) {
                    minX = Math.min(minX, xx);
                    maxX = Math.max(maxX, xx);
                    minY = Math.min(minY, yy);
                    maxY = Math.max(maxY, yy);
                }
            }
        }
        if (maxX < 0) {
            return new SubtitleOverlay(0, 0, 0, 0, new byte[0], new byte[0], new byte[0], new byte[0], new byte[0]);
        }
        int x0 = minX & ~1;
        int y0 = minY & ~1;
        int x1 = Math.min(iw, (maxX + 2) & ~1);
        int y1 = Math.min(ih, (maxY + 2) & ~1);
        int w = x1 - x0;
        int h = y1 - y0;
        byte[] luma = new byte[w * h];
        byte[] alpha = new byte[w * h];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int p = px[(y0 + yy) * iw + x0 + xx];
                int r = (p >> 16) & 255;
                int gg = (p >> 8) & 255;
                int b = p & 255;
                luma[yy * w + xx] = (byte) (16 + ((11966 * r + 40254 * gg + 4064 * b + 32768) >> 16));
                alpha[yy * w + xx] = (byte) (p >>> 24);
            }
        }
        int cw = w / 2;
        int ch = h / 2;
        byte[] u = new byte[cw * ch];
        byte[] v = new byte[cw * ch];
        byte[] ca = new byte[cw * ch];
        for (int yy = 0; yy < ch; yy++) {
            for (int xx = 0; xx < cw; xx++) {
                long r = 0;
                long gg = 0;
                long b = 0;
                int a = 0;
                for (int k = 0; k < 4; k++) {
                    int p = px[(y0 + 2 * yy + k / 2) * iw + x0 + 2 * xx + (k & 1)];
                    int pa = p >>> 24;
                    r += (long) ((p >> 16) & 255) * pa;
                    gg += (long) ((p >> 8) & 255) * pa;
                    b += (long) (p & 255) * pa;
                    a += pa;
                }
                if (a > 0) {
                    double rr = (double) r / a;
                    double g2 = (double) gg / a;
                    double bb = (double) b / a;
                    u[yy * cw + xx] = (byte) Math.round(128 + (-0.1006 * rr - 0.3386 * g2 + 0.4392 * bb));
                    v[yy * cw + xx] = (byte) Math.round(128 + (0.4392 * rr - 0.3989 * g2 - 0.0402 * bb));
                } else {
                    u[yy * cw + xx] = (byte) 128;
                    v[yy * cw + xx] = (byte) 128;
                }
                ca[yy * cw + xx] = (byte) ((a + 2) / 4);
            }
        }
        return new SubtitleOverlay(x0, top + y0, w, h, luma, alpha, u, v, ca);
    }

    /** Blends the subtitle into {@code frame} in place. */
    public void blendInto(Yuv420 frame) {
        byte[] d = frame.data();
        int fw = frame.width();
        int rows = Math.min(h, frame.height() - y);
        for (int yy = 0; yy < rows; yy++) {
            int o = (y + yy) * fw + x;
            int s = yy * w;
            for (int xx = 0; xx < w; xx++) {
                int a = alpha[s + xx] & 255;
                if (a != 0) {
                    int bg = d[o + xx] & 255;
                    d[o + xx] = (byte) (bg + (((luma[s + xx] & 255) - bg) * a + 127) / 255);
                }
            }
        }
        int cw = w / 2;
        int fcw = fw / 2;
        int uo = frame.uOffset();
        int vo = frame.vOffset();
        for (int yy = 0; yy < rows / 2; yy++) {
            int o = (y / 2 + yy) * fcw + x / 2;
            int s = yy * cw;
            for (int xx = 0; xx < cw; xx++) {
                int a = chromaAlpha[s + xx] & 255;
                if (a != 0) {
                    int bu = d[uo + o + xx] & 255;
                    int bv = d[vo + o + xx] & 255;
                    d[uo + o + xx] = (byte) (bu + (((u[s + xx] & 255) - bu) * a + 127) / 255);
                    d[vo + o + xx] = (byte) (bv + (((v[s + xx] & 255) - bv) * a + 127) / 255);
                }
            }
        }
    }

    /** The box the subtitle covers: x, y, width, height in pixels. */
    public int[] box() {
        return new int[]{x, y, w, h};
    }
}
