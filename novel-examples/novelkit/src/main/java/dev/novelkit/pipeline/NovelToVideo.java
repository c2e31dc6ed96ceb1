package dev.novelkit.pipeline;

import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardJson;
import dev.novelkit.core.text.Chapter;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.story.StoryText;
import dev.novelkit.core.story.StoryboardExtractor;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.prompt.ImagePrompt;
import dev.novelkit.media.prompt.ImagePromptBuilder;
import dev.novelkit.media.prompt.PromptStyle;
import dev.novelkit.media.shot.ShotGenerator;
import dev.novelkit.media.shot.ShotOutcome;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SubtitleCue;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;
import dev.novelkit.media.voice.AudioClip;
import dev.novelkit.media.voice.VoiceCasting;
import dev.novelkit.media.voice.VoiceProfile;
import dev.novelkit.media.voice.VoiceSynth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole job: a novel in, a short video out. novel → storyboard → character sheets → shot images → shots →
 * voices → timeline → MP4 + SRT (and the fine-tuning dataset when asked). Every step writes its outputs into
 * {@code OUT/work/} keyed by the hash of its inputs, so a re-run resumes, and an edited {@code OUT/storyboard.json}
 * redoes only the pictures, shots and voices it changed. Immutable; configure with the fluent setters.
 *
 * <pre>{@code
 * VideoRun run = NovelToVideo.offline().maxShots(12).run(Path.of("novel.txt"), Path.of("out"));
 * System.out.println(run.render());
 * }</pre>
 */
public final class NovelToVideo {
    /** Seconds of quiet before the first line of a shot and between lines. */
    private static final double LEAD = 0.35;
    private static final double GAP = 0.25;
    private static final double TAIL = 0.45;
    /** Reading speed used to time subtitles when there are no voices. */
    private static final double CHARS_PER_SECOND = 4.5;

    private final StoryboardExtractor extractor;
    private final ImageGenerator images;
    private final ShotGenerator shots;
    private final VoiceSynth voices;
    private final boolean castVoices;
    private final VideoAssembler assembler;
    private final VideoFormat format;
    private final String setting;
    private final Path music;
    private final boolean generatedMusic;
    private final DatasetStep dataset;

    /** Builds the fine-tuning dataset from the novel into a folder (wired by the caller, see {@code VideoJob}). */
    @FunctionalInterface
    public interface DatasetStep {
        /** Writes {@code dir/train.jsonl} (and whatever the builder keeps to resume). */
        DatasetOutcome build(Novel novel, Path dir, ProgressListener listener, Cancellation cancellation);
    }

    /** What the dataset step wrote: samples, and summarizer calls made now or reused from its journal. */
    public record DatasetOutcome(int samples, int callsMade, int callsReused) {
    }

    private NovelToVideo(StoryboardExtractor extractor, ImageGenerator images, ShotGenerator shots, VoiceSynth voices,
                         boolean castVoices, VideoAssembler assembler, VideoFormat format, String setting, Path music,
                         boolean generatedMusic, DatasetStep dataset) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.images = Objects.requireNonNull(images, "images");
        this.shots = shots;
        this.voices = voices;
        this.castVoices = castVoices;
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.format = Objects.requireNonNull(format, "format");
        this.setting = setting == null ? "" : setting;
        this.music = music;
        this.generatedMusic = generatedMusic;
        this.dataset = dataset;
    }

    /**
     * Everything offline: the offline storyboard (12 shots), story cards, Ken Burns moves, espeak-ng voices (none,
     * with subtitles carrying the dialogue, when espeak-ng is missing: pass {@code null} to {@link #voices}),
     * generated background music, 1080x1920 at 30 fps.
     */
    public static NovelToVideo offline() {
        return new NovelToVideo(OfflineStoryboardExtractor.defaults().maxShots(12), StoryCardRenderer.create(), null, null,
                true, VideoAssembler.create(), VideoFormat.PORTRAIT_1080P, "", null, true, null);
    }

    public NovelToVideo storyboard(StoryboardExtractor value) {
        return new NovelToVideo(value, images, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset);
    }

    public NovelToVideo images(ImageGenerator value) {
        return new NovelToVideo(extractor, value, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset);
    }

    /** Renders shots with a generator (Kling, Wan, Ken Burns to files); null: stills moved by the assembler. */
    public NovelToVideo shots(ShotGenerator value) {
        return new NovelToVideo(extractor, images, value, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset);
    }

    /**
     * Speaks narration and dialogue with this synth; its cast is completed from the storyboard's characters
     * ({@link VoiceCasting}) unless {@code castFromStoryboard} is false. Null: no voices, subtitles only.
     */
    public NovelToVideo voices(VoiceSynth value, boolean castFromStoryboard) {
        return new NovelToVideo(extractor, images, shots, value, castFromStoryboard, assembler, format, setting,
                music, generatedMusic, dataset);
    }

    public NovelToVideo assembler(VideoAssembler value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, value, format, setting, music,
                generatedMusic, dataset);
    }

    public NovelToVideo format(VideoFormat value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, value, setting, music,
                generatedMusic, dataset);
    }

    /** The story setting every picture prompt starts with ("古风, 江南水乡, 水墨风格"), so shots share one look. */
    public NovelToVideo setting(String value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, value, music,
                generatedMusic, dataset);
    }

    /** Background music from a file; null with {@code generated} false: no music. */
    public NovelToVideo music(Path file, boolean generated) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, setting, file,
                generated, dataset);
    }

    /** Also builds the fine-tuning dataset into {@code OUT/dataset/}. */
    public NovelToVideo dataset(DatasetStep value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, value);
    }

    public VideoRun run(Path novelFile, Path outDir) {
        return run(novelFile, outDir, ProgressListener.NONE, new Cancellation());
    }

    /** Runs every step, resuming from {@code outDir/work}; progress per step, cancellable between outputs. */
    public VideoRun run(Path novelFile, Path outDir, ProgressListener listener, Cancellation cancellation) {
        return run(novelFile, null, outDir, listener, cancellation);
    }

    /**
     * As {@link #run(Path, Path, ProgressListener, Cancellation)}, reading the novel in {@code charset} ({@code null}:
     * detect it). A novel of chapter headings only is an {@link dev.novelkit.core.InvalidInputException}.
     */
    public VideoRun run(Path novelFile, Charset charset, Path outDir, ProgressListener listener,
                        Cancellation cancellation) {
        long start = System.nanoTime();
        WorkFolder work = new WorkFolder(outDir.resolve("work"));
        List<StepReport> reports = new ArrayList<>();

        long t = System.nanoTime();
        Novel novel = Novel.read(novelFile, charset).requireStoryText();
        reports.add(new StepReport("read", "Novel.read", 1, 0, since(t), 0,
                novel.chapters().size() + " chapters, " + novel.text().length() + " characters"));
        cancellation.throwIfCancelled("the video job");

        t = System.nanoTime();
        Path storyboardFile = outDir.resolve("storyboard.json");
        boolean[] reusedBoard = {false};
        Storyboard board = storyboard(novel, storyboardFile, work, listener, reusedBoard);
        reports.add(new StepReport("storyboard", extractor.name(), reusedBoard[0] ? 0 : 1, reusedBoard[0] ? 1 : 0,
                since(t), 0, board.characters().size() + " characters, " + board.shots().size() + " shots"));
        cancellation.throwIfCancelled("the video job");

        t = System.nanoTime();
        int made = work.made();
        int reused = work.reused();
        for (int i = 0; i < board.characters().size(); i++) {
            cancellation.throwIfCancelled("the video job");
            characterSheet(board.characters().get(i), work);
            listener.onProgress(new Progress("characters", i + 1, board.characters().size(), ""));
        }
        reports.add(step("characters", images.name(), work, made, reused, t, imagePrice() * (work.made() - made)));

        t = System.nanoTime();
        made = work.made();
        reused = work.reused();
        List<Path> pictures = new ArrayList<>();
        for (int i = 0; i < board.shots().size(); i++) {
            cancellation.throwIfCancelled("the video job");
            pictures.add(shotImage(board, board.shots().get(i), work));
            listener.onProgress(new Progress("images", i + 1, board.shots().size(), ""));
        }
        reports.add(step("images", images.name(), work, made, reused, t, imagePrice() * (work.made() - made)));

        t = System.nanoTime();
        made = work.made();
        reused = work.reused();
        List<ShotClip> clips = new ArrayList<>();
        List<String> fallbacks = new ArrayList<>();
        for (int i = 0; i < board.shots().size(); i++) {
            cancellation.throwIfCancelled("the video job");
            clips.add(shotClip(board.shots().get(i), pictures.get(i), work, fallbacks));
            listener.onProgress(new Progress("shots", i + 1, board.shots().size(), ""));
        }
        reports.add(step("shots", shots == null ? "ken-burns (in assembly)" : "shot generator", work, made, reused,
                t, 0).withNote(fallbacks.isEmpty() ? "" : fallbacks.size() + " fell back to Ken Burns: "
                + String.join("; ", fallbacks)));

        t = System.nanoTime();
        made = work.made();
        reused = work.reused();
        VoiceSynth synth = voices == null ? null
                : castVoices ? voices.cast(castFor(board)).cast(voices.castList()) : voices;
        Timeline.Builder timeline = Timeline.builder(format);
        List<SubtitleCue> cues = new ArrayList<>();
        int lines = 0;
        double at = 0;
        long spokenChars = 0;
        for (int i = 0; i < board.shots().size(); i++) {
            cancellation.throwIfCancelled("the video job");
            Shot shot = board.shots().get(i);
            ShotClip clip = clips.get(i);
            // A crossfade starts the shot while the previous one is still fading out, as Timeline places it.
            double shotStart = i > 0 && clip.transition().type() == Transition.Type.CROSSFADE
                    ? at - clip.transition().seconds() : at;
            double cursor = shotStart + LEAD;
            for (Line line : linesOf(shot)) {
                double seconds;
                if (synth != null) {
                    AudioClip spoken = voiceLine(synth, line, work);
                    timeline.voice(VoiceClip.of(spoken.file(), cursor, line.text()).speaker(line.speaker()));
                    seconds = spoken.seconds();
                } else {
                    seconds = Math.max(1.2, line.text().codePointCount(0, line.text().length()) / CHARS_PER_SECOND);
                    cues.add(new SubtitleCue(cursor, cursor + seconds, line.text(), line.speaker()));
                }
                spokenChars += line.text().length();
                lines++;
                cursor += seconds + GAP;
            }
            double length = Math.max(shot.seconds(), cursor - GAP + TAIL - shotStart);
            timeline.shot(clip.seconds(length));
            at = shotStart + length;
            listener.onProgress(new Progress("voices", i + 1, board.shots().size(), ""));
        }
        reports.add(step("voices", synth == null ? "none (subtitles only)" : synth.backend().name(), work, made,
                reused, t, synth == null ? 0 : speechPrice(synth.backend().name()) * spokenChars));

        t = System.nanoTime();
        timeline.subtitles(synth != null ? Subtitles.fromVoiceClips() : Subtitles.of(cues));
        Optional<Path> musicFile = musicFor(at, work);
        musicFile.ifPresent(m -> timeline.music(Music.of(m, 0.35).loop(true).duck(true)));
        Timeline plan = timeline.build();
        plan.save(outDir.resolve("timeline.json"));
        Path video = outDir.resolve("video.mp4");
        String timelineKey = WorkFolder.key(plan.toJson(outDir), assembler);
        Path keyFile = work.root().resolve("video.key");
        AssemblyResult assembled = null;
        boolean videoReused = Files.isRegularFile(video) && timelineKey.equals(readString(keyFile));
        if (!videoReused) {
            assembled = assembler.assemble(plan, video, listener, cancellation);
            AtomicFiles.writeString(keyFile, timelineKey);
        }
        Path srt = outDir.resolve("video.srt"); // the assembler writes it beside video.mp4
        reports.add(new StepReport("video", assembled == null ? "reused" : assembled.encoder(), videoReused ? 0 : 1,
                videoReused ? 1 : 0, since(t), 0, assembled == null ? "timeline unchanged"
                : String.format(Locale.ROOT, "%d frames, %.2fx real time", assembled.frames(), assembled.speed())));

        Path datasetDir = null;
        if (dataset != null) {
            t = System.nanoTime();
            datasetDir = outDir.resolve("dataset");
            DatasetOutcome built = dataset.build(novel, datasetDir, listener, cancellation);
            reports.add(new StepReport("dataset", "DatasetBuilder", built.callsMade(), built.callsReused(), since(t),
                    0, built.samples() + " samples in dataset/train.jsonl; counts are summarizer calls"));
        }
        return new VideoRun(video, srt, storyboardFile, datasetDir, plan.duration(),
                assembled == null ? "unchanged" : assembled.encoder(), board.characters().size(),
                board.shots().size(), lines, reports, since(start));
    }

    /** Reuses OUT/storyboard.json when it was made from this novel by this extractor, or written by the user. */
    private Storyboard storyboard(Novel novel, Path file, WorkFolder work, ProgressListener listener, boolean[] reused) {
        String key = WorkFolder.key(novel.text(), extractor.name(), extractor);
        Path keyFile = work.root().resolve("storyboard.key");
        if (Files.isRegularFile(file)) {
            String made = readString(keyFile);
            if (made == null || made.equals(key)) {
                reused[0] = true;
                listener.onMessage("storyboard: using " + file + (made == null ? " (written by hand)" : ""));
                return StoryboardJson.read(file);
            }
        }
        List<StoryText.Part> parts = new ArrayList<>();
        for (Chapter c : novel.chapters()) {
            // A preface that is only the title line has nothing to picture.
            if (!c.text().strip().equals(novel.title()) && !c.text().isBlank()) {
                parts.add(new StoryText.Part(c.title(), c.text()));
            }
        }
        Storyboard board = extractor.extract(new StoryText(novel.title(), parts), listener);
        StoryboardJson.write(board, file);
        AtomicFiles.writeString(keyFile, key);
        return board;
    }

    private ImagePromptBuilder prompts() {
        return ImagePromptBuilder.create().setting(setting).style(PromptStyle.PLAIN);
    }

    private Path characterSheet(Character c, WorkFolder work) {
        ImagePrompt prompt = prompts().character(c).build();
        String caption = c.name() + (c.age().isEmpty() ? "" : "，" + c.age())
                + (c.appearance().isEmpty() ? "" : "，" + c.appearance());
        String key = WorkFolder.key("character", images.name(), prompt, caption, format.width(), format.height());
        return work.output("characters", key, "png", tmp -> images.generate(ImageRequest.of(prompt, tmp)
                .size(format.width(), format.height()).characters(List.of(c)).caption(caption)));
    }

    private Path shotImage(Storyboard board, Shot shot, WorkFolder work) {
        Scene scene = board.scene(shot.sceneId()).orElse(Scene.of(shot.sceneId(), ""));
        List<Character> present = new ArrayList<>();
        for (String name : shot.characters()) {
            board.character(name).ifPresent(present::add);
        }
        ImagePrompt prompt = prompts().scene(scene).characters(present).action(shot.imageDescription()).build();
        // No caption on shot pictures: the burned-in subtitles take the bottom of the frame.
        String key = WorkFolder.key("shot", images.name(), prompt, scene, present, format.width(), format.height());
        return work.output("images", key, "png", tmp -> images.generate(ImageRequest.of(prompt, tmp)
                .size(format.width(), format.height()).scene(scene).characters(present)));
    }

    private ShotClip shotClip(Shot shot, Path picture, WorkFolder work, List<String> fallbacks) {
        if (shots == null) {
            return ShotClip.still(picture, shot.seconds()).kenBurns(KenBurns.of(shot.camera()))
                    .transition(Transition.crossfade(0.4));
        }
        String key = WorkFolder.key("clip", WorkFolder.fileKey(picture), shot.camera(), shot.seconds(),
                shot.imageDescription(), format);
        ShotOutcome[] outcome = new ShotOutcome[1];
        Path clip = work.output("shots", key, "mp4", tmp -> outcome[0] = shots.generate(ShotRequest.of(picture,
                shot.seconds()).prompt(shot.imageDescription()).move(shot.camera()).format(format), tmp));
        if (outcome[0] != null && outcome[0].fellBack()) {
            fallbacks.add(shot.id() + ": " + outcome[0].fallbackReason());
        }
        return ShotClip.video(clip, shot.seconds()).transition(Transition.crossfade(0.4));
    }

    /** A line to speak: narration by the narrator, then each dialogue line by its speaker. */
    private record Line(String speaker, String text, String emotion) {
    }

    private static List<Line> linesOf(Shot shot) {
        List<Line> lines = new ArrayList<>();
        if (!shot.narration().isBlank()) {
            lines.add(new Line(VoiceSynth.NARRATOR, shot.narration(), ""));
        }
        for (DialogueLine d : shot.dialogue()) {
            lines.add(new Line(d.speaker(), d.text(), d.emotion()));
        }
        return lines;
    }

    private AudioClip voiceLine(VoiceSynth synth, Line line, WorkFolder work) {
        VoiceProfile profile = synth.profileOf(line.speaker());
        if (!line.emotion().isEmpty() && !line.emotion().equals("calm")) {
            profile = profile.style(line.emotion());
        }
        VoiceProfile chosen = profile;
        String key = WorkFolder.key("voice", synth.backend().name(), chosen, line.text());
        Path file = work.output("voices", key, "wav", tmp -> synth.speak(line.text(), chosen, tmp));
        return AudioClip.measure(file, synth.backend().name());
    }

    private Map<String, VoiceProfile> castFor(Storyboard board) {
        String backend = voices.backend().name();
        VoiceCasting.Palette palette = switch (backend) {
            case "azure" -> VoiceCasting.AZURE;
            case "openai" -> VoiceCasting.OPENAI;
            default -> VoiceCasting.ESPEAK;
        };
        return new LinkedHashMap<>(VoiceCasting.cast(board.characters(), palette));
    }

    private Optional<Path> musicFor(double seconds, WorkFolder work) {
        if (music != null) {
            return Optional.of(music);
        }
        if (!generatedMusic) {
            return Optional.empty();
        }
        double length = Math.ceil(seconds) + 1;
        return Optional.of(work.output("music", WorkFolder.key("ambient", length), "wav",
                tmp -> AmbientMusic.write(tmp, length)));
    }

    /** List price per image in US dollars where known (DALL-E 3 standard 1024², Wanx), 0 offline. */
    private double imagePrice() {
        return switch (images.name()) {
            case "openai" -> 0.04;
            case "wanx" -> 0.02;
            default -> 0;
        };
    }

    /** List price per character spoken in US dollars where known (Azure neural, OpenAI TTS: $15-16 per million). */
    private static double speechPrice(String backend) {
        return switch (backend) {
            case "azure" -> 16e-6;
            case "openai" -> 15e-6;
            default -> 0;
        };
    }

    private static StepReport step(String name, String backend, WorkFolder work, int made, int reused, long t,
                                   double cost) {
        return new StepReport(name, backend, work.made() - made, work.reused() - reused, since(t), cost, "");
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String readString(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
