package dev.novelkit.media.video.export;

import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SoundEffect;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.novelkit.media.MediaFixtures.decodeAudio;
import static dev.novelkit.media.MediaFixtures.grayFrames;
import static dev.novelkit.media.MediaFixtures.probe;
import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.stream;
import static dev.novelkit.media.MediaFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLT export rendered by the real melt matches NovelKit's own render of the same timeline: same length within
 * one frame, the same picture at each shot's midpoint, each voice starting within one frame of its place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MltExportMeltTest {
    private static final int W = 180;
    private static final int H = 320;
    private static final int FPS = 15;
    private static final int RATE = 16_000;
    /** Largest mean absolute luma difference (0..255) allowed between the two renders at a shot's midpoint. */
    static final double MIDPOINT_BOUND = 6.0;
    /** The same for the picture above the subtitle band. */
    static final double PICTURE_BOUND = 4.5;

    private Path dir;
    private Timeline timeline;
    private Path novelkit;
    private Path export;
    private Path melted;

    @BeforeAll
    void exportAndRender(@TempDir Path tmp) throws Exception {
        Melt.require();
        dir = tmp;
        Path src = Files.createDirectories(dir.resolve("sources"));
        Path a = still(src, "a.png", 360, 640, 0.55f);
        Path b = still(src, "b.png", 640, 360, 0.05f);
        Path c = still(src, "c.png", 300, 500, 0.3f);
        Path clip = MediaFixtures.fadingClip(src, "clip.mp4", 320, 240, 25, 1.0);
        timeline = Timeline.of(VideoFormat.custom(W, H, FPS))
                .shot(ShotClip.still(a, 2.0))
                .shot(ShotClip.still(b, 2.2).kenBurns(KenBurns.of(CameraMove.ZOOM_IN)).transition(Transition.crossfade(0.4)))
                .shot(ShotClip.still(c, 2.0).kenBurns(KenBurns.of(CameraMove.PAN_LEFT)).transition(Transition.fade(0.4)))
                .shot(ShotClip.video(clip, 1.8).volume(0).transition(Transition.crossfade(0.4)))
                .voice(VoiceClip.of(tone(src, "v1.wav", 1000, 0.8, 0.5, 22050), 0.55, "雨下了一夜。").speaker("林"))
                .voice(VoiceClip.of(tone(src, "v2.wav", 1000, 0.9, 0.5, 22050), 3.1, "渡口的灯还亮着。"))
                .voice(VoiceClip.of(tone(src, "v3.wav", 1000, 0.7, 0.5, 22050), 5.62, "你来了。"))
                .music(Music.of(tone(src, "music.wav", 220, 1.5, 0.5, 44100), 0.35))
                .effect(new SoundEffect(tone(src, "door.wav", 3000, 0.3, 0.4, 44100), 4.4, 0.8))
                .subtitles(Subtitles.fromVoiceClips());
        novelkit = VideoAssembler.defaults().assemble(timeline, dir.resolve("out/video.mp4")).file();
        export = dir.resolve("out");
        EditorExport.all().export(timeline, export);
        melted = Melt.render(export.resolve("project.mlt"), dir.resolve("melt.mp4"), dir);
    }

    @Test
    void melt_renders_the_project_as_long_as_novelkits_video_within_one_frame() throws Exception {
        long ours = stream(probe(novelkit), "video").path("nb_frames").asLong();
        long theirs = stream(probe(melted), "video").path("nb_frames").asLong();
        assertThat(ours).isEqualTo(timeline.frameCount());
        assertThat(Math.abs(theirs - ours)).isLessThanOrEqualTo(1);
    }

    @Test
    void each_shot_midpoint_matches_novelkits_render() throws Exception {
        List<byte[]> ours = grayFrames(novelkit, W, H);
        List<byte[]> theirs = grayFrames(melted, W, H);
        List<Integer> mids = midpoints(timeline);
        for (int k = 0; k < mids.size(); k++) {
            int mid = mids.get(k);
            double diff = Melt.frameDiff(ours, theirs, mid);
            double picture = MediaFixtures.grayDiff(top(ours.get(mid)), top(theirs.get(mid)));
            System.out.printf("shot %d midpoint frame %d: mean abs diff %.2f (%.2f above the subtitles)%n", k + 1,
                    mid, diff, picture);
            assertThat(diff).as("shot %d at frame %d", k + 1, mid).isLessThan(MIDPOINT_BOUND);
            assertThat(picture).as("shot %d above the subtitles", k + 1).isLessThan(PICTURE_BOUND);
            if (k > 0) {
                assertThat(MediaFixtures.grayDiff(theirs.get(mid), ours.get(mids.get(k - 1))))
                        .as("the measure tells shot %d from shot %d", k + 1, k).isGreaterThan(2 * MIDPOINT_BOUND);
            }
        }
    }

    /** The frame at the middle of each shot, as the assembler numbers frames. */
    static List<Integer> midpoints(Timeline t) {
        List<Integer> out = new java.util.ArrayList<>();
        List<Long> starts = t.shotStartsMicros();
        for (int k = 0; k < t.shots().size(); k++) {
            long a = t.format().frameAt(starts.get(k));
            long b = t.format().frameAt(starts.get(k) + Timeline.micros(t.shots().get(k).seconds()));
            out.add((int) ((a + b) / 2));
        }
        return out;
    }

    /** The top 70% of a gray frame: the picture without the subtitle band. */
    private static byte[] top(byte[] frame) {
        return java.util.Arrays.copyOf(frame, W * (H * 7 / 10));
    }

    @Test
    void each_voice_starts_within_one_frame_of_its_place() throws Exception {
        float[] ours = decodeAudio(novelkit, RATE);
        float[] theirs = decodeAudio(melted, RATE);
        for (VoiceClip v : timeline.voices()) {
            float[] line = decodeAudio(v.file(), RATE);
            double a = Melt.placement(ours, line, RATE, v.start());
            double b = Melt.placement(theirs, line, RATE, v.start());
            double rise = Melt.rise(theirs, RATE, b);
            System.out.printf("voice at %.3f s: NovelKit %.3f s, melt %.3f s, level rises %.1fx%n", v.start(), a, b, rise);
            assertThat(Math.abs(b - v.start())).as("melt's voice at %.3f s", v.start()).isLessThanOrEqualTo(1.0 / FPS);
            assertThat(Math.abs(b - a)).isLessThanOrEqualTo(1.0 / FPS);
            assertThat(rise).as("the line is heard over the music (8 dB louder)").isGreaterThan(2.5);
        }
    }

    @Test
    void the_music_plays_ducked_under_the_voices_as_in_novelkits_mix() throws Exception {
        float[] ours = decodeAudio(novelkit, RATE);
        float[] theirs = decodeAudio(melted, RATE);
        // under the first line (0.55..1.35 s) and alone (1.6..2.9 s, no voice, no effect)
        double[] a = musicLevels(ours);
        double[] b = musicLevels(theirs);
        System.out.printf("music 220 Hz: NovelKit %.3f under speech, %.3f alone; melt %.3f, %.3f%n", a[0], a[1], b[0], b[1]);
        assertThat(b[1]).as("music alone in melt's render, within 1.5 dB of NovelKit's")
                .isBetween(a[1] / 1.19, a[1] * 1.19);
        assertThat(b[0]).as("music under speech in melt's render, within 2 dB of NovelKit's")
                .isBetween(a[0] / 1.26, a[0] * 1.26);
        assertThat(b[0] / b[1]).as("ducked by about 12 dB").isLessThan(0.35);
    }

    private static double[] musicLevels(float[] pcm) {
        return new double[]{MediaFixtures.level(pcm, (int) (0.8 * RATE), (int) (1.3 * RATE), 220, RATE),
                MediaFixtures.level(pcm, (int) (2.2 * RATE), (int) (2.9 * RATE), 220, RATE)};
    }

    @Test
    void moved_elsewhere_with_its_sources_gone_the_project_still_renders(@TempDir Path elsewhere) throws Exception {
        Path copy = elsewhere.resolve("moved/故事 folder");
        copyTree(export, copy);
        Path workDir = Files.createDirectories(elsewhere.resolve("somewhere/else"));

        Path render = Melt.render(copy.resolve("project.mlt"), elsewhere.resolve("moved.mp4"), workDir);

        List<byte[]> ours = grayFrames(novelkit, W, H);
        List<byte[]> theirs = grayFrames(render, W, H);
        assertThat(Math.abs(theirs.size() - ours.size())).isLessThanOrEqualTo(1);
        for (int mid : midpoints(timeline)) {
            assertThat(Melt.frameDiff(ours, theirs, mid)).isLessThan(MIDPOINT_BOUND);
        }
        assertThat(Files.readString(copy.resolve("project.mlt"))).doesNotContain(dir.toString());
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
