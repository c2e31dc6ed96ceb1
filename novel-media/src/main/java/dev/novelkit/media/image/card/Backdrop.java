package dev.novelkit.media.image.card;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;

import static dev.novelkit.media.image.card.SceneLook.alpha;
import static dev.novelkit.media.image.card.SceneLook.mix;
import static dev.novelkit.media.image.card.SceneLook.rgb;

/** Paints a card's generated background, layer by layer, from a {@link SceneLook} and a seeded random source. */
final class Backdrop {
    private final Graphics2D g;
    private final SceneLook look;
    private final Layout layout;
    private final Random rnd;
    private final int w;
    private final int h;
    private double moonX = -1;
    private double moonY;

    Backdrop(Graphics2D g, SceneLook look, Layout layout) {
        this.g = g;
        this.look = look;
        this.layout = layout;
        this.rnd = new Random(look.seed());
        this.w = layout.width();
        this.h = layout.height();
    }

    /** Everything behind the characters. */
    void paintBehind() {
        sky();
        if (look.time() == SceneLook.TimeOfDay.NIGHT && !look.rain()) {
            stars();
        }
        clouds();
        celestial();
        mountains();
        if (look.town()) {
            town();
        }
        if (look.water()) {
            water();
        }
        bank();
        if (look.water()) {
            reeds();
        }
        if (look.trees()) {
            trees();
        }
        if (look.lanterns()) {
            lanterns();
        }
        if (look.fog()) {
            fog();
        }
        if (look.fire()) {
            fireGlow();
        }
    }

    /** Weather, embers, mood and vignette: in front of the characters, behind the text. */
    void paintFront() {
        if (look.rain()) {
            rain();
        }
        if (look.snow()) {
            snow();
        }
        if (look.fire()) {
            embers();
        }
        moodOverlay();
        vignette();
    }

    private void sky() {
        Color[] c = look.sky();
        g.setPaint(new LinearGradientPaint(0, 0, 0, (float) layout.horizon() + 1, new float[]{0f, 0.55f, 1f}, c));
        g.fill(new Rectangle2D.Double(0, 0, w, layout.horizon() + 2));
        Color[] ground = look.ground();
        g.setPaint(new GradientPaint(0, (float) layout.horizon(), ground[0], 0, h, ground[1]));
        g.fill(new Rectangle2D.Double(0, layout.horizon() + 1, w, h - layout.horizon()));
    }

    private void stars() {
        int n = (int) (w * (double) h / 9000);
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * w;
            double y = Math.pow(rnd.nextDouble(), 1.4) * layout.horizon() * 0.75;
            double r = 0.6 + rnd.nextDouble() * 1.6 * layout.unit();
            g.setColor(alpha(rgb(0xFFF6E0), 0.25 + rnd.nextDouble() * 0.65));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
    }

    private void clouds() {
        int n = 3 + rnd.nextInt(3);
        Color base = look.time() == SceneLook.TimeOfDay.NIGHT ? rgb(0x8090B8) : rgb(0xFFFFFF);
        double a = look.time() == SceneLook.TimeOfDay.NIGHT ? 0.07 : look.rain() ? 0.16 : 0.11;
        for (int i = 0; i < n; i++) {
            double cx = rnd.nextDouble() * w;
            double cy = layout.horizon() * (0.12 + rnd.nextDouble() * 0.5);
            double cw = w * (0.25 + rnd.nextDouble() * 0.3);
            double ch = cw * 0.09;
            for (int k = 0; k < 12; k++) {
                double ex = cx + (rnd.nextDouble() - 0.5) * cw;
                double ew = cw * (0.25 + rnd.nextDouble() * 0.35);
                double eh = ch * (0.6 + rnd.nextDouble() * 0.9);
                g.setColor(alpha(base, a * (0.5 + rnd.nextDouble() * 0.5)));
                g.fill(new Ellipse2D.Double(ex - ew / 2, cy - eh / 2, ew, eh));
            }
        }
    }

    private void celestial() {
        double r = Math.min(w, h) * 0.065;
        boolean night = look.time() == SceneLook.TimeOfDay.NIGHT;
        double x = w * (rnd.nextBoolean() ? 0.72 + rnd.nextDouble() * 0.1 : 0.18 + rnd.nextDouble() * 0.1);
        double y = switch (look.time()) {
            case NIGHT -> layout.horizon() * (0.22 + rnd.nextDouble() * 0.1);
            case DUSK, DAWN -> layout.horizon() - r * (1.4 + rnd.nextDouble() * 0.8);
            case DAY -> layout.horizon() * (0.18 + rnd.nextDouble() * 0.1);
        };
        Color disc = night ? rgb(0xF6F0D6) : look.time() == SceneLook.TimeOfDay.DAY ? rgb(0xFFF8E0) : rgb(0xFFC27A);
        Color glow = night ? rgb(0xCFD8FF) : look.time() == SceneLook.TimeOfDay.DAY ? rgb(0xFFFFFF) : rgb(0xFF9A50);
        double veil = look.rain() ? 0.25 : look.fog() ? 0.55 : 1.0;
        g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), (float) (r * 5), new float[]{0f, 0.25f, 1f},
                new Color[]{alpha(glow, 0.45 * veil), alpha(glow, 0.16 * veil), alpha(glow, 0)}));
        g.fill(new Ellipse2D.Double(x - r * 5, y - r * 5, r * 10, r * 10));
        if (!look.rain()) {
            g.setColor(alpha(disc, 0.95 * veil));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            if (night) {
                g.setColor(alpha(rgb(0xB9B39A), 0.25));
                for (int i = 0; i < 4; i++) {
                    double cr = r * (0.12 + rnd.nextDouble() * 0.18);
                    double ox = (rnd.nextDouble() - 0.5) * r;
                    double oy = (rnd.nextDouble() - 0.5) * r;
                    g.fill(new Ellipse2D.Double(x + ox - cr, y + oy - cr, 2 * cr, 2 * cr));
                }
            }
        }
        moonX = x;
        moonY = y;
    }

    private void mountains() {
        int layers = look.mountains() ? 3 : 1;
        double horizon = layout.horizon();
        for (int i = 0; i < layers; i++) {
            double amp = look.mountains() ? horizon * (0.42 - 0.11 * i) : horizon * 0.1;
            double base = horizon + 2;
            double[] ridge = ridge(257, 0.58);
            Path2D.Double p = new Path2D.Double();
            p.moveTo(0, base);
            for (int k = 0; k < ridge.length; k++) {
                double x = w * k / (ridge.length - 1.0);
                p.lineTo(x, base - amp * (0.25 + 0.75 * ridge[k]));
            }
            p.lineTo(w, base);
            p.closePath();
            Color top = look.mountain(i, layers);
            Color mist = mix(top, look.sky()[2], look.mountains() ? 0.55 : 0.3);
            g.setPaint(new GradientPaint(0, (float) (base - amp), top, 0, (float) base, mist));
            g.fill(p);
        }
    }

    /** Midpoint-displacement ridge heights in [0, 1]. */
    private double[] ridge(int n, double roughness) {
        double[] y = new double[n];
        y[0] = rnd.nextDouble();
        y[n - 1] = rnd.nextDouble();
        double spread = 1;
        for (int step = n - 1; step > 1; step /= 2) {
            for (int i = step / 2; i < n; i += step) {
                y[i] = (y[i - step / 2] + y[Math.min(n - 1, i + step / 2)]) / 2 + (rnd.nextDouble() - 0.5) * spread;
            }
            spread *= roughness;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < n; i++) {
            y[i] = max > min ? (y[i] - min) / (max - min) : 0.5;
        }
        return y;
    }

    private void town() {
        double horizon = layout.horizon();
        Color body = mix(look.mountain(2, 3), rgb(0x05060A), 0.45);
        boolean night = look.time() == SceneLook.TimeOfDay.NIGHT || look.time() == SceneLook.TimeOfDay.DUSK;
        double x = -w * 0.02;
        while (x < w) {
            double bw = w * (0.09 + rnd.nextDouble() * 0.09);
            double bh = layout.height() * (0.035 + rnd.nextDouble() * 0.06);
            if (rnd.nextDouble() < 0.2) {
                bh *= 1.8;
            }
            double y0 = horizon - bh;
            g.setColor(body);
            g.fill(new Rectangle2D.Double(x, y0, bw, bh + 3));
            roof(x, y0, bw, body);
            if (bh > layout.height() * 0.07) {
                roof(x + bw * 0.08, y0 + bh * 0.45, bw * 0.84, body);
            }
            if (night) {
                int windows = 1 + rnd.nextInt(3);
                for (int i = 0; i < windows; i++) {
                    double ww = bw * 0.12;
                    double wx = x + bw * (0.15 + 0.7 * (i + 0.5) / windows) - ww / 2;
                    double wy = y0 + bh * 0.35;
                    g.setColor(alpha(rgb(0xFFC870), 0.55 + rnd.nextDouble() * 0.35));
                    g.fill(new Rectangle2D.Double(wx, wy, ww, ww * 1.3));
                }
            }
            x += bw * (0.85 + rnd.nextDouble() * 0.5);
        }
    }

    /** A Chinese roof with upturned eaves over a body at {@code x0, y0} of width {@code bw}. */
    private void roof(double x0, double y0, double bw, Color color) {
        double ext = bw * 0.12;
        double rh = bw * 0.3;
        GeneralPath p = new GeneralPath();
        p.moveTo(x0 - ext, y0 - rh * 0.3);
        p.quadTo(x0 + bw * 0.12, y0 - rh * 0.2, x0 + bw * 0.25, y0 - rh);
        p.lineTo(x0 + bw * 0.75, y0 - rh);
        p.quadTo(x0 + bw * 0.88, y0 - rh * 0.2, x0 + bw + ext, y0 - rh * 0.3);
        p.lineTo(x0 + bw + ext * 0.4, y0 + rh * 0.05);
        p.lineTo(x0 - ext * 0.4, y0 + rh * 0.05);
        p.closePath();
        g.setColor(mix(color, rgb(0x000000), 0.25));
        g.fill(p);
        g.setStroke(new BasicStroke((float) Math.max(2, rh * 0.08), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x0 + bw * 0.22, y0 - rh, x0 + bw * 0.78, y0 - rh));
    }

    private void water() {
        double top = layout.horizon();
        Color[] c = look.waterColors();
        g.setPaint(new GradientPaint(0, (float) top, c[0], 0, h, c[1]));
        g.fill(new Rectangle2D.Double(0, top, w, h - top));
        Color shine = mix(look.sky()[2], rgb(0xFFFFFF), 0.3);
        int lines = (int) (w * (double) h / 6000);
        for (int i = 0; i < lines; i++) {
            double t = Math.pow(rnd.nextDouble(), 1.6);
            double y = top + t * (h - top);
            double len = w * (0.01 + 0.05 * t) * (0.5 + rnd.nextDouble());
            double x = rnd.nextDouble() * w;
            g.setStroke(new BasicStroke((float) (0.8 + 2.2 * t * layout.unit()), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            g.setColor(alpha(shine, 0.06 + 0.16 * (1 - t)));
            g.draw(new Line2D.Double(x, y, x + len, y));
        }
        if (moonX >= 0 && !look.rain()) {
            Color glow = look.time() == SceneLook.TimeOfDay.NIGHT ? rgb(0xF6F0D6) : rgb(0xFFC27A);
            double r = Math.min(w, h) * 0.065;
            for (int i = 0; i < 40; i++) {
                double y = top + (h - top) * 0.5 * i / 40.0 + rnd.nextDouble() * 4;
                double half = r * (0.3 + rnd.nextDouble() * 0.9) * (1 - i / 60.0);
                g.setStroke(new BasicStroke((float) (1.5 * layout.unit()), BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                g.setColor(alpha(glow, 0.45 * (1 - i / 40.0)));
                g.draw(new Line2D.Double(moonX - half, y, moonX + half, y));
            }
        }
        if (look.boat()) {
            boat();
        }
    }

    private void boat() {
        double bw = w * 0.16;
        double x = rnd.nextBoolean() ? w * (0.1 + rnd.nextDouble() * 0.12) : w * (0.68 + rnd.nextDouble() * 0.1);
        double y = layout.horizon() + (layout.shore() - layout.horizon()) * (0.45 + rnd.nextDouble() * 0.2);
        Color dark = rgb(0x0C0D12);
        GeneralPath hull = new GeneralPath();
        hull.moveTo(x, y - bw * 0.06);
        hull.quadTo(x + bw * 0.5, y + bw * 0.12, x + bw, y - bw * 0.08);
        hull.quadTo(x + bw * 0.5, y + bw * 0.02, x, y - bw * 0.06);
        g.setColor(dark);
        g.fill(hull);
        g.fill(new Ellipse2D.Double(x + bw * 0.3, y - bw * 0.2, bw * 0.36, bw * 0.22));
        g.setStroke(new BasicStroke((float) (2 * layout.unit())));
        g.draw(new Line2D.Double(x + bw * 0.88, y - bw * 0.08, x + bw * 1.02, y - bw * 0.5));
        g.setColor(alpha(dark, 0.25));
        g.fill(new Ellipse2D.Double(x, y + bw * 0.02, bw, bw * 0.05));
    }

    /** The foreground ground (or river bank) the characters stand on. */
    private void bank() {
        double shore = layout.shore();
        double start = look.water() ? shore : layout.horizon() + 1;
        Color[] c = look.ground();
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, h);
        double[] ridge = ridge(65, 0.5);
        double amp = look.water() ? (layout.foot() - shore) * 0.35 : (layout.foot() - start) * 0.15;
        for (int k = 0; k < ridge.length; k++) {
            double x = w * k / (ridge.length - 1.0);
            p.lineTo(x, start + amp * ridge[k]);
        }
        p.lineTo(w, h);
        p.closePath();
        g.setPaint(new GradientPaint(0, (float) start, c[0], 0, h, c[1]));
        g.fill(p);
        g.setColor(alpha(mix(c[0], rgb(0xFFFFFF), 0.2), 0.18));
        for (int i = 0; i < 60; i++) {
            double x = rnd.nextDouble() * w;
            double y = start + amp + rnd.nextDouble() * (h - start - amp);
            double len = w * 0.02 * (0.5 + rnd.nextDouble());
            g.setStroke(new BasicStroke((float) (1.2 * layout.unit())));
            g.draw(new Line2D.Double(x, y, x + len, y - len * 0.1));
        }
    }

    /** Reeds at both sides of the river bank, in front of the water. */
    private void reeds() {
        Color dark = mix(look.ground()[1], rgb(0x000000), 0.35);
        for (int side = 0; side < 2; side++) {
            double centre = side == 0 ? w * 0.06 : w * 0.94;
            for (int i = 0; i < 14; i++) {
                double x = centre + (rnd.nextDouble() - 0.5) * w * 0.14;
                double base = layout.foot() + layout.height() * (0.01 + rnd.nextDouble() * 0.05);
                double tall = layout.height() * (0.08 + rnd.nextDouble() * 0.1);
                double bend = (rnd.nextDouble() - 0.5) * tall * 0.5;
                GeneralPath blade = new GeneralPath();
                blade.moveTo(x - 2 * layout.unit(), base);
                blade.quadTo(x + bend * 0.3, base - tall * 0.6, x + bend, base - tall);
                blade.quadTo(x + bend * 0.3 + 3 * layout.unit(), base - tall * 0.6, x + 2 * layout.unit(), base);
                blade.closePath();
                g.setColor(dark);
                g.fill(blade);
                if (rnd.nextDouble() < 0.35) {
                    Graphics2D head = (Graphics2D) g.create();
                    head.translate(x + bend, base - tall);
                    head.rotate(Math.atan2(bend, tall) * 0.6);
                    double hl = tall * 0.14;
                    head.setColor(mix(dark, look.sky()[2], 0.25));
                    head.fill(new Ellipse2D.Double(-hl * 0.12, -hl, hl * 0.24, hl));
                    head.dispose();
                }
            }
        }
    }

    private void trees() {
        Color dark = mix(look.ground()[1], rgb(0x020304), 0.55);
        for (int side = 0; side < 2; side++) {
            int n = look.bamboo() ? 5 : 2;
            for (int i = 0; i < n; i++) {
                double x = side == 0 ? w * (0.01 + rnd.nextDouble() * 0.14) : w * (0.85 + rnd.nextDouble() * 0.14);
                double base = layout.foot() + layout.height() * 0.02 * rnd.nextDouble();
                if (look.bamboo()) {
                    bamboo(x, base, dark);
                } else {
                    tree(x, base, dark);
                }
            }
        }
    }

    private void bamboo(double x, double base, Color color) {
        double top = layout.height() * (0.02 + rnd.nextDouble() * 0.15);
        double sw = Math.max(3, w * 0.008);
        g.setColor(color);
        g.fill(new RoundRectangle2D.Double(x - sw / 2, top, sw, base - top, sw, sw));
        g.setStroke(new BasicStroke((float) (sw * 0.35)));
        g.setColor(mix(color, rgb(0x000000), 0.4));
        for (double y = top + 40; y < base; y += layout.height() * 0.06) {
            g.draw(new Line2D.Double(x - sw * 0.7, y, x + sw * 0.7, y));
        }
        g.setColor(color);
        for (int k = 0; k < 7; k++) {
            double ly = top + rnd.nextDouble() * (base - top) * 0.6;
            double len = w * (0.03 + rnd.nextDouble() * 0.03);
            double angle = (rnd.nextBoolean() ? 1 : -1) * (0.3 + rnd.nextDouble() * 0.6);
            Graphics2D leaf = (Graphics2D) g.create();
            leaf.translate(x, ly);
            leaf.rotate(angle);
            leaf.fill(new Ellipse2D.Double(0, -len * 0.09, len, len * 0.18));
            leaf.dispose();
        }
    }

    private void tree(double x, double base, Color color) {
        double height = layout.height() * (0.25 + rnd.nextDouble() * 0.15);
        double tw = Math.max(4, w * 0.014);
        g.setColor(color);
        g.fill(new Rectangle2D.Double(x - tw / 2, base - height, tw, height));
        double cr = w * (0.07 + rnd.nextDouble() * 0.04);
        for (int k = 0; k < 6; k++) {
            double cx = x + (rnd.nextDouble() - 0.5) * cr * 1.6;
            double cy = base - height + (rnd.nextDouble() - 0.5) * cr;
            double r = cr * (0.5 + rnd.nextDouble() * 0.5);
            g.fill(new Ellipse2D.Double(cx - r, cy - r * 0.7, 2 * r, 1.4 * r));
        }
    }

    private void lanterns() {
        int n = 3 + rnd.nextInt(3);
        double r = Math.min(w, h) * 0.032;
        for (int i = 0; i < n; i++) {
            double x = w * (i + 0.5 + (rnd.nextDouble() - 0.5) * 0.4) / n;
            double y = layout.horizon() * (0.28 + rnd.nextDouble() * 0.2);
            g.setStroke(new BasicStroke((float) (1.5 * layout.unit())));
            g.setColor(alpha(rgb(0x1A1010), 0.8));
            g.draw(new Line2D.Double(x, 0, x, y - r * 1.3));
            g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), (float) (r * 4), new float[]{0f, 1f},
                    new Color[]{alpha(rgb(0xFF8A3C), 0.45), alpha(rgb(0xFF8A3C), 0)}));
            g.fill(new Ellipse2D.Double(x - r * 4, y - r * 4, r * 8, r * 8));
            g.setPaint(new RadialGradientPaint(new Point2D.Double(x - r * 0.3, y - r * 0.3), (float) (r * 1.6),
                    new float[]{0f, 1f}, new Color[]{rgb(0xFF6A3D), rgb(0xA8141C)}));
            g.fill(new Ellipse2D.Double(x - r, y - r * 1.2, 2 * r, 2.4 * r));
            g.setColor(rgb(0xD9A441));
            g.fill(new Rectangle2D.Double(x - r * 0.45, y - r * 1.35, r * 0.9, r * 0.25));
            g.fill(new Rectangle2D.Double(x - r * 0.45, y + r * 1.1, r * 0.9, r * 0.25));
            g.setColor(rgb(0xB01E1E));
            g.draw(new Line2D.Double(x, y + r * 1.35, x, y + r * 2.1));
        }
    }

    private void fog() {
        Color white = mix(look.sky()[2], rgb(0xFFFFFF), 0.5);
        for (int i = 0; i < 4; i++) {
            double cy = layout.horizon() + (rnd.nextDouble() - 0.6) * layout.height() * 0.2;
            double bh = layout.height() * (0.05 + rnd.nextDouble() * 0.06);
            g.setPaint(new LinearGradientPaint(0, (float) (cy - bh), 0, (float) (cy + bh), new float[]{0f, 0.5f, 1f},
                    new Color[]{alpha(white, 0), alpha(white, 0.32), alpha(white, 0)}));
            g.fill(new Rectangle2D.Double(0, cy - bh, w, 2 * bh));
        }
    }

    private void fireGlow() {
        g.setPaint(new RadialGradientPaint(new Point2D.Double(w * 0.5, h), (float) (Math.max(w, h) * 0.6),
                new float[]{0f, 1f}, new Color[]{alpha(rgb(0xFF6A20), 0.45), alpha(rgb(0xFF6A20), 0)}));
        g.fill(new Rectangle2D.Double(0, 0, w, h));
    }

    private void embers() {
        int n = (int) (w * (double) h / 25000);
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * w;
            double y = h * (0.35 + rnd.nextDouble() * 0.6);
            double r = (1 + rnd.nextDouble() * 2.5) * layout.unit();
            g.setColor(alpha(rgb(0xFFB040), 0.4 + rnd.nextDouble() * 0.5));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
    }

    private void rain() {
        g.setColor(alpha(rgb(0x000010), 0.15));
        g.fill(new Rectangle2D.Double(0, 0, w, h));
        int n = (int) (w * (double) h / 2500);
        double slant = 0.18;
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * (w + h * slant) - h * slant * 0.5;
            double y = rnd.nextDouble() * h;
            double len = h * (0.025 + rnd.nextDouble() * 0.035);
            g.setStroke(new BasicStroke((float) ((0.8 + rnd.nextDouble()) * layout.unit()), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            g.setColor(alpha(rgb(0xDDE6F5), 0.12 + rnd.nextDouble() * 0.2));
            g.draw(new Line2D.Double(x, y, x - len * slant, y + len));
        }
    }

    private void snow() {
        int n = (int) (w * (double) h / 4000);
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * w;
            double y = rnd.nextDouble() * h;
            double r = (1.2 + rnd.nextDouble() * 3) * layout.unit();
            g.setColor(alpha(rgb(0xFFFFFF), 0.5 + rnd.nextDouble() * 0.45));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
    }

    private void moodOverlay() {
        switch (look.mood()) {
            case SAD -> {
                g.setColor(alpha(rgb(0x3A4A66), 0.12));
                g.fill(new Rectangle2D.Double(0, 0, w, h));
            }
            case TENSE -> {
                g.setPaint(new RadialGradientPaint(new Point2D.Double(w / 2.0, h / 2.0), (float) (Math.max(w, h) * 0.7),
                        new float[]{0.5f, 1f}, new Color[]{alpha(rgb(0x800000), 0), alpha(rgb(0x800000), 0.4)}));
                g.fill(new Rectangle2D.Double(0, 0, w, h));
            }
            case MYSTIC -> {
                g.setPaint(new RadialGradientPaint(new Point2D.Double(w / 2.0, layout.horizon()),
                        (float) (Math.max(w, h) * 0.5), new float[]{0f, 1f},
                        new Color[]{alpha(rgb(0xB48CFF), 0.18), alpha(rgb(0xB48CFF), 0)}));
                g.fill(new Rectangle2D.Double(0, 0, w, h));
            }
            default -> {
            }
        }
    }

    private void vignette() {
        g.setPaint(new RadialGradientPaint(new Point2D.Double(w / 2.0, h * 0.45), (float) (Math.hypot(w, h) * 0.6),
                new float[]{0.55f, 1f}, new Color[]{alpha(rgb(0x000000), 0), alpha(rgb(0x000000), 0.5)}));
        g.fill(new Rectangle2D.Double(0, 0, w, h));
    }
}
