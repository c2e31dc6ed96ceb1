package dev.novelkit.media.image.card;

import dev.novelkit.core.story.Character;
import dev.novelkit.media.cast.Palette;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.novelkit.media.image.card.SceneLook.alpha;
import static dev.novelkit.media.image.card.SceneLook.mix;
import static dev.novelkit.media.image.card.SceneLook.rgb;

/**
 * Draws the scene's characters as robed silhouettes standing on the ground, each with a name badge above the
 * head. Hair, hat, build and accent colour follow the character's name and description, so a character looks the
 * same on every card.
 */
final class Figures {
    static final int MAX_SHOWN = 5;

    private Figures() {
    }

    /** Where one character stands: centre x, feet y, height, accent colour. */
    record Placement(Character character, double cx, double foot, double size, Color accent) {
    }

    /**
     * Spreads up to {@link #MAX_SHOWN} characters across the ground, the same way for the same names, each in its
     * {@link Palette} colour unless {@code colours} gives it another (taken from the user's picture of it).
     */
    static List<Placement> place(List<Character> characters, Layout layout, Map<String, Color> colours) {
        List<Placement> out = new ArrayList<>();
        int total = characters.size();
        if (total == 0) {
            return out;
        }
        int shown = total > MAX_SHOWN ? MAX_SHOWN - 1 : total;
        int slots = total > MAX_SHOWN ? MAX_SHOWN : total;
        double spacing = layout.width() / (slots + 1.0);
        double height = Math.min(layout.figureHeight(), spacing / 0.42);
        for (int i = 0; i < shown; i++) {
            Character c = characters.get(i);
            int hash = Palette.stableHash(c.name());
            boolean back = i % 2 == 1 && shown > 2;
            double cx = spacing * (i + 1) + spacing * 0.08 * (((hash >>> 8) & 0xff) / 255.0 - 0.5);
            double scale = (0.93 + 0.1 * ((hash & 0xff) / 255.0)) * (back ? 0.95 : 1.0);
            double foot = layout.foot() - (back ? layout.height() * 0.012 : 0);
            Color accent = colours.getOrDefault(c.name(), Palette.of(c.name()));
            out.add(new Placement(c, cx, foot, height * scale, accent));
        }
        return out;
    }

    static void paintBodies(Graphics2D g, List<Placement> placements, Layout layout, SceneLook look) {
        Color rim = mix(look.sky()[2], rgb(0xFFFFFF), 0.35);
        for (Placement p : placements) {
            figure(g, p.character(), p.cx(), p.foot(), p.size(), p.accent(), rim, layout.unit());
        }
    }

    static void paintBadges(Graphics2D g, List<Placement> placements, int total, Layout layout, Font font) {
        for (Placement p : placements) {
            CardText.badge(g, p.character().name(), font, p.cx(), p.foot() - p.size() * 1.06 - font.getSize2D() * 2.1,
                    p.accent());
        }
        if (total > placements.size()) {
            double spacing = layout.width() / (MAX_SHOWN + 1.0);
            CardText.badge(g, "+" + (total - placements.size()), font, spacing * MAX_SHOWN,
                    layout.foot() - layout.figureHeight() * 0.6, rgb(0xCCCCCC));
        }
    }

    private static void figure(Graphics2D g, Character c, double cx, double foot, double s, Color accent, Color rim,
                               double unit) {
        String text = c.appearance() + " " + c.clothing() + " " + c.age();
        boolean female = SceneLook.has(text + " " + c.voiceHint(), "女", "姑娘", "少女", "小姐", "娘", "妃", "姐",
                "妹", "woman", "girl", "female");
        boolean hat = SceneLook.has(text, "斗笠", "笠", "帽", "hat");
        boolean sword = SceneLook.has(text, "剑", "刀", "sword", "blade");
        boolean old = SceneLook.has(text, "老", "白发", "苍", "old", "elder");
        Color body = mix(rgb(0x12121A), accent, 0.16);

        // shadow on the ground
        g.setColor(alpha(rgb(0x000000), 0.35));
        g.fill(new Ellipse2D.Double(cx - s * 0.24, foot - s * 0.025, s * 0.48, s * 0.05));

        Area shape = new Area();
        if (sword) {
            g.setStroke(new BasicStroke((float) (s * 0.012), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(mix(body, rgb(0x9098A8), 0.5));
            g.draw(new Line2D.Double(cx - s * 0.17, foot - s * 0.98, cx + s * 0.15, foot - s * 0.42));
        }
        if (female) {
            GeneralPath hair = new GeneralPath();
            hair.moveTo(cx - s * 0.07, foot - s * 0.9);
            hair.quadTo(cx - s * 0.11, foot - s * 0.7, cx - s * 0.08, foot - s * 0.58);
            hair.lineTo(cx + s * 0.08, foot - s * 0.58);
            hair.quadTo(cx + s * 0.11, foot - s * 0.7, cx + s * 0.07, foot - s * 0.9);
            hair.closePath();
            shape.add(new Area(hair));
            shape.add(new Area(circle(cx - s * 0.055, foot - s * 0.955, s * 0.03)));
            shape.add(new Area(circle(cx + s * 0.055, foot - s * 0.955, s * 0.03)));
        } else if (!hat) {
            shape.add(new Area(circle(cx, foot - s * 0.965, s * 0.032)));
        }
        shape.add(new Area(circle(cx, foot - s * 0.885, s * 0.062)));
        shape.add(new Area(new Rectangle2D.Double(cx - s * 0.024, foot - s * 0.835, s * 0.048, s * 0.05)));

        double shoulder = female ? 0.095 : 0.115;
        double hem = female ? 0.2 : 0.17;
        Path2D.Double robe = new Path2D.Double();
        robe.moveTo(cx - s * shoulder, foot - s * 0.79);
        robe.quadTo(cx, foot - s * 0.815, cx + s * shoulder, foot - s * 0.79);
        robe.lineTo(cx + s * 0.085, foot - s * 0.52);
        robe.quadTo(cx + s * (hem - 0.02), foot - s * 0.2, cx + s * hem, foot - s * 0.012);
        robe.quadTo(cx, foot + s * 0.008, cx - s * hem, foot - s * 0.012);
        robe.quadTo(cx - s * (hem - 0.02), foot - s * 0.2, cx - s * 0.085, foot - s * 0.52);
        robe.closePath();
        shape.add(new Area(robe));
        for (int side = -1; side <= 1; side += 2) {
            Path2D.Double sleeve = new Path2D.Double();
            sleeve.moveTo(cx + side * s * (shoulder - 0.01), foot - s * 0.79);
            sleeve.quadTo(cx + side * s * 0.17, foot - s * 0.74, cx + side * s * 0.19, foot - s * 0.44);
            sleeve.quadTo(cx + side * s * 0.16, foot - s * 0.39, cx + side * s * 0.11, foot - s * 0.4);
            sleeve.lineTo(cx + side * s * 0.085, foot - s * 0.7);
            sleeve.closePath();
            shape.add(new Area(sleeve));
        }
        if (hat) {
            GeneralPath straw = new GeneralPath();
            straw.moveTo(cx - s * 0.17, foot - s * 0.895);
            straw.quadTo(cx, foot - s * 1.05, cx + s * 0.17, foot - s * 0.895);
            straw.quadTo(cx, foot - s * 0.91, cx - s * 0.17, foot - s * 0.895);
            straw.closePath();
            shape.add(new Area(straw));
        }

        g.setColor(body);
        g.fill(shape);
        g.setStroke(new BasicStroke((float) Math.max(1.5, s * 0.006), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(alpha(rim, 0.55));
        g.draw(shape);

        // cross collar and sash in the character's colour
        g.setStroke(new BasicStroke((float) Math.max(1.5, s * 0.008), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(alpha(accent, 0.85));
        g.draw(new Line2D.Double(cx - s * 0.05, foot - s * 0.79, cx + s * 0.03, foot - s * 0.65));
        g.draw(new Line2D.Double(cx + s * 0.05, foot - s * 0.79, cx - s * 0.005, foot - s * 0.7));
        g.fill(new Rectangle2D.Double(cx - s * 0.086, foot - s * 0.545, s * 0.172, s * 0.035));
        if (old) {
            g.setColor(alpha(rgb(0xE8E8E8), 0.85));
            GeneralPath beard = new GeneralPath();
            beard.moveTo(cx - s * 0.035, foot - s * 0.845);
            beard.lineTo(cx + s * 0.035, foot - s * 0.845);
            beard.lineTo(cx, foot - s * 0.74);
            beard.closePath();
            g.fill(beard);
        }
    }

    private static Ellipse2D circle(double cx, double cy, double r) {
        return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    }
}
