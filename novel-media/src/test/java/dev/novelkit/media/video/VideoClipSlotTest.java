package dev.novelkit.media.video;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.decodeAudio;
import static dev.novelkit.media.MediaFixtures.fadingClip;
import static dev.novelkit.media.MediaFixtures.grayDiff;
import static dev.novelkit.media.MediaFixtures.grayFrames;
import static dev.novelkit.media.MediaFixtures.grayMean;
import static dev.novelkit.media.MediaFixtures.level;
import static dev.novelkit.media.MediaFixtures.probe;
import static dev.novelkit.media.MediaFixtures.rms;
import static dev.novelkit.media.MediaFixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A video clip in a slot longer than itself holds its last frame; in a shorter one it is cut. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoClipSlotTest {
    private static final int W = 160;
    private static final int H = 288;
    private static final int FPS = 25;
    private static final int RATE = 8000;

    private Path dir;
    private Path clip;
    private List<byte[]> clipFrames;

    @BeforeAll
    void makeClip(@TempDir Path tmp) throws Exception {
        assumeFfmpeg();
        dir = tmp;
        clip = fadingClip(dir, "one-second.mp4", W, H, FPS, 1.0);
        clipFrames = grayFrames(clip, W, H);
        assertThat(clipFrames).hasSize(FPS);
    }

    @Test
    void a_clip_shorter_than_its_slot_holds_its_last_frame_with_silence_after_its_sound() throws Exception {
        Path out = dir.resolve("held.mp4");
        AssemblyResult r = VideoAssembler.create().preset("ultrafast")
                .assemble(Timeline.builder(VideoFormat.custom(W, H, FPS)).shot(ShotClip.video(clip, 2.0)).build(), out);

        JsonNode p = probe(out);
        double video = stream(p, "video").path("duration").asDouble();
        assertThat(r.frames()).isEqualTo(2 * FPS);
        assertThat(stream(p, "video").path("nb_frames").asLong()).isEqualTo(2 * FPS);
        assertThat(video).isCloseTo(2.0, within(1.0 / FPS));
        assertThat(stream(p, "audio").path("duration").asDouble()).isCloseTo(video, within(1.0 / FPS));

        List<byte[]> frames = grayFrames(out, W, H);
        assertThat(frames).hasSize(2 * FPS);
        byte[] last = clipFrames.get(FPS - 1);
        byte[] first = clipFrames.get(0);
        assertThat(grayMean(last)).isGreaterThan(60); // the clip ends bright, it starts black
        assertThat(grayMean(first)).isLessThan(30);
        // the fade makes each clip frame 4-5 luma levels brighter than the one before: brightness tells frames apart
        // (re-encoding blurs testsrc2's fine detail, so pixel-exact comparison is not meaningful)
        for (int i = FPS - 1; i < 2 * FPS; i++) {
            assertThat(grayMean(frames.get(i))).as("frame %d shows the clip's last frame", i)
                    .isCloseTo(grayMean(last), within(1.5));
            assertThat(grayDiff(frames.get(i), frames.get(FPS - 1))).as("frame %d is held unchanged", i).isLessThan(1);
        }
        // played in step before the hold
        for (int i = 0; i < FPS; i++) {
            assertThat(grayMean(frames.get(i))).as("frame %d", i).isCloseTo(grayMean(clipFrames.get(i)), within(1.5));
        }

        float[] pcm = decodeAudio(out, RATE);
        assertThat(level(pcm, (int) (0.2 * RATE), (int) (0.8 * RATE), 1000, RATE)).isGreaterThan(0.3);
        assertThat(rms(pcm, (int) (1.2 * RATE), (int) (1.9 * RATE))).isLessThan(0.01); // not looped
    }

    @Test
    void a_clip_longer_than_its_slot_is_cut_at_the_slot_end() throws Exception {
        Path out = dir.resolve("cut.mp4");
        VideoAssembler.create().preset("ultrafast")
                .assemble(Timeline.builder(VideoFormat.custom(W, H, FPS)).shot(ShotClip.video(clip, 0.6)).build(), out);

        JsonNode p = probe(out);
        double video = stream(p, "video").path("duration").asDouble();
        assertThat(stream(p, "video").path("nb_frames").asLong()).isEqualTo(15);
        assertThat(video).isCloseTo(0.6, within(1.0 / FPS));
        assertThat(stream(p, "audio").path("duration").asDouble()).isCloseTo(video, within(1.0 / FPS));
        List<byte[]> frames = grayFrames(out, W, H);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(grayMean(frames.get(i))).as("frame %d", i).isCloseTo(grayMean(clipFrames.get(i)), within(1.5));
        }
    }
}
