package dev.novelkit.media.image.card;

import dev.novelkit.core.text.Sentences;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

import static dev.novelkit.media.image.card.SceneLook.alpha;
import static dev.novelkit.media.image.card.SceneLook.rgb;

/** Wraps and draws the text of a card: Chinese line breaking, outlined captions, name badges. */
final class CardText {
    /**
     * Characters that must not start a line: sentence ends, clause marks and closing quotes and brackets
     * ({@link Sentences}), the Latin full stop and percent.
     */
    static final String NO_LINE_START = Sentences.ENDS + Sentences.CLAUSE_MARKS + Sentences.CLOSERS + ".%";
    /** Characters that must not end a line (opening brackets and quotes). */
    static final String NO_LINE_END = "（《「『“‘〈【([{";

    private CardText() {
    }

    /**
     * Breaks {@code text} into lines no wider than {@code maxWidth}: between any two Chinese characters, between
     * Latin words (never inside one unless it alone is too wide), never a closing mark at a line start or an
     * opening mark at a line end. Explicit line breaks are kept.
     */
    static List<String> wrap(String text, Font font, FontRenderContext frc, double maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\\R")) {
            wrapParagraph(paragraph.strip(), font, frc, maxWidth, lines);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static void wrapParagraph(String text, Font font, FontRenderContext frc, double maxWidth,
                                      List<String> lines) {
        List<String> tokens = tokens(text);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String candidate = line + token;
            if (line.length() == 0 || width(candidate.stripTrailing(), font, frc) <= maxWidth) {
                line.append(token);
                continue;
            }
            if (NO_LINE_START.indexOf(token.charAt(0)) >= 0) {
                // hang the closing mark on this line rather than start the next with it
                line.append(token);
                continue;
            }
            String carry = "";
            if (line.length() > 1 && NO_LINE_END.indexOf(line.charAt(line.length() - 1)) >= 0) {
                carry = line.substring(line.length() - 1);
                line.setLength(line.length() - 1);
            }
            lines.add(line.toString().strip());
            line = new StringBuilder(carry);
            if (width(token.strip(), font, frc) > maxWidth) {
                // a single Latin word wider than the line: split it by characters
                for (int cp : token.strip().codePoints().toArray()) {
                    String s = new String(Character.toChars(cp));
                    if (line.length() > 0 && width(line + s, font, frc) > maxWidth) {
                        lines.add(line.toString());
                        line = new StringBuilder();
                    }
                    line.append(s);
                }
                line.append(token.endsWith(" ") ? " " : "");
            } else {
                line.append(line.length() == 0 ? token.stripLeading() : token);
            }
        }
        lines.add(line.toString().strip());
    }

    /** Latin words (with their trailing space) and single other characters. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            int start = i;
            if (isWordChar(cps[i])) {
                while (i < cps.length && isWordChar(cps[i])) {
                    i++;
                }
            } else {
                i++;
            }
            while (i < cps.length && cps[i] == ' ') {
                i++;
            }
            tokens.add(new String(cps, start, i - start));
        }
        return tokens;
    }

    private static boolean isWordChar(int cp) {
        return cp < 0x2E80 && (Character.isLetterOrDigit(cp) || cp == '\'' || cp == '-');
    }

    static double width(String s, Font font, FontRenderContext frc) {
        return s.isEmpty() ? 0 : font.getStringBounds(s, frc).getWidth();
    }

    /** Draws {@code line} with a soft shadow, a dark outline and a light fill, baseline at {@code (x, y)}. */
    static void outlined(Graphics2D g, String line, Font font, double x, double y, Color fill) {
        GlyphVector gv = font.createGlyphVector(g.getFontRenderContext(), line);
        Shape shape = gv.getOutline((float) x, (float) y);
        float size = font.getSize2D();
        Shape shadow = AffineTransform.getTranslateInstance(size * 0.05, size * 0.07).createTransformedShape(shape);
        g.setStroke(new BasicStroke(size * 0.16f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(alpha(rgb(0x000000), 0.45));
        g.draw(shadow);
        g.fill(shadow);
        g.setColor(alpha(rgb(0x0A0A0F), 0.92));
        g.draw(shape);
        g.setColor(fill);
        g.fill(shape);
    }

    /** A rounded label: dark translucent pill, coloured border, white text, centred at {@code cx}, top at {@code top}. */
    static Rectangle2D badge(Graphics2D g, String text, Font font, double cx, double top, Color accent) {
        FontRenderContext frc = g.getFontRenderContext();
        double size = font.getSize2D();
        Rectangle2D bounds = font.getStringBounds(text, frc);
        double padX = size * 0.6;
        double padY = size * 0.32;
        double bw = bounds.getWidth() + 2 * padX;
        double bh = size * 1.25 + 2 * padY;
        double left = cx - bw / 2;
        RoundRectangle2D pill = new RoundRectangle2D.Double(left, top, bw, bh, bh, bh);
        g.setColor(alpha(rgb(0x000000), 0.58));
        g.fill(pill);
        g.setStroke(new BasicStroke((float) Math.max(1.5, size * 0.08)));
        g.setColor(accent);
        g.draw(pill);
        double baseline = top + padY + (size * 1.25 - (font.getLineMetrics(text, frc).getAscent()
                + font.getLineMetrics(text, frc).getDescent())) / 2 + font.getLineMetrics(text, frc).getAscent();
        g.setColor(rgb(0xFFFFFF));
        g.setFont(font);
        g.drawString(text, (float) (left + padX - bounds.getX()), (float) baseline);
        return pill.getBounds2D();
    }
}
