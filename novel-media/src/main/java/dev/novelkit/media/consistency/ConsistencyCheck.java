package dev.novelkit.media.consistency;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.media.internal.frames.Pictures;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Measures how alike each character looks in each shot and on their sheet, and writes a {@link ConsistencyReport}.
 * Where the character's position in the picture is known (the offline story cards), the {@link ColourSignature}s
 * of their figure on the sheet and in the picture are compared; elsewhere a {@link VisionJudge}, when one is set,
 * looks at both pictures; without one the appearance is reported as not measured. A character drifts when the
 * similarity is below the {@link #threshold(double) threshold} (or the vision model says so). Immutable settings.
 */
public final class ConsistencyCheck {
    /** The default threshold: below it, a character counts as drifted. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** How the offline measure is named in reports. */
    public static final String FIGURE_COLOURS = "figure colours";

    private final double threshold;
    private final VisionJudge vision;

    private ConsistencyCheck(double threshold, VisionJudge vision) {
        this.threshold = threshold;
        this.vision = vision;
    }

    /** Threshold {@value #DEFAULT_THRESHOLD}, no vision model. */
    public static ConsistencyCheck defaults() {
        return new ConsistencyCheck(DEFAULT_THRESHOLD, null);
    }

    /** Below this similarity (0..1) a character counts as drifted. */
    public ConsistencyCheck threshold(double value) {
        return new ConsistencyCheck(Require.between("threshold", value, 0, 1), vision);
    }

    /** The vision model that compares pictures where no figure position is known; null: none. */
    public ConsistencyCheck vision(VisionJudge value) {
        return new ConsistencyCheck(threshold, value);
    }

    /**
     * Checks every shot. Pictures and sheets are named in the report relative to {@code root} (the output folder).
     * A vision model that fails for one appearance leaves it unmeasured with the reason; it does not stop the check.
     *
     * @param notes lines to keep in the report (backends that take no references, said once)
     */
    public ConsistencyReport check(List<ShotPicture> shots, Path root, List<String> notes) {
        Map<String, ColourSignature> sheets = new HashMap<>();
        Set<String> allNotes = new LinkedHashSet<>(notes);
        List<ConsistencyReport.ShotResult> results = new ArrayList<>();
        for (ShotPicture shot : shots) {
            BufferedImage picture = null;
            List<ConsistencyReport.CharacterResult> characters = new ArrayList<>();
            for (ShotPicture.Appearance a : shot.characters()) {
                String sheetName = shown(root, a.sheet());
                if (a.inPicture() != null) {
                    if (picture == null) {
                        picture = read(shot.picture());
                    }
                    ColourSignature there = ColourSignature.of(picture, a.inPicture());
                    ColourSignature sheet = sheets.computeIfAbsent(a.sheet() + "#" + a.inSheet(),
                            k -> ColourSignature.of(read(a.sheet()), a.inSheet()));
                    double similarity = there.similarity(sheet);
                    characters.add(new ConsistencyReport.CharacterResult(a.name(), sheetName, similarity,
                            FIGURE_COLOURS, similarity < threshold, a.inSheet() == null
                            ? "compared with the whole sheet picture (its figure's place is not known)" : ""));
                } else if (vision != null) {
                    characters.add(judge(a, shot.picture(), sheetName));
                } else {
                    allNotes.add("pictures from remote backends are not measured without a vision model "
                            + "(the offline measure needs the story card's figure positions)");
                    characters.add(new ConsistencyReport.CharacterResult(a.name(), sheetName, null, "not measured",
                            false, "no vision model configured"));
                }
            }
            results.add(new ConsistencyReport.ShotResult(shot.shot(), shown(root, shot.picture()), shot.references(),
                    characters));
        }
        return new ConsistencyReport(threshold, new ArrayList<>(allNotes), results);
    }

    private ConsistencyReport.CharacterResult judge(ShotPicture.Appearance a, Path picture, String sheetName) {
        try {
            VisionJudge.Verdict v = vision.compare(a.name(), a.look(), a.sheet(), picture);
            return new ConsistencyReport.CharacterResult(a.name(), sheetName, v.similarity(), vision.name(),
                    v.drifted() || v.similarity() < threshold, v.reason());
        } catch (BackendException | InvalidInputException e) {
            return new ConsistencyReport.CharacterResult(a.name(), sheetName, null, "not measured", false,
                    vision.name() + " failed: " + e.getMessage());
        }
    }

    private static BufferedImage read(Path file) {
        return Pictures.read(Objects.requireNonNull(file, "file"));
    }

    private static String shown(Path root, Path file) {
        if (root != null && file.isAbsolute() == root.isAbsolute() && file.startsWith(root)) {
            return root.relativize(file).toString().replace('\\', '/');
        }
        return file.toString();
    }

    /** How it measures, for reports: "figure colours", or "figure colours, vision model X". */
    public String name() {
        return vision == null ? FIGURE_COLOURS : FIGURE_COLOURS + ", " + vision.name();
    }

    @Override
    public String toString() {
        return "ConsistencyCheck[threshold=" + threshold + ", vision=" + (vision == null ? "none" : vision.name()) + "]";
    }
}
