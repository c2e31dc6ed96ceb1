package dev.novelkit.media.image.card;

import dev.novelkit.core.config.Require;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.font.CjkFont;
import dev.novelkit.media.font.CjkFonts;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.consistency.ColourSignature;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.internal.frames.Pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.novelkit.media.image.card.SceneLook.alpha;
import static dev.novelkit.media.image.card.SceneLook.rgb;

/**
 * The offline image backend: a composed story card per scene, drawn with Java2D (headless-safe), no account and no
 * GPU. The background is generated from the scene's text (place, time, mood, description): a sky and ground in the
 * mood's colours and shapes chosen by keywords (夜 → dark blue and a moon, 雨 → rain streaks, 山 → mountains,
 * 河/江/湖/渡 → water, 城/街 → roofs, 灯 → lanterns...). The characters stand on it as robed silhouettes with
 * name badges, and the caption is wrapped at the bottom in a Chinese font with an outline and a shadow.
 *
 * <p>A {@link ImageRequest#sheet() character sheet} is the character's card with a framed, enlarged portrait of
 * the figure's head and shoulders above it. The card reads no prompt when it has a scene: each character is drawn
 * from its storyboard fields in its {@link dev.novelkit.media.cast.Palette} colour, the same on every card, and
 * {@link #figures(ImageRequest)} says where, so a picture can be checked against the character's sheet. A
 * {@link ImageRequest#references() reference picture} labelled with a character's name (the user's own picture of
 * them) gives that character its colour instead: the dominant hue of the picture's coloured pixels (light grey for
 * a picture without colour).
 *
 * <p>The same request gives the same pixels: every random choice comes from a seed hashed from the scene text
 * (and {@link ImageRequest#seed()} when given); the caption does not change the background. Text is drawn in the
 * font {@link CjkFonts#find()} returns, so it is never empty boxes; without a Chinese font the renderer fails with
 * a message naming the packages to install. The PNG is written atomically.
 */
public final class StoryCardRenderer implements ImageGenerator {
    static final int MAX_CAPTION_LINES = 4;
    private final CjkFont font;

    private StoryCardRenderer(CjkFont font) {
        this.font = font;
    }

    /** A renderer that finds a Chinese font on first use ({@link CjkFonts#find()}). */
    public static StoryCardRenderer defaults() {
        return new StoryCardRenderer(null);
    }

    /** The same renderer drawing its text in {@code font}. */
    public StoryCardRenderer font(CjkFont value) {
        return new StoryCardRenderer(Require.nonNull("font", value));
    }

    @Override
    public String name() {
        return "card";
    }

    @Override
    public boolean drawsFromText() {
        return false;
    }

    @Override
    public int maxReferences() {
        return Figures.MAX_SHOWN;
    }

    @Override
    public String referenceSupport() {
        return "card: draws each character in its own palette and silhouette; your own picture of a character "
                + "gives it that picture's colour";
    }

    /** Where a character stands on a card: its name and the box of its robe's torso (collar and sash). */
    public record Figure(String name, Rectangle torso) {
    }

    /**
     * Where {@link #generate} draws each character shown on the card for {@code request} (at most
     * {@value Figures#MAX_SHOWN}; with more, the last slot is a "+N" badge), in the request's order.
     */
    public static List<Figure> figures(ImageRequest request) {
        Layout layout = Layout.of(request.width(), request.height());
        List<Figure> out = new ArrayList<>();
        for (Figures.Placement p : Figures.place(request.characters(), layout, Map.of())) {
            double s = p.size();
            out.add(new Figure(p.character().name(), new Rectangle((int) Math.round(p.cx() - s * 0.07),
                    (int) Math.round(p.foot() - s * 0.78), (int) Math.round(s * 0.14), (int) Math.round(s * 0.28))));
        }
        return out;
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        Rendered rendered = draw(request);
        AtomicFiles.writeBytes(request.output(), ImageFiles.png(rendered.image));
        return new GeneratedImage(request.output(), request.width(), request.height(), name(), rendered.info);
    }

    /** Draws the card in memory (for callers that compose it further). */
    public BufferedImage render(ImageRequest request) {
        return draw(request).image;
    }

    private record Rendered(BufferedImage image, Map<String, String> info) {
    }

    private Rendered draw(ImageRequest request) {
        int w = request.width();
        int h = request.height();
        Scene scene = request.scene();
        String header = scene == null ? "" : joinNonEmpty(" · ", scene.place(), scene.time(), scene.mood());
        boolean needsFont = !request.caption().isEmpty() || !request.characters().isEmpty() || !header.isEmpty();
        CjkFont cjk = needsFont ? (font != null ? font : CjkFonts.find()) : null;

        Layout layout = Layout.of(w, h);
        SceneLook look = SceneLook.of(lookText(request), request.seed());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);

            Backdrop backdrop = new Backdrop(g, look, layout);
            backdrop.paintBehind();
            List<Figures.Placement> placements = Figures.place(request.characters(), layout, colours(request));
            Figures.paintBodies(g, placements, layout, look);
            backdrop.paintFront();
            double small = Math.min(w, h);
            if (!placements.isEmpty()) {
                Figures.paintBadges(g, placements, request.characters().size(), layout,
                        cjk.bold((float) (small * 0.034)));
            }
            if (!header.isEmpty()) {
                header(g, header, cjk.font((float) (small * 0.03)), layout, look.accent());
            }
            if (request.sheet() && placements.size() == 1) {
                portrait(g, image, placements.get(0), layout);
            }
            if (!request.caption().isEmpty()) {
                caption(g, request.caption(), cjk, layout);
            }
        } finally {
            g.dispose();
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("look", look.summary());
        info.put("seed", Long.toHexString(look.seed()));
        if (cjk != null) {
            info.put("font", cjk.family());
        }
        return new Rendered(image, info);
    }

    /** The text the background is derived from: the scene's fields, or the prompt when there is no scene. */
    private static String lookText(ImageRequest request) {
        Scene s = request.scene();
        if (s == null) {
            return request.prompt().positive();
        }
        String fields = joinNonEmpty(" ", s.place(), s.time(), s.mood(), s.description());
        return fields.isEmpty() ? request.prompt().positive() : fields;
    }

    /** The colour each referenced character is drawn in: its picture's dominant hue, light grey without colour. */
    static Map<String, Color> colours(ImageRequest request) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (ReferenceImage reference : request.references()) {
            ColourSignature signature = ColourSignature.of(Pictures.read(reference.file()), null);
            int bin = signature.dominantBin();
            colours.put(reference.label(), bin < 0 ? rgb(0xB0B0B0)
                    : Color.getHSBColor((float) ((bin + 0.5) / ColourSignature.BINS), 0.55f, 0.95f));
        }
        return colours;
    }

    /** The figure's head and shoulders, enlarged in a frame in the upper right: the sheet's portrait. */
    private static void portrait(Graphics2D g, BufferedImage image, Figures.Placement p, Layout layout) {
        double s = p.size();
        int x0 = (int) Math.max(0, Math.round(p.cx() - s * 0.2));
        int y0 = (int) Math.max(0, Math.round(p.foot() - s * 1.02));
        int cw = (int) Math.min(image.getWidth() - x0, Math.round(s * 0.4));
        int ch = (int) Math.min(image.getHeight() - y0, Math.round(s * 0.4));
        BufferedImage crop = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D cg = crop.createGraphics();
        cg.drawImage(image.getSubimage(x0, y0, cw, ch), 0, 0, null);
        cg.dispose();
        double side = Math.min(layout.width(), layout.height()) * 0.42;
        double px = layout.width() - layout.margin() - side;
        double py = layout.margin() * 1.6;
        double arc = side * 0.08;
        RoundRectangle2D frame = new RoundRectangle2D.Double(px, py, side, side, arc, arc);
        java.awt.Shape clip = g.getClip();
        g.setClip(frame);
        g.drawImage(crop, (int) Math.round(px), (int) Math.round(py), (int) Math.round(side), (int) Math.round(side),
                null);
        g.setClip(clip);
        g.setStroke(new java.awt.BasicStroke((float) Math.max(2, side * 0.012)));
        g.setColor(p.accent());
        g.draw(frame);
    }

    private static void header(Graphics2D g, String text, Font font, Layout layout, Color accent) {
        FontRenderContext frc = g.getFontRenderContext();
        double size = font.getSize2D();
        double maxWidth = layout.width() - 2 * layout.margin() - size * 1.6;
        String shown = text;
        while (CardText.width(shown, font, frc) > maxWidth && shown.length() > 1) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        Rectangle2D bounds = font.getStringBounds(shown, frc);
        double padX = size * 0.7;
        double bh = size * 1.9;
        double x = layout.margin();
        double y = layout.margin();
        g.setColor(alpha(rgb(0x000000), 0.42));
        g.fill(new RoundRectangle2D.Double(x, y, bounds.getWidth() + 2 * padX + size * 0.3, bh, bh * 0.5, bh * 0.5));
        g.setColor(accent);
        g.fill(new RoundRectangle2D.Double(x + size * 0.35, y + bh * 0.22, size * 0.18, bh * 0.56, size * 0.18,
                size * 0.18));
        g.setColor(alpha(rgb(0xFFFFFF), 0.95));
        g.setFont(font);
        float baseline = (float) (y + (bh - font.getLineMetrics(shown, frc).getHeight()) / 2
                + font.getLineMetrics(shown, frc).getAscent());
        g.drawString(shown, (float) (x + padX + size * 0.3 - bounds.getX()), baseline);
    }

    /** The caption's font and lines: wrapped, shrunk down to 70 % to fit four lines, then cut with "…". */
    record CaptionLayout(Font font, List<String> lines) {
    }

    static CaptionLayout captionLayout(String text, CjkFont cjk, Layout layout, FontRenderContext frc) {
        double small = Math.min(layout.width(), layout.height());
        double maxWidth = layout.width() - 2 * Math.max(layout.margin(), layout.width() * 0.07);
        float size = (float) (small * 0.052);
        Font font = cjk.bold(size);
        List<String> lines = CardText.wrap(text, font, frc, maxWidth);
        while (lines.size() > MAX_CAPTION_LINES && size > small * 0.037) {
            size *= 0.9f;
            font = cjk.bold(size);
            lines = CardText.wrap(text, font, frc, maxWidth);
        }
        if (lines.size() > MAX_CAPTION_LINES) {
            List<String> kept = new ArrayList<>(lines.subList(0, MAX_CAPTION_LINES));
            String last = kept.get(MAX_CAPTION_LINES - 1);
            while (!last.isEmpty() && CardText.width(last + "…", font, frc) > maxWidth) {
                last = last.substring(0, last.offsetByCodePoints(last.length(), -1));
            }
            kept.set(MAX_CAPTION_LINES - 1, last + "…");
            lines = kept;
        }
        return new CaptionLayout(font, List.copyOf(lines));
    }

    private static void caption(Graphics2D g, String text, CjkFont cjk, Layout layout) {
        int w = layout.width();
        int h = layout.height();
        FontRenderContext frc = g.getFontRenderContext();
        CaptionLayout caption = captionLayout(text, cjk, layout, frc);
        Font font = caption.font();
        List<String> lines = caption.lines();
        float size = font.getSize2D();
        double lineHeight = size * 1.42;
        double lastBaseline = h - h * 0.065 - size * 0.3;
        double firstBaseline = lastBaseline - (lines.size() - 1) * lineHeight;
        double bandTop = Math.max(0, firstBaseline - size * 2.4);
        g.setPaint(new LinearGradientPaint(0, (float) bandTop, 0, h, new float[]{0f,
                (float) Math.min(0.99, (firstBaseline - size - bandTop) / (h - bandTop)), 1f},
                new Color[]{alpha(rgb(0x000000), 0), alpha(rgb(0x000000), 0.5), alpha(rgb(0x000000), 0.7)}));
        g.fill(new Rectangle2D.Double(0, bandTop, w, h - bandTop));
        Color fill = rgb(0xFFF6E2);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            double lw = CardText.width(line, font, frc);
            CardText.outlined(g, line, font, (w - lw) / 2, firstBaseline + i * lineHeight, fill);
        }
    }

    private static String joinNonEmpty(String sep, String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p.strip());
            }
        }
        return String.join(sep, kept);
    }

    @Override
    public String toString() {
        return "StoryCardRenderer[font=" + (font == null ? "(system)" : font.file()) + "]";
    }
}
