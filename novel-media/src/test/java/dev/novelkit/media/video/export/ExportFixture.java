package dev.novelkit.media.video.export;

import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SoundEffect;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.tone;

/** A small timeline with every kind of item, its media in {@code dir/out/work} and its music outside {@code out}. */
final class ExportFixture {
    private ExportFixture() {
    }

    static Timeline sample(Path dir) throws IOException {
        Path work = Files.createDirectories(dir.resolve("out/work"));
        return Timeline.of(VideoFormat.custom(120, 214, 10))
                .shot(ShotClip.still(still(work, "a.png", 240, 400, 0.1f), 1.5).transition(Transition.crossfade(0.3)))
                .shot(ShotClip.still(still(work, "b.png", 240, 400, 0.4f), 2.05).kenBurns(KenBurns.of(CameraMove.TILT_UP))
                        .transition(Transition.crossfade(0.35)))
                .shot(ShotClip.still(still(work, "c.png", 240, 400, 0.7f), 1.5).transition(Transition.fade(0.4)))
                .voice(VoiceClip.of(tone(work, "v1.wav", 800, 0.6, 0.4, 16000), 0.33, "第一句话。").speaker("周伯"))
                .voice(VoiceClip.of(tone(work, "v2.wav", 800, 0.5, 0.4, 16000), 0.7, "同时说的第二句。"))
                .voice(VoiceClip.of(tone(work, "v3.wav", 800, 0.5, 0.4, 16000), 4.6, "最后一句会被截断。"))
                .music(Music.of(tone(dir, "outside-music.wav", 300, 2.0, 0.3, 22050), 0.4))
                .effect(new SoundEffect(tone(work, "fx.wav", 2000, 0.2, 0.3, 16000), 2.5, 1.2))
                .subtitles(Subtitles.fromVoiceClips());
    }

    /** The first frame and the frame after the last of each shot, as the assembler numbers them. */
    static long[][] shotFrames(Timeline t) {
        long[][] out = new long[t.shots().size()][2];
        java.util.List<Long> starts = t.shotStartsMicros();
        for (int k = 0; k < out.length; k++) {
            out[k][0] = t.format().frameAt(starts.get(k));
            out[k][1] = t.format().frameAt(starts.get(k) + Timeline.micros(t.shots().get(k).seconds()));
        }
        return out;
    }
}
