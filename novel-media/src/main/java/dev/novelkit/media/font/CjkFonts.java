package dev.novelkit.media.font;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds a font on this machine that can display Chinese, for story cards and burned-in subtitles, so text is never
 * drawn as empty boxes.
 *
 * <p>Search order: the system property {@code novelkit.cjkFont} or the environment variable
 * {@code NOVELKIT_CJK_FONT} (a font file; an error if it cannot display Chinese), then {@code fc-list :lang=zh},
 * then the usual font folders ({@code /usr/share/fonts/**}: {@code wqy*}, {@code Noto*CJK*}, Source Han, Droid
 * fallback; macOS and Windows folders too). Every candidate is loaded and checked with
 * {@code font.canDisplayUpTo("中文字幕") == -1}. The first hit is cached for the life of the JVM.
 */
public final class CjkFonts {
    /** The text every candidate must display completely. */
    public static final String SAMPLE = "中文字幕";
    /** Environment variable naming a font file to use instead of searching. */
    public static final String ENV = "NOVELKIT_CJK_FONT";
    /** System property naming a font file to use instead of searching (wins over {@link #ENV}). */
    public static final String PROPERTY = "novelkit.cjkFont";

    static final String INSTALL_HINT = "install one (Debian/Ubuntu: sudo apt-get install fonts-wqy-microhei, or "
            + "fonts-noto-cjk) or point " + ENV + " at a .ttf/.ttc/.otf file that has Chinese glyphs";

    private static final List<String> NAME_HINTS = List.of("wqy", "cjk", "notosanssc", "notoserifsc",
            "notosanstc", "sourcehan", "droidsansfallback", "msyh", "simhei", "simsun", "simkai", "pingfang",
            "stheiti", "hiragino sans gb", "uming", "ukai", "arphic");
    private static volatile CjkFont cached;

    private CjkFonts() {
    }

    /**
     * The first font on this machine that can display Chinese (cached), or, when there is none, the WenQuanYi Micro
     * Hei font bundled in the jar.
     *
     * @throws NovelKitException naming the places searched and the Debian packages {@code fonts-wqy-microhei} /
     *                           {@code fonts-noto-cjk} when there is none
     * @throws InvalidInputException when {@code NOVELKIT_CJK_FONT}/{@code novelkit.cjkFont} names a file that is
     *                               missing or cannot display Chinese
     */
    public static CjkFont find() {
        CjkFont font = cached;
        if (font == null) {
            synchronized (CjkFonts.class) {
                font = cached;
                if (font == null) {
                    String explicit = System.getProperty(PROPERTY);
                    if (explicit == null || explicit.isBlank()) {
                        explicit = System.getenv(ENV);
                    }
                    try {
                        font = search(explicit, true, defaultRoots());
                    } catch (InvalidInputException e) {
                        throw e;
                    } catch (NovelKitException none) {
                        font = bundled().orElseThrow(() -> none);
                    }
                    cached = font;
                }
            }
        }
        return font;
    }

    /** The font NovelKit ships in its jar. */
    static final String BUNDLED = "/dev/novelkit/media/font/wqy-microhei.ttc";

    /**
     * WenQuanYi Micro Hei from the jar (Apache-2.0), copied once into the temporary folder so Java2D can open it:
     * used when the machine has no Chinese font of its own.
     */
    static Optional<CjkFont> bundled() {
        try (java.io.InputStream in = CjkFonts.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                return Optional.empty();
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "novelkit-fonts");
            Path file = dir.resolve("wqy-microhei-0.2.0.ttc");
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(dir);
                dev.novelkit.core.io.AtomicFiles.write(file, in::transferTo);
            }
            return Optional.of(load(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #find()}, but empty instead of an error when no font is installed. */
    public static Optional<CjkFont> lookup() {
        try {
            return Optional.of(find());
        } catch (InvalidInputException e) {
            throw e;
        } catch (NovelKitException e) {
            return Optional.empty();
        }
    }

    /**
     * Loads {@code file} and checks it can display Chinese. In a {@code .ttc} collection the first Chinese face is
     * taken, preferring a proportional (not "Mono") Simplified Chinese one.
     *
     * @throws InvalidInputException naming the file when it is missing, not a font, or has no Chinese glyphs
     */
    public static CjkFont load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.toString(), "font file not found");
        }
        Font[] faces;
        try {
            faces = Font.createFonts(file.toFile());
        } catch (FontFormatException | IOException e) {
            throw new InvalidInputException(file.toString(), "not a readable TrueType/OpenType font: "
                    + e.getMessage(), e);
        }
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i < faces.length; i++) {
            if (faces[i].canDisplayUpTo(SAMPLE) != -1) {
                continue;
            }
            int rank = faceRank(faces[i]);
            if (rank < bestRank) {
                best = i;
                bestRank = rank;
            }
        }
        if (best < 0) {
            throw new InvalidInputException(file.toString(), "font cannot display Chinese (\"" + SAMPLE + "\"); "
                    + INSTALL_HINT);
        }
        return new CjkFont(file.toAbsolutePath(), best, faces[best]);
    }

    /** The search, with the places to look passed in (tests use their own folders). */
    static CjkFont search(String explicit, boolean useFontconfig, List<Path> roots) {
        if (explicit != null && !explicit.isBlank()) {
            return load(Path.of(explicit.strip()));
        }
        Set<Path> candidates = new LinkedHashSet<>();
        if (useFontconfig) {
            candidates.addAll(fontconfigCandidates());
        }
        candidates.addAll(folderCandidates(roots));
        List<Path> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingInt(CjkFonts::fileRank));
        for (Path candidate : ordered) {
            try {
                return load(candidate);
            } catch (InvalidInputException e) {
                // not usable: try the next one
            }
        }
        throw new NovelKitException("no font that can display Chinese (\"" + SAMPLE + "\") was found; searched "
                + (useFontconfig ? "fc-list :lang=zh, " : "") + roots + " (" + ordered.size()
                + " candidate files); " + INSTALL_HINT);
    }

    static List<Path> defaultRoots() {
        String home = System.getProperty("user.home", "");
        List<Path> roots = new ArrayList<>();
        for (String dir : List.of("/usr/share/fonts", "/usr/local/share/fonts", home + "/.local/share/fonts",
                home + "/.fonts", "/System/Library/Fonts", "/Library/Fonts", "C:\\Windows\\Fonts")) {
            if (!dir.isBlank()) {
                roots.add(Path.of(dir));
            }
        }
        return roots;
    }

    /** {@code fc-list :lang=zh file}, if fontconfig is installed; empty otherwise. */
    private static List<Path> fontconfigCandidates() {
        List<Path> files = new ArrayList<>();
        Process process = null;
        try {
            process = new ProcessBuilder("fc-list", "-f", "%{file}\\n", ":lang=zh")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readNBytes(1 << 20);
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                return files;
            }
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                String path = line.strip();
                if (path.endsWith(":")) {
                    path = path.substring(0, path.length() - 1);
                }
                if (isFontFile(path)) {
                    files.add(Path.of(path));
                }
            }
        } catch (IOException e) {
            // no fontconfig: the folder search below still runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process != null) {
                process.destroy();
            }
        }
        return files;
    }

    private static List<Path> folderCandidates(List<Path> roots) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), 8,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                                if (isFontFile(name) && NAME_HINTS.stream().anyMatch(name::contains)) {
                                    files.add(file);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                // unreadable folder: skip it
            }
        }
        return files;
    }

    private static boolean isFontFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".ttf") || n.endsWith(".ttc") || n.endsWith(".otf") || n.endsWith(".otc");
    }

    /** Sans-serif, widely installed, Simplified Chinese faces first. */
    private static int fileRank(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("wqy-microhei") || n.contains("wqy_microhei")) {
            return 0;
        }
        if (n.contains("wqy-zenhei")) {
            return 1;
        }
        if (n.contains("notosanscjk") || n.contains("notosanssc") || n.contains("sourcehansans")) {
            return n.contains("bold") || n.contains("black") || n.contains("light") || n.contains("thin") ? 3 : 2;
        }
        if (n.contains("msyh") || n.contains("pingfang") || n.contains("simhei")) {
            return 4;
        }
        if (n.contains("cjk") || n.contains("sourcehan")) {
            return 5;
        }
        if (n.contains("droidsansfallback")) {
            return 6;
        }
        return 9;
    }

    private static int faceRank(Font face) {
        String name = (face.getFontName(Locale.ENGLISH) + " " + face.getFamily(Locale.ENGLISH)).toLowerCase(Locale.ROOT);
        int rank = 0;
        if (name.contains("mono")) {
            rank += 4;
        }
        if (!(name.contains(" sc") || name.contains("cn") || name.contains("gb") || name.contains("wenquanyi"))) {
            rank += 2;
        }
        if (name.contains("bold") || name.contains("light") || name.contains("thin") || name.contains("black")) {
            rank += 1;
        }
        return rank;
    }
}
