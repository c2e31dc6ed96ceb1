package dev.novelkit.examples.cli;

import dev.novelkit.core.config.Settings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code novelkit video}: the whole job, a novel in and a short video out. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = {"The whole job: a novel in, a short video out.",
                "Writes OUT/video.mp4, OUT/video.srt, OUT/storyboard.json (edit it and run again: only what changed is "
                        + "redone), OUT/timeline.json and OUT/work/ (every step's outputs, keyed by their inputs).",
                "--export mlt,fcpxml,otio also writes OUT/project.mlt, .fcpxml, .otio, .srt and OUT/media/ for "
                        + "Shotcut, Kdenlive, Final Cut Pro or DaVinci Resolve.",
                "Each option can also come from -Dnovelkit.<key> (e.g. -Dnovelkit.image.backend=wanx), "
                        + "NOVELKIT_<KEY> (NOVELKIT_IMAGE_BACKEND) or novelkit.properties (image.backend=wanx); a flag "
                        + "wins over the system property, which wins over the variable, which wins over the file."})
final class VideoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true,
            description = "The novel (UTF-8, UTF-16, GB18030/GBK or Big5 text; see --encoding).")
    Path input;

    @Option(names = "--out", required = true, description = "The output folder.")
    Path out;

    @Option(names = "--max-shots", description = "At most this many shots (default 12).")
    String maxShots;

    @Option(names = "--aspect", description = "9:16 (default, 1080x1920), 16:9, 1:1 or WxH.")
    String aspect;

    @Option(names = "--fps", description = "Frames per second (default 30).")
    String fps;

    @Option(names = "--storyboard", description = "offline (default) or llm.")
    String storyboard;

    @Option(names = "--llm-base-url", description = "OpenAI-compatible server for --storyboard llm.")
    String llmBaseUrl;

    @Option(names = "--llm-model", description = "Model for --storyboard llm.")
    String llmModel;

    @Option(names = "--image-backend", description = "card (default, offline), openai, wanx or sdwebui.")
    String imageBackend;

    @Option(names = "--shot-backend", description = "kenburns (default, offline), kling or wan.")
    String shotBackend;

    @Option(names = "--voice-backend", description = "espeak (default, offline), azure, openai or none.")
    String voiceBackend;

    @Option(names = "--music", description = "generated (default), none, or a music file.")
    String music;

    @Option(names = "--setting", description = "Story setting every picture prompt starts with, e.g. \"古风, 江南水乡\".")
    String setting;

    @Option(names = "--redo-shot", paramLabel = "N", split = ",",
            description = "Make this shot's picture (and clip) again, reusing everything else: a shot number from 1 "
                    + "or an id such as shot-05 (repeatable, or comma-separated). OUT/consistency.md names drifted shots.")
    List<String> redoShots;

    @Option(names = "--vision-model", paramLabel = "NAME",
            description = "A vision model on an OpenAI-compatible server (OPENAI_BASE_URL, OPENAI_API_KEY) that "
                    + "compares remote pictures with the character sheets for the consistency report.")
    String visionModel;

    @Option(names = "--vision-base-url", paramLabel = "URL", description = "The vision model's server, if not OPENAI_BASE_URL.")
    String visionBaseUrl;

    @Option(names = "--sheets-url", paramLabel = "URL",
            description = "Where you host OUT/characters/: writes OUT/midjourney.txt, a MidJourney prompt per sheet "
                    + "and shot with --oref (V7) pointing at the sheets.")
    String sheetsUrl;

    @Option(names = "--export", description = "Also write editor projects beside video.mp4: any of mlt (Shotcut, "
            + "Kdenlive), fcpxml (Final Cut Pro, DaVinci Resolve), otio (OpenTimelineIO), comma-separated; none (default).")
    String export;

    @Option(names = "--dataset", description = "Also build the fine-tuning dataset into OUT/dataset/.")
    Boolean dataset;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "The novel's encoding, such as GB18030 or Big5 (default: detect it).")
    String encoding;

    @Option(names = "--lipsync", description = "none (default) or kling: mouths follow the dialogue in Kling shots.")
    String lipsync;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up on any one request to a remote backend after this long (30s, 2m). Default: each "
                    + "backend's deadlines (connect 10 s, first byte 120 s, total 10 min). Per kind: NOVELKIT_IMAGE_TIMEOUT, "
                    + "NOVELKIT_SHOT_TIMEOUT, NOVELKIT_VOICE_TIMEOUT, NOVELKIT_LLM_TIMEOUT.")
    String timeout;

    @Option(names = "--image-max-in-flight", paramLabel = "N",
            description = "Pictures requested at once (default: the backend's, e.g. openai 4, wanx 2, sdwebui 1).")
    String imageMaxInFlight;

    @Option(names = "--shot-max-in-flight", paramLabel = "N",
            description = "Shot tasks in flight at once (default: the backend's, kling 5 as its resource pack allows, wan 2).")
    String shotMaxInFlight;

    @Option(names = "--voice-max-in-flight", paramLabel = "N",
            description = "Voice lines requested at once (default: the backend's, azure and openai 8).")
    String voiceMaxInFlight;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Settings settings = Settings.forCommandLine(flags(), config.config);
        VideoJob.run(VideoJob.configure(settings, spec.commandLine().getOut()), VideoJob.exports(settings), input,
                VideoJob.charset(settings), out, spec.commandLine().getOut());
        return 0;
    }

    private Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("max.shots", maxShots);
        f.put("aspect", aspect);
        f.put("fps", fps);
        f.put("storyboard", storyboard);
        f.put("llm.base.url", llmBaseUrl);
        f.put("llm.model", llmModel);
        f.put("image.backend", imageBackend);
        f.put("shot.backend", shotBackend);
        f.put("voice.backend", voiceBackend);
        f.put("music", music);
        f.put("setting", setting);
        f.put("dataset", dataset == null ? null : dataset.toString());
        f.put("redo.shot", redoShots == null ? null : String.join(",", redoShots));
        f.put("vision.model", visionModel);
        f.put("vision.base.url", visionBaseUrl);
        f.put("sheets.url", sheetsUrl);
        f.put("encoding", encoding);
        f.put("export", export);
        f.put("lipsync", lipsync);
        f.put("timeout", timeout);
        f.put("image.max.in.flight", imageMaxInFlight);
        f.put("shot.max.in.flight", shotMaxInFlight);
        f.put("voice.max.in.flight", voiceMaxInFlight);
        return f;
    }
}
