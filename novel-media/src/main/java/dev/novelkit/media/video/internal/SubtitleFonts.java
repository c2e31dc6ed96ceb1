package dev.novelkit.media.video.internal;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds a font that can draw Chinese for subtitles: a named family, else a well-known CJK family installed on the
 * system, else any installed family that can, else a CJK font file in the usual font folders. Never draws empty
 * boxes: fails with advice instead. (A private finder until the shared {@code CjkFonts} lands.) Not public API.
 */
public final class SubtitleFonts {
    private static final String SAMPLE = "中文字幕，渡口的灯";
    private static final List<String> PREFERRED = List.of("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC",
            "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
            "SimHei", "Droid Sans Fallback", "AR PL UMing CN", "Noto Serif CJK SC");
    private static final List<String> FONT_DIRS = List.of("/usr/share/fonts", "/usr/local/share/fonts",
            System.getProperty("user.home") + "/.fonts", System.getProperty("user.home") + "/.local/share/fonts",
            "/System/Library/Fonts", "/Library/Fonts", "C:\\Windows\\Fonts");
    private static final ConcurrentHashMap<String, Font> CACHE = new ConcurrentHashMap<>();

    private SubtitleFonts() {
    }

    /** A plain font of {@code family} (blank = find one) that can draw {@code text}, at size 1 (derive the size). */
    public static Font find(String family, String text) {
        Font base = CACHE.computeIfAbsent(family == null ? "" : family.strip(), SubtitleFonts::locate);
        if (text != null && !text.isEmpty() && base.canDisplayUpTo(text) >= 0) {
            int bad = text.codePointAt(base.canDisplayUpTo(text));
            if (!Character.isWhitespace(bad) && Character.getType(bad) != Character.CONTROL) {
                // the text has characters this font lacks (rare symbols): let Java's logical font fill in if it can
                Font logical = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
                if (logical.canDisplayUpTo(text) < 0) {
                    return logical;
                }
            }
        }
        return base;
    }

    private static Font locate(String family) {
        if (!family.isEmpty()) {
            Font f = new Font(family, Font.PLAIN, 1);
            if (!f.getFamily(Locale.ROOT).equalsIgnoreCase(family) && !f.getFontName(Locale.ROOT).equalsIgnoreCase(family)) {
                throw new InvalidInputException("subtitles.style.fontFamily", "font '" + family + "' is not installed");
            }
            return f;
        }
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT));
        for (String name : PREFERRED) {
            if (installed.contains(name)) {
                Font f = new Font(name, Font.PLAIN, 1);
                if (f.canDisplayUpTo(SAMPLE) < 0) {
                    return f;
                }
            }
        }
        for (String name : installed) {
            Font f = new Font(name, Font.PLAIN, 1);
            if (!isLogical(name) && f.canDisplayUpTo(SAMPLE) < 0) {
                return f;
            }
        }
        for (Path file : candidateFiles()) {
            try {
                Font f = Font.createFont(Font.TRUETYPE_FONT, file.toFile());
                if (f.canDisplayUpTo(SAMPLE) < 0) {
                    return f.deriveFont(Font.PLAIN, 1f);
                }
            } catch (FontFormatException | IOException e) {
                // not usable, try the next one
            }
        }
        Font logical = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
        if (logical.canDisplayUpTo(SAMPLE) < 0) {
            return logical;
        }
        throw new NovelKitException("no font that can draw Chinese subtitles was found; install one "
                + "(Debian: apt-get install fonts-wqy-microhei) or name one in subtitles.style.fontFamily");
    }

    private static boolean isLogical(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "dialog", "dialoginput", "monospaced", "serif", "sansserif" -> true;
            default -> false;
        };
    }

    private static List<Path> candidateFiles() {
        List<Path> out = new ArrayList<>();
        for (String dir : FONT_DIRS) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d, 4)) {
                s.filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return (n.endsWith(".ttf") || n.endsWith(".ttc") || n.endsWith(".otf"))
                            && (n.contains("wqy") || n.contains("cjk") || n.contains("noto") && n.contains("sc")
                            || n.contains("droidsansfallback") || n.contains("sourcehan") || n.contains("msyh")
                            || n.contains("simhei") || n.contains("pingfang") || n.contains("uming"));
                }).sorted().forEach(out::add);
            } catch (IOException | RuntimeException e) {
                // unreadable folder: skip
            }
        }
        return out;
    }
}
