package dev.novelkit.pipeline;

import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.io.FileProblems;
import dev.novelkit.core.io.WrittenFiles;
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
import dev.novelkit.media.cast.Cast;
import dev.novelkit.media.cast.CharacterLook;
import dev.novelkit.media.consistency.ConsistencyCheck;
import dev.novelkit.media.consistency.ConsistencyReport;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.lipsync.LipSync;
import dev.novelkit.media.lipsync.LipSyncRequest;
import dev.novelkit.media.prompt.MidjourneyParams;
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
import dev.novelkit.media.voice.VoiceTrack;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole job: a novel in, a short video out. novel → storyboard → character sheets → shot images → shots →
 * voices → timeline → MP4 + SRT (and the fine-tuning dataset when asked). Every step writes its outputs into
 * {@code OUT/work/} keyed by the hash of its inputs, so a re-run resumes, and an edited {@code OUT/storyboard.json}
 * redoes only the pictures, shots and voices it changed. Pictures, shots and voices are made at the same time,
 * each remote backend within its own limits; the output never depends on the order answers arrive in. Immutable;
 * configure with the fluent setters.
 *
 * <pre>{@code
 * VideoRun run = NovelToVideo.offline().run(Path.of("novel.txt"), Path.of("out"));
 * System.out.println(run.render());
 *
 * try (Job<VideoRun> job = NovelToVideo.offline().start(Path.of("novel.txt"), Path.of("out"), listener)) {
 *     VideoRun run = job.await();   // job.cancel() from another thread stops everything in flight
 * }
 * }</pre>
 */
public final class NovelToVideo {
    /** Seconds of quiet before the first line of a shot and between lines. */
    private static final double LEAD = 0.35;
    private static final double GAP = 0.25;
    private static final double TAIL = 0.45;
    /** Reading speed used to time subtitles when there are no voices. */
    private static final double CHARS_PER_SECOND = 4.5;
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "novelkit-video-progress");
        t.setDaemon(true);
        return t;
    });

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
    private final Consistency consistency;
    private final LipSync lipSync;

    /**
     * How characters are kept alike and checked: the consistency check, the shots to make again, and MidJourney
     * prompts pointing at the user's hosted sheets (null params: no MidJourney file).
     */
    private record Consistency(ConsistencyCheck check, List<String> redo, MidjourneyParams midjourney,
                               String sheetsUrl) {
        static final Consistency DEFAULT = new Consistency(ConsistencyCheck.defaults(), List.of(), null, "");
    }

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
                         boolean generatedMusic, DatasetStep dataset, Consistency consistency, LipSync lipSync) {
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
        this.consistency = Objects.requireNonNull(consistency, "consistency");
        this.lipSync = lipSync;
    }

    /**
     * Everything offline, as {@code novelkit video} does by default: the offline storyboard (12 shots), story
     * cards, Ken Burns moves, espeak-ng voices cast from the storyboard's characters (when espeak-ng is not
     * installed: no voices, the subtitles carry the dialogue; {@code voices(null, false)} turns voices off),
     * generated background music, 1080x1920 at 30 fps.
     */
    public static NovelToVideo offline() {
        VoiceSynth espeak = EspeakVoiceBackend.isAvailable() ? VoiceSynth.of(EspeakVoiceBackend.defaults()) : null;
        return new NovelToVideo(OfflineStoryboardExtractor.defaults().maxShots(12), StoryCardRenderer.defaults(), null,
                espeak, true, VideoAssembler.defaults(), VideoFormat.PORTRAIT_1080P, "", null, true, null,
                Consistency.DEFAULT, null);
    }

    public NovelToVideo storyboard(StoryboardExtractor value) {
        return new NovelToVideo(value, images, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset, consistency, lipSync);
    }

    public NovelToVideo images(ImageGenerator value) {
        return new NovelToVideo(extractor, value, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset, consistency, lipSync);
    }

    /** Renders shots with a generator (Kling, Wan, Ken Burns to files); null: stills moved by the assembler. */
    public NovelToVideo shots(ShotGenerator value) {
        return new NovelToVideo(extractor, images, value, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset, consistency, lipSync);
    }

    /**
     * Speaks narration and dialogue with this synth; its cast is completed from the storyboard's characters
     * ({@link VoiceCasting}) unless {@code castFromStoryboard} is false. Null: no voices, subtitles only.
     */
    public NovelToVideo voices(VoiceSynth value, boolean castFromStoryboard) {
        return new NovelToVideo(extractor, images, shots, value, castFromStoryboard, assembler, format, setting,
                music, generatedMusic, dataset, consistency, lipSync);
    }

    public NovelToVideo assembler(VideoAssembler value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, value, format, setting, music,
                generatedMusic, dataset, consistency, lipSync);
    }

    public NovelToVideo format(VideoFormat value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, value, setting, music,
                generatedMusic, dataset, consistency, lipSync);
    }

    /** The story setting every picture prompt starts with ("古风, 江南水乡, 水墨风格"), so shots share one look. */
    public NovelToVideo setting(String value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, value, music,
                generatedMusic, dataset, consistency, lipSync);
    }

    /** Background music from a file; null with {@code generated} false: no music. */
    public NovelToVideo music(Path file, boolean generated) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, setting, file,
                generated, dataset, consistency, lipSync);
    }

    /**
     * Makes the mouths follow the dialogue in shots a remote shot backend made (Kling: by the shot's video id): each
     * such shot with dialogue is lip-synced to a track of its dialogue lines, placed as the video plays them, as
     * soon as the shot and its voices exist. A shot the service cannot lip-sync keeps its plain video (reported).
     * Null (the default): none.
     */
    public NovelToVideo lipSync(LipSync value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset, consistency, value);
    }

    /** Also builds the fine-tuning dataset into {@code OUT/dataset/}. */
    public NovelToVideo dataset(DatasetStep value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, value, consistency, lipSync);
    }

    /**
     * How the consistency report measures (threshold, vision model); default
     * {@link ConsistencyCheck#defaults()}: figure colours on story cards, remote pictures unmeasured.
     */
    public NovelToVideo consistency(ConsistencyCheck value) {
        return with(new Consistency(Require.nonNull("consistency", value), consistency.redo(),
                consistency.midjourney(), consistency.sheetsUrl()));
    }

    /**
     * Makes these shots' pictures (and clips) again even though the work folder has them, reusing everything else:
     * each a shot number from 1 or a shot id ("shot-05"). A shot the consistency report calls drifted is redone so.
     */
    public NovelToVideo redoShots(List<String> shotsToRedo) {
        List<String> ids = new ArrayList<>();
        for (String s : Require.nonNull("redoShots", shotsToRedo)) {
            ids.add(Require.nonBlank("redoShots", s));
        }
        return with(new Consistency(consistency.check(), List.copyOf(ids), consistency.midjourney(),
                consistency.sheetsUrl()));
    }

    /**
     * Also writes {@code OUT/midjourney.txt}: a MidJourney prompt per character sheet and per shot with these
     * parameters (the aspect ratio follows the video format), each shot pointing {@code --cref} (V6, niji 6) or
     * {@code --oref} (V7) at the sheets of its characters where the user hosts {@code OUT/characters/}
     * ({@code sheetsUrl}, e.g. {@code https://example.com/novel}).
     */
    public NovelToVideo midjourney(MidjourneyParams params, String sheetsUrl) {
        return with(new Consistency(consistency.check(), consistency.redo(), Require.nonNull("midjourney", params),
                Require.baseUrl("sheetsUrl", sheetsUrl)));
    }

    private NovelToVideo with(Consistency value) {
        return new NovelToVideo(extractor, images, shots, voices, castVoices, assembler, format, setting, music,
                generatedMusic, dataset, value, lipSync);
    }

    /** Runs the whole job and waits for it: {@code start(novelFile, outDir, ProgressListener.NONE).await()}. */
    public VideoRun run(Path novelFile, Path outDir) {
        return run(novelFile, outDir, ProgressListener.NONE);
    }

    /** Runs the whole job and waits for it: {@code start(novelFile, outDir, listener).await()}. */
    public VideoRun run(Path novelFile, Path outDir, ProgressListener listener) {
        try (Job<VideoRun> job = start(novelFile, outDir, listener)) {
            return job.await();
        }
    }

    /**
     * Starts the whole job on a worker thread, resuming from {@code outDir/work}. Pictures, shots and voices are made
     * at the same time, each backend within its own limits: a shot starts as soon as its picture exists, voices run
     * beside both. The listener hears progress (how many of each kind are in flight and waiting) and every retry,
     * throttled resubmission and slow request; {@link Job#cancel()} stops everything in flight.
     */
    public Job<VideoRun> start(Path novelFile, Path outDir, ProgressListener listener) {
        return start(novelFile, null, outDir, listener);
    }

    /**
     * As {@link #start(Path, Path, ProgressListener)}, reading the novel in {@code charset} ({@code null}: detect
     * it). A novel of chapter headings only fails the job with an {@link dev.novelkit.core.InvalidInputException}.
     */
    public Job<VideoRun> start(Path novelFile, Charset charset, Path outDir, ProgressListener listener) {
        Objects.requireNonNull(novelFile, "novelFile");
        Objects.requireNonNull(outDir, "outDir");
        return Job.start("the video job", ordered(listener),
                (cancellation, l) -> work(novelFile, charset, outDir, l, cancellation));
    }

    /**
     * Takes {@code OUT/work} for this run (a second run on the same folder is refused) and removes the temporary
     * files interrupted runs left in it and beside OUT's own files, then does the work.
     */
    private VideoRun work(Path novelFile, Charset charset, Path outDir, ProgressListener listener,
                          Cancellation cancellation) {
        AtomicFiles.createFolder(outDir);
        WorkFolder work = new WorkFolder(outDir.resolve("work"));
        try (WorkFolder.Claim claim = work.claim()) {
            for (String own : List.of("storyboard.json", "timeline.json", "video.mp4", "video.srt")) {
                AtomicFiles.removeStaleTemporaries(outDir.resolve(own));
            }
            if (claim.removedTemporaries() > 0) {
                listener.onMessage("removed " + claim.removedTemporaries() + " temporary files an interrupted run "
                        + "left in " + work.root());
            }
            return work(novelFile, charset, outDir, work, listener, cancellation);
        }
    }

    private VideoRun work(Path novelFile, Charset charset, Path outDir, WorkFolder work, ProgressListener listener,
                          Cancellation cancellation) {
        long start = System.nanoTime();
        WrittenFiles written = writtenFiles(outDir);
        List<StepReport> reports = new ArrayList<>();

        long t = System.nanoTime();
        Novel novel = Novel.read(novelFile, charset).requireStoryText();
        reports.add(new StepReport("read", "Novel.read", 1, 0, since(t), 0,
                novel.chapters().size() + " chapters, " + novel.text().length() + " characters"));
        cancellation.throwIfCancelled("the video job");

        t = System.nanoTime();
        Path storyboardFile = outDir.resolve("storyboard.json");
        BoardOutcome boardOutcome = storyboard(novel, storyboardFile, work, written, listener);
        Storyboard board = boardOutcome.board();
        reports.add(new StepReport("storyboard", extractor.name(), boardOutcome.reused() ? 0 : 1,
                boardOutcome.reused() ? 1 : 0, since(t), 0,
                board.characters().size() + " characters, " + board.shots().size() + " shots"
                        + (boardOutcome.note().isEmpty() ? "" : "; " + boardOutcome.note())));
        cancellation.throwIfCancelled("the video job");

        VoiceSynth synth = voices == null ? null
                : castVoices ? voices.cast(castFor(board)).cast(voices.castList()) : voices;
        CastStep looks = CastStep.prepare(board, outDir, work, images, format, setting);
        Set<String> redo = redoIds(board);
        Made made = makeAll(board, synth, looks, redo, work, listener, cancellation);
        long yours = made.sheets().values().stream().filter(CastStep.Sheet::yours).count();
        List<String> sheetFallbacks = made.pictureFallbacks().stream().filter(f -> f.startsWith("character")).toList();
        List<String> shotFallbacks = made.pictureFallbacks().stream().filter(f -> !f.startsWith("character")).toList();
        reports.add(made.characters().report(images.name(),
                images.priceUsd() * Math.max(0, made.characters().made() - sheetFallbacks.size()),
                "looks in cast.json, sheets in " + Cast.SHEETS + "/" + (yours == 0 ? ""
                        : "; " + yours + " your own picture" + (yours == 1 ? "" : "s"))
                        + (sheetFallbacks.isEmpty() ? "" : "; " + fellBack(sheetFallbacks))));
        reports.add(made.pictures().report(images.name(),
                images.priceUsd() * Math.max(0, made.pictures().made() - shotFallbacks.size()),
                String.join("; ", java.util.stream.Stream.of(redo.isEmpty() ? "" : "redone: " + String.join(", ", redo),
                        fellBack(shotFallbacks)).filter(n -> !n.isEmpty()).toList())));
        t = System.nanoTime();
        List<String> notes = new ArrayList<>(List.of(images.referenceSupport()));
        if (shots != null) {
            notes.add(shots.primary().referenceSupport());
        }
        CastStep.Checked result = looks.report(made.plans(), made.pictureFiles(), made.sheets(),
                consistency.check(), notes);
        ConsistencyReport checked = result.report();
        reports.add(new StepReport("consistency", consistency.check().name(), result.reused() ? 0 : 1,
                result.reused() ? 1 : 0, since(t), 0,
                (checked.driftedShots().isEmpty() ? "no shot drifted" : "drifted: "
                        + String.join(", ", checked.driftedShots()) + " (redo with --redo-shot)")
                        + "; " + checked.measured() + " appearances measured, see consistency.md"));
        if (consistency.midjourney() != null) {
            looks.midjourney(consistency.midjourney(), consistency.sheetsUrl());
        }
        reports.add(made.shots().report(shots == null ? "ken-burns (in assembly)" : "shot generator", 0,
                made.fallbacks().isEmpty() ? "" : made.fallbacks().size() + " fell back to Ken Burns: "
                        + String.join("; ", made.fallbacks())));

        Timeline timeline = Timeline.of(format);
        List<SubtitleCue> cues = new ArrayList<>();
        int lines = 0;
        for (int i = 0; i < board.shots().size(); i++) {
            Shot shot = board.shots().get(i);
            ShotClip clip = made.clips().get(i);
            double shotStart = timeline.startOfNextShot(clip.transition());
            double cursor = shotStart + LEAD;
            List<Line> shotLines = linesOf(shot);
            for (int j = 0; j < shotLines.size(); j++) {
                Line line = shotLines.get(j);
                double seconds;
                if (synth != null) {
                    AudioClip spoken = made.voices().get(i).get(j);
                    timeline = timeline.voice(VoiceClip.of(spoken.file(), cursor, line.text()).speaker(line.speaker()));
                    seconds = spoken.seconds();
                } else {
                    seconds = Math.max(1.2, line.text().codePointCount(0, line.text().length()) / CHARS_PER_SECOND);
                    cues.add(new SubtitleCue(cursor, cursor + seconds, line.text(), line.speaker()));
                }
                lines++;
                cursor += seconds + GAP;
            }
            double length = Math.max(shot.seconds(), cursor - GAP + TAIL - shotStart);
            timeline = timeline.shot(clip.seconds(length));
        }
        reports.add(made.voiceStep().report(synth == null ? "none (subtitles only)" : synth.backend().name(),
                synth == null ? 0 : synth.backend().priceUsdPerCharacter() * made.spokenCharsMade(),
                made.voiceFallbacks().isEmpty() ? "" : made.voiceFallbacks().size()
                        + " spoken by espeak-ng instead: " + String.join("; ", made.voiceFallbacks())));
        if (lipSync != null) {
            reports.add(made.lipSyncStep().report(lipSync.name(), 0, made.lipSyncFallbacks().isEmpty() ? ""
                    : made.lipSyncFallbacks().size() + " kept their plain video: "
                    + String.join("; ", made.lipSyncFallbacks())));
        }

        t = System.nanoTime();
        Optional<Path> musicFile = musicFor(timeline.startOfNextShot(Transition.CUT), work); // to the last shot's end
        Timeline plan = timeline.subtitles(synth != null ? Subtitles.fromVoiceClips() : Subtitles.of(cues))
                .music(musicFile.map(m -> Music.of(m, 0.35).loop(true).duck(true)).orElse(null));
        List<String> setAside = new ArrayList<>();
        Path timelineFile = outDir.resolve("timeline.json");
        keepEdits(timelineFile, written, setAside, listener);
        plan.save(timelineFile);
        written.record(timelineFile);
        Path video = outDir.resolve("video.mp4");
        String timelineKey = WorkFolder.key(plan.toJson(outDir), assembler);
        Path keyFile = work.root().resolve("video.key");
        AssemblyResult assembled = null;
        boolean videoReused = redo.isEmpty() && Files.isRegularFile(video) && timelineKey.equals(readString(keyFile));
        Path srt = outDir.resolve("video.srt"); // the assembler writes it beside video.mp4
        if (!videoReused) {
            keepEdits(srt, written, setAside, listener);
            assembled = assembler.assemble(plan, video, listener, cancellation);
            AtomicFiles.writeString(keyFile, timelineKey);
            if (Files.isRegularFile(srt)) {
                written.record(srt);
            }
        }
        String videoNote = assembled == null ? "timeline unchanged"
                : String.format(Locale.ROOT, "%d frames, %.2fx real time", assembled.frames(), assembled.speed());
        reports.add(new StepReport("video", assembled == null ? "reused" : assembled.encoder(), videoReused ? 0 : 1,
                videoReused ? 1 : 0, since(t), 0, setAside.isEmpty() ? videoNote
                : videoNote + "; your edits kept as " + String.join(", ", setAside)));

        Path datasetDir = null;
        if (dataset != null) {
            t = System.nanoTime();
            datasetDir = outDir.resolve("dataset");
            Path train = datasetDir.resolve("train.jsonl");
            List<String> keptData = new ArrayList<>();
            keepEdits(train, written, keptData, listener);
            DatasetOutcome built = dataset.build(novel, datasetDir, listener, cancellation);
            if (Files.isRegularFile(train)) {
                written.record(train);
            }
            reports.add(new StepReport("dataset", "DatasetBuilder", built.callsMade(), built.callsReused(), since(t),
                    0, built.samples() + " samples in dataset/train.jsonl; counts are summarizer calls"
                    + (keptData.isEmpty() ? "" : "; your edits kept as " + String.join(", ", keptData))));
        }
        return new VideoRun(video, srt, storyboardFile, datasetDir, plan.duration(),
                assembled == null ? "unchanged" : assembled.encoder(), board.characters().size(),
                board.shots().size(), lines, reports, since(start));
    }

    /** Everything the overlapping phase made, in storyboard order whatever order it arrived in. */
    private record Made(Lane.Step characters, Lane.Step pictures, Lane.Step shots, Lane.Step voiceStep,
                        List<ShotClip> clips, List<List<AudioClip>> voices, List<String> fallbacks,
                        long spokenCharsMade, Map<String, CastStep.Sheet> sheets, List<CastStep.PicturePlan> plans,
                        List<Path> pictureFiles, List<String> pictureFallbacks, List<String> voiceFallbacks,
                        Lane.Step lipSyncStep, List<String> lipSyncFallbacks) {
    }

    /**
     * The record of the files a video job wrote into {@code outDir} that a person may edit (storyboard, timeline,
     * subtitles, dataset), for callers that write more such files there (editor projects), so an edit of any of
     * them is never silently replaced.
     */
    public static WrittenFiles writtenFiles(Path outDir) {
        return WrittenFiles.in(outDir, outDir.resolve("work").resolve("written.properties"));
    }

    /** "2 fell back to story cards: shot-03: wanx: HTTP 500 ...; ..." or nothing. */
    private static String fellBack(List<String> fallbacks) {
        return fallbacks.isEmpty() ? "" : fallbacks.size() + " fell back to story cards: " + String.join("; ", fallbacks);
    }

    /**
     * A file a person may have edited since this job wrote it (timeline.json, video.srt, the dataset) is moved
     * aside before it is written again, and said so: an edit is never silently replaced.
     */
    private static void keepEdits(Path file, WrittenFiles written, List<String> setAside, ProgressListener listener) {
        written.setAsideIfEdited(file).ifPresent(aside -> {
            setAside.add(aside.getFileName().toString());
            listener.onMessage(file.getFileName() + " was changed since this job wrote it: kept as " + aside
                    + " (this run writes a new " + file.getFileName() + ")");
        });
    }

    /**
     * Makes the character sheets, shot pictures, shots and voice lines at once: one lane per kind, each as wide as
     * its backend allows; a shot is queued the moment its picture exists. Waits for all of it; the first failure
     * cancels the rest and is thrown.
     */
    private Made makeAll(Storyboard board, VoiceSynth synth, CastStep looks, Set<String> redo, WorkFolder work,
                         ProgressListener listener, Cancellation cancellation) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        int lineCount = synth == null ? 0 : board.shots().stream().mapToInt(s -> linesOf(s).size()).sum();
        Lane.Step characters = new Lane.Step("characters", board.characters().size());
        Lane.Step pictures = new Lane.Step("images", board.shots().size());
        Lane.Step shotStep = new Lane.Step("shots", shots == null ? 0 : board.shots().size());
        Lane.Step voiceStep = new Lane.Step("voices", lineCount);
        boolean syncing = lipSync != null && shots != null && synth != null;
        Lane.Step lipStep = new Lane.Step("lip-sync", !syncing ? 0
                : (int) board.shots().stream().filter(s -> !s.dialogue().isEmpty()).count());
        List<Lane.Step> steps = List.of(characters, pictures, shotStep, voiceStep, lipStep);
        List<Lane> lanes = new ArrayList<>();
        Lane imageLane = lane("images", images.name(), images.remoteService(), cores, lanes);
        Lane shotLane = shots == null ? null
                : lane("shots", shots.primary().name(), shots.primary().remoteService(), cores, lanes);
        Lane voiceLane = synth == null ? null
                : lane("voices", synth.backend().name(), synth.backend().remoteService(), cores, lanes);
        Lane lipLane = !syncing ? null : lane("lip-sync", lipSync.name(), lipSync.remoteService(), cores, lanes);

        Map<String, String> pictureFallbacks = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> voiceFallbacks = new java.util.concurrent.ConcurrentHashMap<>();
        Cancellation inner = new Cancellation();
        List<AutoCloseable> held = new ArrayList<>();
        held.add(cancellation.onCancel(inner::cancel));
        lanes.stream().map(Lane::remoteService).flatMap(Optional::stream).distinct()
                .forEach(service -> held.add(service.watch(listener)));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        java.util.function.Consumer<CompletableFuture<?>> track = f -> {
            all.add(f);
            f.whenComplete((v, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    if (!(cause instanceof CancelledException && inner.isCancelled())) {
                        failure.compareAndSet(null, cause instanceof RuntimeException r ? r
                                : new NovelKitException("the video job failed: " + cause, cause));
                    }
                    inner.cancel();
                } else {
                    tick(listener, steps, lanes);
                }
            });
        };
        try {
            Map<String, CompletableFuture<WorkFolder.Output<CastStep.Sheet>>> sheetFutures = new LinkedHashMap<>();
            for (Character c : board.characters()) {
                CompletableFuture<WorkFolder.Output<CastStep.Sheet>> sheet = imageLane.submit(characters,
                        "character sheet " + c.name(), inner, () -> characterSheet(c, looks, work, inner,
                                pictureFallbacks));
                track.accept(sheet);
                sheetFutures.put(c.name(), sheet);
            }
            // A shot waits for the sheets of the characters it shows when a backend sends them as references.
            List<CompletableFuture<Map<String, CastStep.Sheet>>> castSheets = new ArrayList<>();
            List<CompletableFuture<WorkFolder.Output<CastStep.PicturePlan>>> pictureFutures = new ArrayList<>();
            for (Shot shot : board.shots()) {
                CompletableFuture<Map<String, CastStep.Sheet>> ready = sheetsOf(looks.cast().inShot(board, shot),
                        sheetFutures);
                castSheets.add(ready);
                boolean again = redo.contains(shot.id());
                CompletableFuture<WorkFolder.Output<CastStep.PicturePlan>> picture = images.maxReferences() > 0
                        ? imageLane.after(ready, pictures, "picture of shot " + shot.id(), inner,
                        sheets -> shotImage(looks.picturePlan(shot, sheets), work, again, inner, pictureFallbacks))
                        : imageLane.submit(pictures, "picture of shot " + shot.id(), inner,
                        () -> shotImage(looks.picturePlan(shot, Map.of()), work, again, inner, pictureFallbacks));
                track.accept(picture);
                pictureFutures.add(picture);
            }
            List<CompletableFuture<ShotClip>> clipFutures = new ArrayList<>();
            List<CompletableFuture<WorkFolder.Output<ShotOutcome>>> outcomes = new ArrayList<>();
            for (int i = 0; i < board.shots().size(); i++) {
                Shot shot = board.shots().get(i);
                CompletableFuture<WorkFolder.Output<CastStep.PicturePlan>> picture = pictureFutures.get(i);
                boolean again = redo.contains(shot.id());
                if (shotLane == null) {
                    clipFutures.add(picture.thenApply(p -> ShotClip.still(p.file(), shot.seconds())
                            .kenBurns(KenBurns.of(shot.camera())).transition(Transition.crossfade(0.4))));
                } else {
                    CompletableFuture<WorkFolder.Output<ShotOutcome>> outcome = shotLane.after(
                            picture.thenCombine(castSheets.get(i), ClipInput::new), shotStep, "shot " + shot.id(),
                            inner, in -> shotClip(in.picture().value(), in.picture().file(), in.sheets(), looks, work,
                                    again, inner));
                    track.accept(outcome);
                    outcomes.add(outcome);
                    clipFutures.add(outcome.thenApply(o -> ShotClip.video(o.file(), shot.seconds())
                            .transition(Transition.crossfade(0.4))));
                }
            }
            List<List<CompletableFuture<WorkFolder.Output<AudioClip>>>> voiceFutures = new ArrayList<>();
            for (Shot shot : board.shots()) {
                List<CompletableFuture<WorkFolder.Output<AudioClip>>> perShot = new ArrayList<>();
                if (voiceLane != null) {
                    List<Line> shotLines = linesOf(shot);
                    for (int j = 0; j < shotLines.size(); j++) {
                        Line line = shotLines.get(j);
                        String which = shot.id() + " line " + (j + 1);
                        CompletableFuture<WorkFolder.Output<AudioClip>> voice = voiceLane.submit(voiceStep,
                                "line " + (j + 1) + " of shot " + shot.id(), inner,
                                () -> voiceLine(synth, line, work, inner, which, voiceFallbacks));
                        track.accept(voice);
                        perShot.add(voice);
                    }
                }
                voiceFutures.add(perShot);
            }
            // Lip-sync: as soon as a shot and its voices exist; a shot lip-sync cannot do keeps its plain video.
            List<CompletableFuture<Optional<WorkFolder.Output<Path>>>> synced = new ArrayList<>();
            List<String> lipSyncFallbacks = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < board.shots().size(); i++) {
                Shot shot = board.shots().get(i);
                if (lipLane == null || shot.dialogue().isEmpty()) {
                    synced.add(CompletableFuture.completedFuture(Optional.empty()));
                    continue;
                }
                List<CompletableFuture<WorkFolder.Output<AudioClip>>> lines = voiceFutures.get(i);
                CompletableFuture<WorkFolder.Output<ShotOutcome>> outcome = outcomes.get(i);
                CompletableFuture<Void> inputs = CompletableFuture.allOf(
                        java.util.stream.Stream.concat(lines.stream(), java.util.stream.Stream.of(outcome))
                                .toArray(CompletableFuture[]::new));
                CompletableFuture<Optional<WorkFolder.Output<Path>>> one = inputs.thenCompose(v -> {
                    Optional<String> videoId = remoteIdOf(outcome.join().file());
                    if (videoId.isEmpty()) {
                        lipStep.pass();
                        return CompletableFuture.completedFuture(Optional.empty());
                    }
                    return lipLane.submit(lipStep, "lip-sync of shot " + shot.id(), inner,
                                    () -> lipSynced(shot, videoId.get(), lines.stream().map(CompletableFuture::join)
                                            .toList(), synth.backend().name(), work, inner))
                            .thenApply(Optional::of)
                            .exceptionally(e -> {
                                Throwable cause = e.getCause() != null ? e.getCause() : e;
                                boolean kept = cause instanceof NovelKitException
                                        || cause instanceof java.io.UncheckedIOException;
                                if (!kept || cause instanceof CancelledException || inner.isCancelled()
                                        || cause instanceof BackendException b && b.isThrottled()) {
                                    throw e instanceof RuntimeException r ? r
                                            : new java.util.concurrent.CompletionException(cause);
                                }
                                lipStep.pass();
                                lipSyncFallbacks.add(shot.id() + ": " + cause.getMessage());
                                return Optional.empty();
                            });
                });
                track.accept(one);
                synced.add(one);
            }
            ScheduledFuture<?> ticker = TICKER.scheduleWithFixedDelay(() -> tick(listener, steps, lanes), 1, 1,
                    TimeUnit.SECONDS);
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
            } finally {
                ticker.cancel(false);
            }
            if (cancellation.isCancelled()) {
                throw new CancelledException("the video job");
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            tick(listener, steps, lanes);
            List<ShotClip> clips = new ArrayList<>();
            for (int i = 0; i < clipFutures.size(); i++) {
                ShotClip clip = clipFutures.get(i).join();
                Optional<WorkFolder.Output<Path>> lips = synced.get(i).join();
                clips.add(lips.isPresent() ? ShotClip.video(lips.get().file(), board.shots().get(i).seconds())
                        .transition(clip.transition()) : clip);
            }
            List<String> fallbacks = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                ShotOutcome o = outcomes.get(i).join().value();
                if (o != null && o.fellBack()) {
                    fallbacks.add(board.shots().get(i).id() + ": " + o.fallbackReason());
                }
            }
            List<List<AudioClip>> spoken = new ArrayList<>();
            long charsMade = 0;
            for (int i = 0; i < voiceFutures.size(); i++) {
                List<AudioClip> perShot = new ArrayList<>();
                List<Line> shotLines = linesOf(board.shots().get(i));
                for (int j = 0; j < voiceFutures.get(i).size(); j++) {
                    WorkFolder.Output<AudioClip> o = voiceFutures.get(i).get(j).join();
                    perShot.add(AudioClip.measure(o.file(), synth.backend().name()));
                    charsMade += o.reused() ? 0 : shotLines.get(j).text().length();
                }
                spoken.add(perShot);
            }
            Map<String, CastStep.Sheet> sheets = new LinkedHashMap<>();
            sheetFutures.forEach((name, f) -> sheets.put(name, f.join().value()));
            List<CastStep.PicturePlan> plans = pictureFutures.stream().map(f -> f.join().value()).toList();
            List<Path> pictureFiles = pictureFutures.stream().map(f -> f.join().file()).toList();
            List<String> lipNotes = new ArrayList<>(lipSyncFallbacks);
            java.util.Collections.sort(lipNotes);
            return new Made(characters, pictures, shotStep, voiceStep, clips, spoken, fallbacks, charsMade, sheets,
                    plans, pictureFiles, inOrder(pictureFallbacks, board), inOrder(voiceFallbacks, board), lipStep,
                    lipNotes);
        } finally {
            inner.cancel();
            for (AutoCloseable h : held) {
                try {
                    h.close();
                } catch (Exception ignored) {
                    // closing a registration or a watch does not fail
                }
            }
            lanes.forEach(Lane::close);
        }
    }

    private static Lane lane(String kind, String backend, Optional<RemoteService> remote, int cores, List<Lane> lanes) {
        Lane lane = remote.map(s -> Lane.remote(kind, s)).orElseGet(() -> Lane.local(kind, backend, cores));
        lanes.add(lane);
        return lane;
    }

    /**
     * The progress line of the overlapping phase: per kind, done of total and what is in flight and waiting. Ticks
     * come from many threads; each is counted and told under the job's lock on its steps, so lines never go
     * backwards.
     */
    private static void tick(ProgressListener listener, List<Lane.Step> steps, List<Lane> lanes) {
        synchronized (steps) {
            tell(listener, steps, lanes);
        }
    }

    private static void tell(ProgressListener listener, List<Lane.Step> steps, List<Lane> lanes) {
        long done = 0;
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (Lane.Step s : steps) {
            done += s.done();
            total += s.total;
            if (s.total > 0) {
                parts.add(s.name + " " + s.done() + "/" + s.total);
            }
        }
        for (Lane lane : lanes) {
            parts.add(lane.activity());
        }
        listener.onProgress(new Progress("pictures, shots, voices", done, total, String.join(" · ", parts)));
    }

    /** Listener calls from many threads, one at a time and in the order they were made. */
    private static ProgressListener ordered(ProgressListener listener) {
        ProgressListener l = Objects.requireNonNull(listener, "listener");
        return new ProgressListener() {
            @Override
            public synchronized void onProgress(Progress progress) {
                l.onProgress(progress);
            }

            @Override
            public synchronized void onMessage(String message) {
                l.onMessage(message);
            }
        };
    }

    private record BoardOutcome(Storyboard board, boolean reused, String note) {
    }

    /**
     * OUT/storyboard.json: reused when this job wrote it from this novel with this extractor; made again when this
     * job wrote it from something else; and kept whenever a person wrote or edited it, with a note of what no
     * longer matches (the novel, the storyboard settings, names the novel does not have). Never silently replaced.
     */
    private BoardOutcome storyboard(Novel novel, Path file, WorkFolder work, WrittenFiles written,
                                    ProgressListener listener) {
        String novelKey = WorkFolder.key(novel.text());
        String extractorKey = WorkFolder.key(extractor.name(), extractor.fingerprint());
        Path keyFile = work.root().resolve("storyboard.key");
        java.util.Properties made = readKeys(keyFile, novel);
        boolean sameNovel = novelKey.equals(made.getProperty("novel"));
        boolean sameSettings = extractorKey.equals(made.getProperty("extractor"));
        WrittenFiles.State state = written.state(file);
        if (state == WrittenFiles.State.AS_WRITTEN && sameNovel && sameSettings) {
            listener.onMessage("storyboard: using " + file);
            return new BoardOutcome(StoryboardJson.read(file), true, "");
        }
        if (state == WrittenFiles.State.EDITED || state == WrittenFiles.State.UNKNOWN) {
            Storyboard board = StoryboardJson.read(file);
            List<String> stale = new ArrayList<>();
            if (!made.isEmpty() && !sameNovel) {
                stale.add("the novel changed since it was made");
            }
            if (!made.isEmpty() && !sameSettings) {
                stale.add("it was made with other storyboard settings ("
                        + settingsChange(made.getProperty("extractor.settings", ""), extractor.fingerprint()) + ")");
            }
            List<String> strangers = board.characters().stream().map(Character::name)
                    .filter(n -> !n.isBlank() && !novel.text().contains(n)).toList();
            if (!strangers.isEmpty()) {
                stale.add("the novel has no " + String.join(", ", strangers));
            }
            String whose = state == WrittenFiles.State.EDITED ? "your edited " : "the hand-written ";
            String note = "kept " + whose + file.getFileName() + (stale.isEmpty() ? ""
                    : ", though " + String.join("; ", stale) + " (move it away to make a new one)");
            listener.onMessage("storyboard: " + note);
            return new BoardOutcome(board, true, note);
        }
        List<StoryText.Part> parts = new ArrayList<>();
        for (Chapter c : novel.chapters()) {
            // A preface that is only the title line has nothing to picture.
            if (!c.text().strip().equals(novel.title()) && !c.text().isBlank()) {
                parts.add(new StoryText.Part(c.title(), c.text()));
            }
        }
        StoryboardExtractor.Extraction extraction = extractor.extractWithFallbacks(
                new StoryText(novel.title(), parts), listener);
        Storyboard board = extraction.storyboard();
        StoryboardJson.write(board, file);
        written.record(file);
        AtomicFiles.writeString(keyFile, "novel=" + novelKey + "\nextractor=" + extractorKey + "\nextractor.settings="
                + extractor.fingerprint().replace("\n", " ").replace("\\", "\\\\") + "\n");
        String note = extraction.fallbacks().isEmpty() ? "" : extraction.fallbacks().size() + " of " + parts.size()
                + " chapters by the fallback extractor: " + String.join("; ", extraction.fallbacks());
        return new BoardOutcome(board, false, note);
    }

    /**
     * "maxShots 12 → 8" for settings written as {@code Name[a=1, b=2] rest}; both in full when they do not
     * parse. What follows the brackets (a model's server and name) is compared as a whole.
     */
    static String settingsChange(String before, String now) {
        java.util.regex.Pattern shape = java.util.regex.Pattern.compile("([^\\[]*)\\[(.*)]([^\\]]*)");
        java.util.regex.Matcher a = shape.matcher(before);
        java.util.regex.Matcher b = shape.matcher(now);
        if (!a.matches() || !b.matches() || !a.group(1).equals(b.group(1))) {
            return "was " + (before.isEmpty() ? "unknown" : before) + ", now " + now;
        }
        Map<String, String> old = new LinkedHashMap<>();
        for (String pair : a.group(2).split(", ")) {
            int eq = pair.indexOf('=');
            old.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        List<String> changes = new ArrayList<>();
        for (String pair : b.group(2).split(", ")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            if (!v.equals(old.get(k))) {
                changes.add(k + " " + old.getOrDefault(k, "unset") + " → " + v);
            }
        }
        if (!a.group(3).strip().equals(b.group(3).strip())) {
            changes.add(a.group(3).strip() + " → " + b.group(3).strip());
        }
        return changes.isEmpty() ? "was " + before + ", now " + now : String.join(", ", changes);
    }

    /**
     * What the last storyboard was made from: {@code novel}, {@code extractor} (hashes) and {@code
     * extractor.settings}; an older one-line key is read as both hashes at once.
     */
    private java.util.Properties readKeys(Path keyFile, Novel novel) {
        java.util.Properties p = new java.util.Properties();
        String text = readString(keyFile);
        if (text == null) {
            return p;
        }
        if (!text.contains("=")) {
            // written before the novel and the settings were told apart
            boolean same = text.equals(WorkFolder.key(novel.text(), extractor.name(), extractor.fingerprint()));
            p.setProperty("novel", same ? WorkFolder.key(novel.text()) : "?");
            p.setProperty("extractor", same ? WorkFolder.key(extractor.name(), extractor.fingerprint()) : "?");
            return p;
        }
        try {
            p.load(new java.io.StringReader(text));
        } catch (IOException e) {
            p.clear();
        }
        return p;
    }

    /** A shot's picture and the sheets of the characters in it: what its clip is made from. */
    private record ClipInput(WorkFolder.Output<CastStep.PicturePlan> picture, Map<String, CastStep.Sheet> sheets) {
    }

    /** The sheets of {@code cast}, once all of them are there. */
    private static CompletableFuture<Map<String, CastStep.Sheet>> sheetsOf(List<CharacterLook> cast,
            Map<String, CompletableFuture<WorkFolder.Output<CastStep.Sheet>>> sheetFutures) {
        List<CompletableFuture<WorkFolder.Output<CastStep.Sheet>>> needed = new ArrayList<>();
        cast.forEach(l -> needed.add(sheetFutures.get(l.name())));
        return CompletableFuture.allOf(needed.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, CastStep.Sheet> sheets = new LinkedHashMap<>();
            needed.forEach(f -> {
                CastStep.Sheet sheet = f.join().value();
                sheets.put(sheet.look().name(), sheet);
            });
            return sheets;
        });
    }

    /** The character's sheet: the user's picture where they put one, otherwise made (once) and put in place. */
    private WorkFolder.Output<CastStep.Sheet> characterSheet(Character c, CastStep looks, WorkFolder work,
                                                             Cancellation cancellation,
                                                             Map<String, String> fallbacks) {
        CastStep.SheetPlan plan = looks.sheetPlan(c);
        if (plan.yours().isPresent()) {
            return new WorkFolder.Output<>(plan.placed(), true, looks.place(plan, null));
        }
        WorkFolder.Output<GeneratedImage> made = picture(work, "characters", plan.key(), false,
                "character " + c.name(), cancellation, fallbacks, tmp -> plan.request(tmp, format));
        return new WorkFolder.Output<>(made.file(), made.reused(), looks.place(plan, made.file()));
    }

    private WorkFolder.Output<CastStep.PicturePlan> shotImage(CastStep.PicturePlan plan, WorkFolder work,
                                                              boolean again, Cancellation cancellation,
                                                              Map<String, String> fallbacks) {
        // No caption on shot pictures: the burned-in subtitles take the bottom of the frame.
        WorkFolder.Output<GeneratedImage> made = picture(work, "images", plan.key(), again, plan.shot().id(),
                cancellation, fallbacks, tmp -> plan.request(tmp, format));
        return new WorkFolder.Output<>(made.file(), made.reused(), plan);
    }

    /**
     * A picture by the image backend under {@code key}; when the backend fails on it, an offline story card
     * instead (under a key of its own, so the next run asks the backend again), with the reason kept in
     * {@code fallbacks} under {@code what}.
     */
    private WorkFolder.Output<GeneratedImage> picture(WorkFolder work, String kind, String key, boolean again,
                                                      String what, Cancellation cancellation,
                                                      Map<String, String> fallbacks,
                                                      java.util.function.Function<Path, ImageRequest> request) {
        WorkFolder.Maker<GeneratedImage> maker = tmp -> images.generate(request.apply(tmp), cancellation);
        try {
            return again ? work.redo(kind, key, "png", maker) : work.produce(kind, key, "png", maker);
        } catch (BackendException e) {
            if (images instanceof StoryCardRenderer) {
                throw e;
            }
            cancellation.throwIfCancelled(what);
            fallbacks.put(what, what + ": " + e.getMessage());
            StoryCardRenderer cards = StoryCardRenderer.defaults();
            return work.produce(kind, WorkFolder.key(key, "fallback", cards.name()), "png",
                    tmp -> cards.generate(request.apply(tmp), cancellation));
        }
    }

    /** The fallback notes in storyboard order (characters first, then shots), whatever order they came in. */
    private static List<String> inOrder(Map<String, String> notes, Storyboard board) {
        List<String> ordered = new ArrayList<>();
        for (Character c : board.characters()) {
            Optional.ofNullable(notes.get("character " + c.name())).ifPresent(ordered::add);
        }
        for (Shot shot : board.shots()) {
            Optional.ofNullable(notes.get(shot.id())).ifPresent(ordered::add);
            for (int j = 1; j <= linesOf(shot).size(); j++) {
                Optional.ofNullable(notes.get(shot.id() + " line " + j)).ifPresent(ordered::add);
            }
        }
        return ordered;
    }

    private WorkFolder.Output<ShotOutcome> shotClip(CastStep.PicturePlan plan, Path picture,
                                                    Map<String, CastStep.Sheet> sheets, CastStep looks,
                                                    WorkFolder work, boolean again, Cancellation cancellation) {
        Shot shot = plan.shot();
        List<ReferenceImage> references = looks.clipReferences(plan, sheets, shots.primary());
        String key = references.isEmpty()
                ? WorkFolder.key("clip", shots.primary().identity(), WorkFolder.fileKey(picture), shot.camera(),
                shot.seconds(), shot.imageDescription(), format)
                : WorkFolder.key("clip", shots.primary().identity(), WorkFolder.fileKey(picture), shot.camera(),
                shot.seconds(), shot.imageDescription(), format, CastStep.referenceKey(references, sheets));
        // A remote task is recorded beside its output before it is polled: a killed run takes it up again.
        Path taskFile = work.root().resolve("shots").resolve(key + ".task");
        WorkFolder.Maker<ShotOutcome> maker = tmp -> {
            ShotOutcome o = shots.generate(ShotRequest.of(picture, shot.seconds()).prompt(shot.imageDescription())
                    .move(shot.camera()).format(format).references(references).taskFile(taskFile), tmp, cancellation);
            // the service's own id of the video (Kling's, for lip-sync), kept beside it for later runs
            Path remote = remoteIdFile(tmp.resolveSibling(key + ".mp4"));
            if (!o.fellBack() && !o.remoteId().isEmpty()) {
                AtomicFiles.writeString(remote, o.remoteId());
            } else {
                Files.deleteIfExists(remote);
            }
            return o;
        };
        if (again) {
            deleteQuietly(taskFile); // a new video, not the recorded task's
        }
        WorkFolder.Output<ShotOutcome> made = again ? work.redo("shots", key, "mp4", maker)
                : work.produce("shots", key, "mp4", maker);
        deleteQuietly(taskFile); // the video is stored: the task it came from is not needed again
        if (!made.reused() && made.value() != null && made.value().fellBack()) {
            // a Ken Burns stand-in is kept under a key of its own, so the next run asks the backend again
            Path standIn = made.file().resolveSibling(WorkFolder.key(key, "fallback") + ".mp4");
            try {
                Files.move(made.file(), standIn, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw FileProblems.writing(standIn, e);
            }
            return new WorkFolder.Output<>(standIn, false, made.value());
        }
        return made;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale task record only names a finished task; the next run of this shot replaces it
        }
    }

    private static Path remoteIdFile(Path shotFile) {
        String name = shotFile.getFileName().toString();
        return shotFile.resolveSibling(name.substring(0, name.length() - ".mp4".length()) + ".remote");
    }

    /** The service's id of a shot's video, when a remote backend made it. */
    private static Optional<String> remoteIdOf(Path shotFile) {
        String id = readString(remoteIdFile(shotFile));
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * Lip-syncs one shot: a track of its dialogue lines (not the narration: the narrator is not on screen), placed
     * where the video plays them relative to the shot's start, sent with the shot's video id.
     */
    private WorkFolder.Output<Path> lipSynced(Shot shot, String videoId, List<WorkFolder.Output<AudioClip>> voiceFiles,
                                              String voiceBackend, WorkFolder work, Cancellation cancellation) {
        List<Line> lines = linesOf(shot);
        List<VoiceTrack.Placement> placed = new ArrayList<>();
        List<String> keyParts = new ArrayList<>(List.of("lipsync", lipSync.identity(), videoId));
        double cursor = LEAD;
        for (int j = 0; j < lines.size(); j++) {
            AudioClip clip = AudioClip.measure(voiceFiles.get(j).file(), voiceBackend);
            if (!lines.get(j).speaker().equals(VoiceSynth.NARRATOR)) {
                placed.add(new VoiceTrack.Placement(clip.file(), cursor));
                keyParts.add(clip.file().getFileName() + "@" + cursor);
            }
            cursor += clip.seconds() + GAP;
        }
        double length = cursor - GAP + TAIL;
        String key = WorkFolder.key(keyParts.toArray());
        Path track = work.output("lipsync", key, "wav", tmp -> VoiceTrack.write(placed, length, tmp));
        return work.produce("lipsync", key, "mp4", tmp -> lipSync.sync(LipSyncRequest.audioForVideoId(videoId, track),
                tmp, cancellation));
    }

    /** The ids of the shots to redo, from shot numbers (from 1) or ids; an unknown one is bad input. */
    private Set<String> redoIds(Storyboard board) {
        Set<String> ids = new LinkedHashSet<>();
        for (String wanted : consistency.redo()) {
            String id = null;
            if (wanted.matches("\\d+")) {
                int n = Integer.parseInt(wanted);
                if (n >= 1 && n <= board.shots().size()) {
                    id = board.shots().get(n - 1).id();
                }
            } else if (board.shots().stream().anyMatch(s -> s.id().equals(wanted))) {
                id = wanted;
            }
            if (id == null) {
                int n = board.shots().size();
                throw new InvalidInputException("redoShots", "no shot " + wanted + ": the storyboard has "
                        + n + (n == 1 ? " shot" : " shots") + ", numbered 1 to " + n + " ("
                        + (board.shots().isEmpty() ? "none" : board.shots().get(0).id() + " .. "
                        + board.shots().get(n - 1).id()) + ")");
            }
            ids.add(id);
        }
        return ids;
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

    private WorkFolder.Output<AudioClip> voiceLine(VoiceSynth synth, Line line, WorkFolder work,
                                                   Cancellation cancellation, String what,
                                                   Map<String, String> fallbacks) {
        VoiceProfile profile = synth.profileOf(line.speaker());
        if (!line.emotion().isEmpty() && !line.emotion().equals("calm")) {
            profile = profile.style(line.emotion());
        }
        VoiceProfile chosen = profile;
        String key = WorkFolder.key("voice", synth.backend().identity(), chosen, line.text());
        try {
            return work.produce("voices", key, "wav", tmp -> synth.speak(line.text(), chosen, tmp, cancellation));
        } catch (BackendException e) {
            // a remote voice that failed: espeak-ng speaks the line instead (its own key: the next run asks again)
            if (synth.backend() instanceof EspeakVoiceBackend || !EspeakVoiceBackend.isAvailable()) {
                throw e;
            }
            cancellation.throwIfCancelled(what);
            fallbacks.put(what, what + ": " + e.getMessage());
            VoiceSynth espeak = VoiceSynth.of(EspeakVoiceBackend.defaults());
            VoiceProfile plain = VoiceProfile.of(espeak.backend().defaultVoice()).style(chosen.style());
            return work.produce("voices", WorkFolder.key("voice", "espeak", plain, line.text()), "wav",
                    tmp -> espeak.speak(line.text(), plain, tmp, cancellation));
        }
    }

    private Map<String, VoiceProfile> castFor(Storyboard board) {
        return new LinkedHashMap<>(VoiceCasting.cast(board.characters(), voices.backend().palette()));
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
