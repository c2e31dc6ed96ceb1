package dev.novelkit.examples.cli;

import dev.novelkit.core.config.Settings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code novelkit video}: the whole job, a novel in and a short video out. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = {"The whole job: a novel in, a short video out.",
                "Writes OUT/video.mp4, OUT/video.srt, OUT/storyboard.json (edit it and run again: only what changed is "
                        + "redone), OUT/timeline.json and OUT/work/ (every step's outputs, keyed by their inputs).",
                "--export mlt,fcpxml,otio also writes OUT/project.mlt, .fcpxml, .otio, .srt and OUT/media/ for "
                        + "Shotcut, Kdenlive, Final Cut Pro or DaVinci Resolve.",
                "Each option can also come from NOVELKIT_<NAME> (e.g. NOVELKIT_IMAGE_BACKEND) or from "
                        + "novelkit.properties (image.backend=...); a flag wins over the variable, the variable over "
                        + "the file."})
final class VideoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, description = "The novel (UTF-8, UTF-16 or GB18030 text).")
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

    @Option(names = "--export", description = "Also write editor projects beside video.mp4: any of mlt (Shotcut, "
            + "Kdenlive), fcpxml (Final Cut Pro, DaVinci Resolve), otio (OpenTimelineIO), comma-separated; none (default).")
    String export;

    @Option(names = "--dataset", description = "Also build the fine-tuning dataset into OUT/dataset/.")
    Boolean dataset;

    @Option(names = "--config", description = "Properties file (default: novelkit.properties in the current folder).")
    Path config;

    @Override
    public Integer call() {
        Settings settings = Settings.of(flags(), System.getenv(),
                config != null ? config : Path.of("novelkit.properties"));
        VideoJob.run(VideoJob.configure(settings, spec.commandLine().getOut()), VideoJob.exports(settings), input, out,
                spec.commandLine().getOut());
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
        f.put("export", export);
        return f;
    }
}
