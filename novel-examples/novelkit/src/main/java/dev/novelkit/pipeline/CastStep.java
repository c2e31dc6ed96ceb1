package dev.novelkit.pipeline;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.media.cast.Cast;
import dev.novelkit.media.cast.CharacterLook;
import dev.novelkit.media.consistency.ConsistencyCheck;
import dev.novelkit.media.consistency.ConsistencyReport;
import dev.novelkit.media.consistency.ShotPicture;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.prompt.ImagePrompt;
import dev.novelkit.media.prompt.ImagePromptBuilder;
import dev.novelkit.media.prompt.MidjourneyParams;
import dev.novelkit.media.prompt.PromptStyle;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.video.VideoFormat;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The video job's side of keeping characters alike from shot to shot: the canonical looks ({@code OUT/cast.json},
 * derived from the storyboard, the user's edits kept), the character sheets ({@code OUT/characters/NAME.png}, made
 * by the image backend, or the user's own picture put there), each shot's prompt and reference pictures, and the
 * consistency report. One per run; thread-safe (its state is fixed when it is made).
 */
final class CastStep {
    /** A character's sheet as the run uses it. */
    record Sheet(CharacterLook look, Path file, boolean yours, Rectangle figure, String bytesKey) {
    }

    /**
     * What one shot's picture is made from: its prompt, the characters drawn, the characters it shows with their
     * looks (most important first), the sheets sent as references, and its work key.
     */
    record PicturePlan(Shot shot, ImagePrompt prompt, Scene scene, List<Character> drawn, List<CharacterLook> cast,
                       List<ReferenceImage> references, String key) {
        ImageRequest request(Path output, VideoFormat format) {
            return ImageRequest.of(prompt, output).size(format.width(), format.height()).scene(scene)
                    .characters(drawn).references(references);
        }
    }

    /** What one character sheet is made from, and the user's picture when they put one in its place. */
    record SheetPlan(Character character, CharacterLook look, ImagePrompt prompt, String caption, String key,
                     Path placed, Optional<Path> yours) {
        ImageRequest request(Path output, VideoFormat format) {
            return ImageRequest.of(prompt, output).size(format.width(), format.height())
                    .characters(List.of(character)).caption(caption).sheet(true);
        }
    }

    private final Storyboard board;
    private final Cast cast;
    private final Path outDir;
    private final WorkFolder work;
    private final ImageGenerator images;
    private final VideoFormat format;
    private final String setting;

    private CastStep(Storyboard board, Cast cast, Path outDir, WorkFolder work, ImageGenerator images,
                     VideoFormat format, String setting) {
        this.board = board;
        this.cast = cast;
        this.outDir = outDir;
        this.work = work;
        this.images = images;
        this.format = format;
        this.setting = setting;
    }

    /**
     * Derives the looks from {@code board}, keeps the ones the user changed in {@code OUT/cast.json}, and writes
     * the file (only when it changed).
     */
    static CastStep prepare(Storyboard board, Path outDir, WorkFolder work, ImageGenerator images, VideoFormat format,
                            String setting) {
        Path file = outDir.resolve("cast.json");
        Path derivedFile = work.root().resolve("cast.derived.json");
        Cast derived = Cast.derive(board);
        Cast onDisk = Files.isRegularFile(file) ? Cast.read(file) : null;
        Cast last = Files.isRegularFile(derivedFile) ? Cast.read(derivedFile) : null;
        Cast cast = Cast.resolve(derived, last, onDisk);
        if (!cast.equals(onDisk)) {
            cast.write(file);
        }
        if (!derived.equals(last)) {
            derived.write(derivedFile);
        }
        return new CastStep(board, cast, outDir, work, images, format, setting);
    }

    Cast cast() {
        return cast;
    }

    private ImagePromptBuilder prompts() {
        return ImagePromptBuilder.defaults().setting(setting).style(PromptStyle.PLAIN);
    }

    /** The sheet of {@code c}: its prompt and work key, where it goes, and the user's picture if one is there. */
    SheetPlan sheetPlan(Character c) {
        CharacterLook look = cast.look(c.name()).orElseThrow();
        ImagePrompt prompt = prompts().cast(cast).character(c).sheet(true).build();
        String caption = c.name() + (c.age().isEmpty() ? "" : "，" + c.age())
                + (c.appearance().isEmpty() ? "" : "，" + c.appearance());
        String key = WorkFolder.key("character", images.identity(), prompt, caption, format.width(), format.height());
        Path placed = placed(look);
        return new SheetPlan(c, look, prompt, caption, key, placed, surelyYours(placed, key));
    }

    /**
     * The picture at {@code placed} when it is surely the user's, so no sheet need be made: it differs from what
     * the run put there last time, or (with no record of that, e.g. a fresh work folder) it is there and a remote
     * backend would be paid to make one. Otherwise the sheet is made (or found in the work folder) and
     * {@link #place} compares.
     */
    private Optional<Path> surelyYours(Path placed, String key) {
        if (!Files.isRegularFile(placed)) {
            return Optional.empty();
        }
        String recorded = recorded(placed);
        if (recorded != null) {
            return recorded.equals(WorkFolder.fileKey(placed)) ? Optional.empty() : Optional.of(placed);
        }
        boolean inWork = Files.isRegularFile(work.root().resolve("characters").resolve(key + ".png"));
        return !inWork && images.drawsFromText() ? Optional.of(placed) : Optional.empty();
    }

    /**
     * Puts the sheet the backend made at the look's sheet path (unless the user's picture is there) and returns the
     * sheet as the run uses it.
     */
    Sheet place(SheetPlan plan, Path made) {
        if (plan.yours().isPresent()) {
            return new Sheet(plan.look(), plan.placed(), true, null, WorkFolder.fileKey(plan.placed()));
        }
        try {
            String madeKey = WorkFolder.fileKey(made);
            boolean there = Files.isRegularFile(plan.placed());
            String placedKey = there ? WorkFolder.fileKey(plan.placed()) : null;
            if (there && !placedKey.equals(recorded(plan.placed())) && !placedKey.equals(madeKey)) {
                // a picture the run did not put there: the user's, never overwritten
                return new Sheet(plan.look(), plan.placed(), true, null, placedKey);
            }
            if (!madeKey.equals(placedKey)) {
                Files.createDirectories(plan.placed().getParent());
                AtomicFiles.writeBytes(plan.placed(), Files.readAllBytes(made));
            }
            AtomicFiles.writeString(record(plan.placed()), madeKey);
            Rectangle figure = images instanceof StoryCardRenderer
                    ? StoryCardRenderer.figures(plan.request(made, format)).get(0).torso() : null;
            return new Sheet(plan.look(), plan.placed(), false, figure, madeKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the sheet of " + plan.look().name() + " at " + plan.placed()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The picture of {@code shot}: for a backend that draws from text, the looks of the characters it shows and
     * as many of their sheets as the backend takes (speakers first); for the story card, the storyboard's
     * characters as before (it reads no prompt and takes no references, so its pictures and keys do not depend on
     * the cast).
     */
    PicturePlan picturePlan(Shot shot, Map<String, Sheet> sheets) {
        Scene scene = board.scene(shot.sceneId()).orElse(Scene.of(shot.sceneId(), ""));
        List<Character> present = new ArrayList<>();
        for (String name : shot.characters()) {
            board.character(name).ifPresent(present::add);
        }
        List<CharacterLook> in = cast.inShot(board, shot);
        if (!images.drawsFromText()) {
            // The card draws from the storyboard; only the user's own pictures tell it something more.
            ImagePrompt prompt = prompts().scene(scene).characters(present).action(shot.imageDescription()).build();
            List<ReferenceImage> yours = new ArrayList<>();
            for (String name : drawnOnCard(scene, present)) {
                Sheet sheet = sheets.get(name);
                if (sheet != null && sheet.yours() && yours.size() < images.maxReferences()) {
                    yours.add(ReferenceImage.of(name, sheet.file()));
                }
            }
            String key = yours.isEmpty()
                    ? WorkFolder.key("shot", images.identity(), prompt, scene, present, format.width(), format.height())
                    : WorkFolder.key("shot", images.identity(), prompt, scene, present, format.width(), format.height(),
                    referenceKey(yours, sheets));
            return new PicturePlan(shot, prompt, scene, present, in, yours, key);
        }
        List<Character> shown = new ArrayList<>();
        for (CharacterLook l : in) {
            board.character(l.name()).ifPresent(shown::add);
        }
        ImagePrompt prompt = prompts().cast(cast).scene(scene).characters(shown).action(shot.imageDescription())
                .build();
        List<ReferenceImage> references = references(in, sheets, images.maxReferences());
        String key = references.isEmpty()
                ? WorkFolder.key("shot", images.identity(), prompt, scene, shown, format.width(), format.height())
                : WorkFolder.key("shot", images.identity(), prompt, scene, shown, format.width(), format.height(),
                referenceKey(references, sheets));
        return new PicturePlan(shot, prompt, scene, shown, in, references, key);
    }

    /** The names of the characters a story card draws for these characters (the first few; the rest are "+N"). */
    private List<String> drawnOnCard(Scene scene, List<Character> present) {
        ImageRequest probe = ImageRequest.of("probe", outDir.resolve("probe.png"))
                .size(format.width(), format.height()).scene(scene).characters(present);
        return StoryCardRenderer.figures(probe).stream().map(StoryCardRenderer.Figure::name).toList();
    }

    /** The sheets a shot backend gets for {@code plan}'s shot (as many as it takes, speakers first). */
    List<ReferenceImage> clipReferences(PicturePlan plan, Map<String, Sheet> sheets, ShotBackend backend) {
        return references(plan.cast(), sheets, backend.maxReferences());
    }

    /** A work-key part naming each reference and its sheet's bytes, so a new sheet redoes what used it. */
    static String referenceKey(List<ReferenceImage> references, Map<String, Sheet> sheets) {
        StringBuilder b = new StringBuilder("references");
        for (ReferenceImage r : references) {
            b.append('|').append(r.label()).append('=').append(sheets.get(r.label()).bytesKey());
        }
        return b.toString();
    }

    private static List<ReferenceImage> references(List<CharacterLook> in, Map<String, Sheet> sheets, int max) {
        List<ReferenceImage> out = new ArrayList<>();
        for (CharacterLook l : in) {
            Sheet s = sheets.get(l.name());
            if (s != null && out.size() < max) {
                out.add(ReferenceImage.of(l.name(), s.file()));
            }
        }
        return out;
    }

    /** The consistency report, and whether it was the one from the previous run (nothing it checks changed). */
    record Checked(ConsistencyReport report, boolean reused) {
    }

    /**
     * Checks every shot picture against the sheets of the characters in it and writes {@code OUT/consistency.json}
     * and {@code .md}; when no picture, sheet or setting changed since the last run, that run's report is kept.
     * Story-card pictures are measured where the card drew each figure; others need the check's vision model.
     */
    Checked report(List<PicturePlan> plans, List<Path> pictures, Map<String, Sheet> sheets, ConsistencyCheck check,
                   List<String> notes) {
        Path json = outDir.resolve("consistency.json");
        Path keyFile = work.root().resolve("consistency.key");
        List<Object> parts = new ArrayList<>(List.of("consistency", check, images.name(), notes));
        for (int i = 0; i < plans.size(); i++) {
            parts.add(plans.get(i).shot().id() + "=" + WorkFolder.fileKey(pictures.get(i)) + plans.get(i).cast()
                    + plans.get(i).references());
        }
        sheets.values().forEach(s -> parts.add(s.look() + "=" + s.bytesKey() + s.yours() + s.figure()));
        String key = WorkFolder.key(parts.toArray());
        if (Files.isRegularFile(json) && key.equals(recordedKey(keyFile))) {
            return new Checked(ConsistencyReport.read(json), true);
        }
        ConsistencyReport report = check(plans, pictures, sheets, check, notes);
        report.write(json);
        AtomicFiles.writeString(keyFile, key);
        return new Checked(report, false);
    }

    private static String recordedKey(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ConsistencyReport check(List<PicturePlan> plans, List<Path> pictures, Map<String, Sheet> sheets,
                                    ConsistencyCheck check, List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        List<ShotPicture> shots = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            PicturePlan plan = plans.get(i);
            List<ShotPicture.Appearance> appearances = new ArrayList<>();
            if (images instanceof StoryCardRenderer) {
                Set<String> drawn = new LinkedHashSet<>();
                for (StoryCardRenderer.Figure f : StoryCardRenderer.figures(plan.request(pictures.get(i), format))) {
                    Sheet s = sheets.get(f.name());
                    drawn.add(f.name());
                    if (s != null) {
                        appearances.add(new ShotPicture.Appearance(f.name(), s.look().look(), s.file(), s.figure(),
                                f.torso()));
                    }
                }
                List<String> undrawn = plan.cast().stream().map(CharacterLook::name).filter(n -> !drawn.contains(n))
                        .toList();
                if (!undrawn.isEmpty()) {
                    all.add(plan.shot().id() + ": not on the card, so not measured: " + String.join(", ", undrawn)
                            + " (the card draws the characters the storyboard lists for the shot: up to 5, "
                            + "or 4 and a +N badge)");
                }
            } else {
                for (CharacterLook l : plan.cast()) {
                    Sheet s = sheets.get(l.name());
                    if (s != null) {
                        appearances.add(new ShotPicture.Appearance(l.name(), l.look(), s.file(), null, null));
                    }
                }
            }
            if (images.drawsFromText() && plan.cast().size() > plan.references().size()
                    && !plan.references().isEmpty()) {
                Set<String> left = new LinkedHashSet<>();
                plan.cast().stream().skip(plan.references().size()).forEach(l -> left.add(l.name()));
                all.add(plan.shot().id() + ": " + images.name() + " takes " + images.maxReferences()
                        + " reference pictures; " + String.join(", ", left) + " went in by their look's words only");
            }
            shots.add(new ShotPicture(plan.shot().id(), pictures.get(i),
                    plan.references().stream().map(ReferenceImage::label).toList(), appearances));
        }
        return check.check(shots, outDir, all);
    }

    /**
     * MidJourney prompts for every sheet and shot, one {@code /imagine} line each, with the shown characters'
     * hosted sheets as {@code --cref} (V6, niji 6) or {@code --oref} (V7), written to {@code OUT/midjourney.txt}.
     */
    Path midjourney(MidjourneyParams params, String sheetsUrl) {
        MidjourneyParams p = params;
        int g = gcd(format.width(), format.height());
        p = p.aspectRatio(format.width() / g, format.height() / g);
        ImagePromptBuilder mj = prompts().style(PromptStyle.MIDJOURNEY).midjourney(p).cast(cast);
        StringBuilder b = new StringBuilder("# MidJourney prompts: first the character sheets (host them at ")
                .append(sheetsUrl).append("/characters/), then one per shot.\n\n");
        for (Character c : board.characters()) {
            b.append("# sheet: ").append(c.name()).append('\n')
                    .append(mj.character(c).sheet(true).build().render()).append("\n\n");
        }
        for (Shot shot : board.shots()) {
            Scene scene = board.scene(shot.sceneId()).orElse(Scene.of(shot.sceneId(), ""));
            List<Character> shown = new ArrayList<>();
            cast.inShot(board, shot).forEach(l -> board.character(l.name()).ifPresent(shown::add));
            b.append("# ").append(shot.id()).append('\n').append(mj.sheetsUrl(sheetsUrl).scene(scene)
                    .characters(shown).action(shot.imageDescription()).build().render()).append("\n\n");
        }
        Path file = outDir.resolve("midjourney.txt");
        AtomicFiles.writeString(file, b.toString());
        return file;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private Path placed(CharacterLook look) {
        Path p = Path.of(look.sheet());
        Path placed = (p.isAbsolute() ? p : outDir.resolve(p)).normalize();
        Path sheetsDir = outDir.resolve(Cast.SHEETS).normalize();
        if (!Files.isRegularFile(placed) && !placed.startsWith(sheetsDir)) {
            throw new InvalidInputException(outDir.resolve("cast.json") + " field sheet of " + look.name(),
                    "no picture at " + placed + " (put your picture there, or point the sheet at "
                            + Cast.SHEETS + "/ to have one made)");
        }
        return placed;
    }

    /** The key of the bytes the run last put at {@code placed}, or null when it never did. */
    private String recorded(Path placed) {
        Path record = record(placed);
        try {
            return Files.isRegularFile(record) ? Files.readString(record, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Path record(Path placed) {
        return work.root().resolve("sheets").resolve(WorkFolder.key("placed", placed) + ".made");
    }

    @Override
    public String toString() {
        return "CastStep[" + cast + ", images=" + images.name() + "]";
    }
}
