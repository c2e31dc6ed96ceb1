package dev.novelkit.media.shot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.VideoFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.grayDiff;
import static dev.novelkit.media.MediaFixtures.probe;
import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KenBurnsShotRendererTest {
    @TempDir
    Path dir;

    @Test
    void renders_a_smooth_pan_of_the_requested_size_rate_and_length() throws Exception {
        assumeFfmpeg();
        Path img = still(dir, "s.png", 800, 600, 0.4f);
        Path out = dir.resolve("shot.mp4");
        ShotRequest req = ShotRequest.of(img, 1.5).format(VideoFormat.custom(180, 320, 24)).move(CameraMove.PAN_RIGHT);
        RenderedShot r = KenBurnsShotRenderer.defaults().render(req, out, new Cancellation());
        JsonNode p = probe(r.file());
        JsonNode v = stream(p, "video");
        assertThat(p.path("streams").size()).isEqualTo(1);
        assertThat(v.path("codec_name").asText()).isEqualTo("h264");
        assertThat(v.path("width").asInt()).isEqualTo(180);
        assertThat(v.path("height").asInt()).isEqualTo(320);
        assertThat(v.path("r_frame_rate").asText()).isEqualTo("24/1");
        assertThat(v.path("nb_frames").asInt()).isEqualTo(36);
        assertThat(MediaFixtures.moovBeforeMdat(out)).isTrue();

        List<byte[]> frames = MediaFixtures.grayFrames(out, 180, 320);
        assertThat(frames).hasSize(36);
        double max = 0;
        double sum = 0;
        for (int i = 1; i < frames.size(); i++) {
            double d = grayDiff(frames.get(i - 1), frames.get(i));
            if (i > frames.size() / 3 && i < 2 * frames.size() / 3) {
                assertThat(d).as("frame %d moves", i).isGreaterThan(0.05); // eased: the ends move very little
            }
            max = Math.max(max, d);
            sum += d;
        }
        double whole = grayDiff(frames.get(0), frames.get(frames.size() - 1));
        double mean = sum / (frames.size() - 1);
        assertThat(whole).as("first and last frames differ").isGreaterThan(8);
        assertThat(mean).as("consecutive frames differ a little").isLessThan(whole / 2);
        assertThat(max).as("no jumps").isLessThan(3 * mean);
    }

    @Test
    void cancelling_leaves_no_file() throws Exception {
        Path img = still(dir, "s.png", 400, 400, 0.4f);
        Cancellation cancel = new Cancellation();
        ProgressListener stop = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                if (p.done() > 10) {
                    cancel.cancel();
                }
            }
        };
        Path out = dir.resolve("out/shot.mp4");
        assertThatThrownBy(() -> KenBurnsShotRenderer.defaults().listener(stop)
                .render(ShotRequest.of(img, 3).format(VideoFormat.custom(160, 160, 30)), out, cancel))
                .isInstanceOf(CancelledException.class);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files).isEmpty();
        }
    }
}
