package dev.novelkit.media.video;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.decodeAudio;
import static dev.novelkit.media.MediaFixtures.fadingClip;
import static dev.novelkit.media.MediaFixtures.grayMean;
import static dev.novelkit.media.MediaFixtures.level;
import static dev.novelkit.media.MediaFixtures.lumaFrames;
import static dev.novelkit.media.MediaFixtures.lumaInto;
import static dev.novelkit.media.MediaFixtures.probe;
import static dev.novelkit.media.MediaFixtures.rms;
import static dev.novelkit.media.MediaFixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A video clip in a slot longer than itself holds its last frame; in a shorter one it is cut. The pictures are
 * checked where they are exact, as handed to the encoder; the encoded file only for what survives the codec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoClipSlotTest {
    private static final int W = 160;
    private static final int H = 288;
    private static final int FPS = 25;
    private static final int RATE = 8000;
    /**
     * How far the mean brightness of a frame may move through our colour conversions (clip YUV to BGR to YUV):
     * a fraction of a level; each frame of the fading clip is 4-5 levels brighter than the one before.
     */
    private static final double CONVERSION = 1.5;
    /**
     * How far H.264 (ultrafast, CRF 23) may move the mean brightness of a frame of testsrc2: measured at most 0.6
     * levels over these clips; allowed 2, still less than half the step between two frames of the fade.
     */
    private static final double CODEC = 2.0;

    private Path dir;
    private Path clip;
    private List<byte[]> clipFrames;

    @BeforeAll
    void makeClip(@TempDir Path tmp) throws Exception {
        assumeFfmpeg();
        dir = tmp;
        clip = fadingClip(dir, "one-second.mp4", W, H, FPS, 1.0);
        clipFrames = lumaFrames(clip, W, H);
        assertThat(clipFrames).hasSize(FPS);
    }

    @Test
    void a_clip_shorter_than_its_slot_holds_its_last_frame_with_silence_after_its_sound() throws Exception {
        Path out = dir.resolve("held.mp4");
        List<byte[]> handed = new ArrayList<>();
        AssemblyResult r = VideoAssembler.defaults().preset("ultrafast").frameTap(lumaInto(handed, W, H))
                .assemble(Timeline.of(VideoFormat.custom(W, H, FPS)).shot(ShotClip.video(clip, 2.0)), out);

        JsonNode p = probe(out);
        double video = stream(p, "video").path("duration").asDouble();
        assertThat(r.frames()).isEqualTo(2 * FPS);
        assertThat(stream(p, "video").path("nb_frames").asLong()).isEqualTo(2 * FPS);
        assertThat(video).isCloseTo(2.0, within(1.0 / FPS));
        assertThat(stream(p, "audio").path("duration").asDouble()).isCloseTo(video, within(1.0 / FPS));

        byte[] last = clipFrames.get(FPS - 1);
        byte[] first = clipFrames.get(0);
        assertThat(grayMean(last)).isGreaterThan(60); // the clip ends bright, it starts black
        assertThat(grayMean(first)).isLessThan(30);
        // the pictures handed to the encoder: the clip in step, then its last frame held unchanged, to the bit
        assertThat(handed).hasSize(2 * FPS);
        for (int i = 0; i < FPS; i++) {
            assertThat(grayMean(handed.get(i))).as("frame %d shows clip frame %d", i, i)
                    .isCloseTo(grayMean(clipFrames.get(i)), within(CONVERSION));
        }
        for (int i = FPS; i < 2 * FPS; i++) {
            assertThat(handed.get(i)).as("frame %d holds the clip's last frame", i).isEqualTo(handed.get(FPS - 1));
        }
        // what the encoder made of them
        List<byte[]> frames = lumaFrames(out, W, H);
        assertThat(frames).hasSize(2 * FPS);
        for (int i = 0; i < 2 * FPS; i++) {
            assertThat(grayMean(frames.get(i))).as("encoded frame %d", i)
                    .isCloseTo(grayMean(handed.get(i)), within(CODEC));
        }

        float[] pcm = decodeAudio(out, RATE);
        assertThat(level(pcm, (int) (0.2 * RATE), (int) (0.8 * RATE), 1000, RATE)).isGreaterThan(0.3);
        assertThat(rms(pcm, (int) (1.2 * RATE), (int) (1.9 * RATE))).isLessThan(0.01); // not looped
    }

    @Test
    void a_clip_longer_than_its_slot_is_cut_at_the_slot_end() throws Exception {
        Path out = dir.resolve("cut.mp4");
        List<byte[]> handed = new ArrayList<>();
        VideoAssembler.defaults().preset("ultrafast").frameTap(lumaInto(handed, W, H))
                .assemble(Timeline.of(VideoFormat.custom(W, H, FPS)).shot(ShotClip.video(clip, 0.6)), out);

        JsonNode p = probe(out);
        double video = stream(p, "video").path("duration").asDouble();
        assertThat(stream(p, "video").path("nb_frames").asLong()).isEqualTo(15);
        assertThat(video).isCloseTo(0.6, within(1.0 / FPS));
        assertThat(stream(p, "audio").path("duration").asDouble()).isCloseTo(video, within(1.0 / FPS));
        assertThat(handed).hasSize(15);
        List<byte[]> frames = lumaFrames(out, W, H);
        for (int i = 0; i < handed.size(); i++) {
            assertThat(grayMean(handed.get(i))).as("frame %d", i).isCloseTo(grayMean(clipFrames.get(i)), within(CONVERSION));
            assertThat(grayMean(frames.get(i))).as("encoded frame %d", i).isCloseTo(grayMean(handed.get(i)), within(CODEC));
        }
    }
}
