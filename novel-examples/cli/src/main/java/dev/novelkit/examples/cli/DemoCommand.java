package dev.novelkit.examples.cli;

import dev.novelkit.core.config.Settings;
import dev.novelkit.core.io.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code novelkit demo}: the whole job fully offline on the bundled sample novel. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole job fully offline on the bundled sample novel 《渡口灯火》.",
                "Writes OUT/video.mp4 (1080x1920 H.264 + AAC), OUT/video.srt, OUT/storyboard.json and "
                        + "OUT/dataset/train.jsonl. Without espeak-ng the video has no voices and the subtitles "
                        + "carry the dialogue.",
                "--export mlt,fcpxml,otio also writes OUT/project.mlt, .fcpxml, .otio, .srt and OUT/media/."})
final class DemoCommand implements Callable<Integer> {
    /** The bundled sample novel on the classpath. */
    static final String SAMPLE = "/samples/dukou-denghuo.txt";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "novelkit-demo", description = "The output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--max-shots", defaultValue = "12", description = "At most this many shots (default: ${DEFAULT-VALUE}).")
    int maxShots;

    @Option(names = "--export", description = "Also write editor projects beside video.mp4: any of mlt, fcpxml, otio.")
    String export;

    @Override
    public Integer call() {
        AtomicFiles.createFolder(out);
        Path novel = out.resolve("novel.txt");
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the sample novel " + SAMPLE + " is missing from the jar");
            }
            byte[] text = in.readAllBytes();
            AtomicFiles.writeBytes(novel, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the sample novel to " + novel, e);
        }
        Map<String, String> flags = new java.util.HashMap<>(Map.of("max.shots", String.valueOf(maxShots),
                "dataset", "true", "image.backend", "card", "shot.backend", "kenburns", "storyboard", "offline",
                "voice.backend", "espeak", "music", "generated", "setting", "古风, 江南水乡, 水墨淡彩"));
        flags.put("export", export);
        Settings settings = Settings.of(flags, System.getenv(), null);
        VideoJob.run(VideoJob.configure(settings, spec.commandLine().getOut()), VideoJob.exports(settings), novel, null,
                out, spec.commandLine().getOut());
        return 0;
    }
}
