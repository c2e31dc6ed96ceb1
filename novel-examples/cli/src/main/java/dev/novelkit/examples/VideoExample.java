package dev.novelkit.examples;

import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.core.story.StoryboardExtractor;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.voice.VoiceSynth;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import dev.novelkit.pipeline.NovelToVideo;
import dev.novelkit.pipeline.VideoRun;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole job offline on the bundled sample novel, small and quick: 4 shots at 540x960. Paste into JShell as it
 * is; run it twice to see every step reused.
 */
public final class VideoExample {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "novelkit-video-example");
        Path novel = out.resolve("novel.txt");
        Files.createDirectories(out);
        try (InputStream in = VideoExample.class.getResourceAsStream("/samples/dukou-denghuo.txt")) {
            Files.write(novel, in.readAllBytes());
        }
        NovelToVideo job = NovelToVideo.offline()
                .storyboard(OfflineStoryboardExtractor.defaults().maxShots(4))
                .format(VideoFormat.custom(540, 960, 24))
                .setting("古风, 江南水乡, 水墨淡彩")
                .voices(EspeakVoiceBackend.isAvailable() ? VoiceSynth.of(EspeakVoiceBackend.defaults()) : null, true);
        VideoRun run = job.run(novel, out);
        System.out.print(run.render());
    }
}
