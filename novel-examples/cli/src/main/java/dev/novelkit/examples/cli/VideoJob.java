package dev.novelkit.examples.cli;

import dev.novelkit.core.config.Settings;
import dev.novelkit.core.io.WrittenFiles;
import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.dataset.storyboard.LlmStoryboardExtractor;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.DatasetBuilder;
import dev.novelkit.dataset.build.DatasetResult;
import dev.novelkit.dataset.io.DatasetWriter;
import dev.novelkit.core.story.StoryboardExtractor;
import dev.novelkit.dataset.summary.offline.OfflineSummarizer;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.llm.openai.OpenAiSettings;
import dev.novelkit.media.consistency.ConsistencyCheck;
import dev.novelkit.media.consistency.openai.OpenAiVisionJudge;
import dev.novelkit.media.prompt.MidjourneyParams;
import dev.novelkit.media.lipsync.kling.KlingLipSync;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.shot.kling.KlingShotBackend;
import dev.novelkit.media.shot.ShotGenerator;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.export.EditorExport;
import dev.novelkit.media.video.export.EditorExporter;
import dev.novelkit.media.video.export.ExportResult;
import dev.novelkit.media.voice.VoiceSynth;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import dev.novelkit.pipeline.NovelToVideo;

import dev.novelkit.pipeline.VideoRun;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs {@link NovelToVideo} from {@link Settings} for {@code novelkit video} and {@code novelkit demo}:
 * the backend of each step chosen by name (flag, then {@code NOVELKIT_*} variable, then novelkit.properties).
 */
final class VideoJob {
    private VideoJob() {
    }

    static NovelToVideo configure(Settings s, PrintWriter out) {
        int maxShots = s.getInt("max.shots", 12);
        if (maxShots < 1) {
            throw new InvalidInputException(source(s, "max.shots"), "must be at least 1, was " + maxShots);
        }
        int fps = s.getInt("fps", 30);
        if (fps < 1 || fps > 120) {
            throw new InvalidInputException(source(s, "fps"), "must be between 1 and 120, was " + fps);
        }
        NovelToVideo job = NovelToVideo.offline()
                .format(format(s.get("aspect", "9:16"), fps, source(s, "aspect")))
                .setting(s.get("setting", ""));

        String storyboard = s.get("storyboard", "offline").toLowerCase(Locale.ROOT);
        job = job.storyboard(switch (storyboard) {
            case "offline" -> OfflineStoryboardExtractor.defaults().maxShots(maxShots);
            case "llm" -> LlmStoryboardExtractor.of(chatModel(s)).maxShots(maxShots);
            default -> throw new InvalidInputException(source(s, "storyboard"),
                    "unknown storyboard backend '" + storyboard + "' (offline or llm)");
        });

        job = job.images(ImageCommand.generator(s));

        String shot = s.get("shot.backend", "kenburns").toLowerCase(Locale.ROOT);
        ShotBackend shotBackend = null;
        if (!shot.equals("kenburns") && !shot.equals("ken-burns")) {
            KenBurnsShotRenderer kenBurns = KenBurnsShotRenderer.defaults();
            shotBackend = ShotCommand.backend(s, kenBurns);
            job = job.shots(ShotGenerator.of(shotBackend).fallback(kenBurns));
        }

        String lipSync = s.get("lipsync", "none").toLowerCase(Locale.ROOT);
        switch (lipSync) {
            case "none" -> { }
            case "kling" -> {
                if (!(shotBackend instanceof KlingShotBackend kling)) {
                    throw new InvalidInputException(source(s, "lipsync"), "kling lip-sync works on shots Kling made: "
                            + "use --shot-backend kling");
                }
                job = job.lipSync(KlingLipSync.of(kling));
            }
            default -> throw new InvalidInputException(source(s, "lipsync"), "unknown lip-sync backend '" + lipSync
                    + "' (none or kling)");
        }

        String voice = s.get("voice.backend", "espeak").toLowerCase(Locale.ROOT);
        if (voice.equals("none")) {
            job = job.voices(null, false);
        } else if ((voice.equals("espeak") || voice.equals("espeak-ng")) && !EspeakVoiceBackend.isAvailable()) {
            out.println("espeak-ng is not installed: no voices this time, the subtitles carry the dialogue "
                    + "(apt-get install espeak-ng for spoken lines).");
            job = job.voices(null, false);
        } else {
            job = job.voices(VoiceSynth.of(VoiceCommand.backend(s)), true);
        }

        String music = s.get("music", "generated");
        job = switch (music.toLowerCase(Locale.ROOT)) {
            case "generated" -> job.music(null, true);
            case "none" -> job.music(null, false);
            default -> job.music(Path.of(music), false);
        };
        if (s.getBoolean("dataset", false)) {
            job = job.dataset(VideoJob::offlineDataset);
        }
        return consistency(job, s);
    }

    /** Shots to redo, the vision model of the consistency report, MidJourney prompts to hosted sheets. */
    private static NovelToVideo consistency(NovelToVideo job, Settings s) {
        String redo = s.get("redo.shot", "");
        if (!redo.isBlank()) {
            List<String> shots = new ArrayList<>();
            for (String part : redo.split(",")) {
                if (!part.isBlank()) {
                    shots.add(part.strip());
                }
            }
            job = job.redoShots(shots);
        }
        String vision = s.get("vision.model", null);
        if (vision != null) {
            OpenAiVisionJudge judge = OpenAiVisionJudge.fromEnv(s.environment(), vision);
            String base = s.get("vision.base.url", null);
            if (base != null) {
                try {
                    judge = judge.baseUrl(base);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(source(s, "vision.base.url"), e.problem(), e);
                }
            }
            job = job.consistency(ConsistencyCheck.defaults().vision(judge));
        }
        String sheetsUrl = s.get("sheets.url", null);
        if (sheetsUrl != null) {
            try {
                job = job.midjourney(MidjourneyParams.defaults(), sheetsUrl);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(source(s, "sheets.url"), e.problem(), e);
            }
        }
        return job;
    }

    /** The editor projects asked for with {@code export} (mlt,fcpxml,otio), or null for none. */
    static EditorExport exports(Settings s) {
        String list = s.get("export", "none");
        if (list.isBlank() || list.strip().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return EditorExport.of(EditorExporter.parse(list));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source(s, "export"), e.problem(), e);
        }
    }

    /** Runs the job, then writes the editor projects of its timeline beside video.mp4 when {@code exports} is set. */
    static VideoRun run(NovelToVideo job, EditorExport exports, Path novel, Charset charset, Path out,
                        PrintWriter console) {
        Job<VideoRun> running = job.start(novel, charset, out, ProgressBar.stderr());
        AtomicReference<Job<?>> current = new AtomicReference<>(running);
        // Ctrl-C: stop everything in flight and give it a moment to clean up before the JVM exits.
        Thread hook = new Thread(() -> {
            Job<?> now = current.get();
            now.cancel();
            try {
                now.result().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // cancelled, failed or still stopping: the JVM exits anyway
            }
        }, "novelkit-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            VideoRun run = running.await();
            console.print(run.render());
            if (exports != null) {
                export(exports, Timeline.load(out.resolve("timeline.json")), out, console, current::set);
            }
            console.flush();
            return run;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C: the hook has run
            }
        }
    }

    /** The projects written, where the media went, and any warnings. */
    /**
     * Writes the editor projects of {@code timeline} into {@code folder}; a project (or its SRT) someone opened and
     * saved in their editor since NovelKit wrote it is their work: it is set aside first, and said.
     */
    static ExportResult export(EditorExport exports, Timeline timeline, Path folder, PrintWriter console,
                               java.util.function.Consumer<Job<ExportResult>> started) {
        WrittenFiles written = NovelToVideo.writtenFiles(folder);
        List<Path> projectFiles = new ArrayList<>();
        exports.exporters().forEach(e -> projectFiles.add(folder.resolve("project." + e.extension())));
        projectFiles.add(folder.resolve("project.srt"));
        for (Path f : projectFiles) {
            written.setAsideIfEdited(f).ifPresent(aside -> console.println("export: " + f.getFileName()
                    + " was changed since it was written: kept as " + aside));
        }
        Job<ExportResult> exporting = exports.start(timeline, folder, ProgressBar.stderr());
        started.accept(exporting);
        ExportResult exported = exporting.await();
        exported.projects().forEach(written::record);
        if (exported.subtitles() != null) {
            written.record(exported.subtitles());
        }
        printExport(exported, folder, console);
        return exported;
    }

    static void printExport(ExportResult e, Path folder, PrintWriter console) {
        for (Path p : e.projects()) {
            console.println("project: " + p);
        }
        if (e.subtitles() != null) {
            console.println("subtitles: " + e.subtitles());
        }
        console.printf(Locale.ROOT, "export: %d shots rendered from stills, %d reused (media in %s), %.1f s%n",
                e.shotsRendered(), e.shotsReused(), folder.toAbsolutePath().resolve("media"),
                e.wallTime().toMillis() / 1000.0);
        for (String w : e.warnings()) {
            console.println("warning: " + w);
        }
    }

    /** The fine-tuning dataset with the offline summarizer, resumable through its journal. */
    static NovelToVideo.DatasetOutcome offlineDataset(Novel novel, Path dir, ProgressListener listener,
                                                      Cancellation cancellation) {
        List<Paragraph> paragraphs = NovelSplitter.sentences().split(novel);
        DatasetResult result = DatasetBuilder.of(OfflineSummarizer.defaults())
                .journal(dir.resolve("journal.jsonl")).start(paragraphs, listener, cancellation).await();
        DatasetWriter.jsonl().write(dir.resolve("train.jsonl"), result.samples());
        return new NovelToVideo.DatasetOutcome(result.samples().size(), result.callsMade(), result.callsReused());
    }

    /** The charset named by the "encoding" setting (--encoding), or null to detect it. */
    static Charset charset(Settings s) {
        String name = s.get("encoding", null);
        return name == null || name.isBlank() ? null : Encodings.charset(source(s, "encoding"), name);
    }

    private static OpenAiChatModel chatModel(Settings s) {
        OpenAiSettings llm = OpenAiSettings.resolve(s.get("llm.base.url", null), null, s.get("llm.model", null),
                s.environment());
        RemoteOptions options = RemoteOptions.of(s, "llm");
        OpenAiChatModel model = llm.chatModel();
        return model.deadlines(options.deadlines(model.deadlines())).limits(options.limits(model.limits()));
    }

    private static VideoFormat format(String aspect, int fps, String source) {
        try {
            return aspect.matches("\\d+x\\d+") ? VideoFormat.parseSize(aspect, fps)
                    : VideoFormat.of(VideoFormat.Preset.parse(aspect), fps);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidInputException(source, "expected 9:16, 16:9, 1:1 or WxH, was " + aspect, e);
        }
    }

    private static String source(Settings s, String key) {
        return s.source(key);
    }
}
