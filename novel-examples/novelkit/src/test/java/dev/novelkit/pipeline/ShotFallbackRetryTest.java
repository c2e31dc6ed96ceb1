package dev.novelkit.pipeline;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.shot.ShotGenerator;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.video.VideoFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.novelkit.pipeline.NovelToVideoTest.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shot the backend failed on is made by Ken Burns for this run, but kept apart from the backend's own shots, so
 * the next run asks the backend again (as a picture that fell back to a story card is asked for again).
 */
class ShotFallbackRetryTest {
    /** A shot service that refuses every shot while it is down, and counts the shots it is asked for. */
    static final class Flaky implements ShotBackend {
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicInteger asked = new AtomicInteger();
        final KenBurnsShotRenderer kenBurns = KenBurnsShotRenderer.defaults();

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
            asked.incrementAndGet();
            if (down.get()) {
                throw BackendException.builder("flaky", "HTTP 400 the service is down").retriable(false).build();
            }
            return kenBurns.render(request, out, cancellation);
        }
    }

    private static NovelToVideo job(Flaky shots) {
        return NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(2))
                .format(VideoFormat.custom(180, 320, 8)).voices(null, false).music(null, false)
                .shots(ShotGenerator.of(shots));
    }

    @Test
    void a_shot_that_fell_back_to_ken_burns_is_asked_of_the_backend_again_next_run(@TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(Probe.available(), "ffmpeg is not installed");
        Path novel = Files.writeString(dir.resolve("novel.txt"), BackendIdentityTest.NOVEL, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        Flaky shots = new Flaky();

        VideoRun broken = job(shots).run(novel, out);
        int shotCount = (int) step(broken, "shots").made();
        int askedWhileDown = shots.asked.get();
        shots.down.set(false);
        VideoRun mended = job(shots).run(novel, out);
        int askedAgain = shots.asked.get() - askedWhileDown;
        VideoRun settled = job(shots).run(novel, out);

        assertThat(shotCount).isPositive();
        assertThat(step(broken, "shots").note()).contains("fell back to Ken Burns");
        assertThat(askedWhileDown).isEqualTo(shotCount);
        assertThat(askedAgain).as("every shot that fell back is asked for again").isEqualTo(shotCount);
        assertThat(step(mended, "shots").made()).isEqualTo(shotCount);
        assertThat(step(mended, "shots").note()).doesNotContain("fell back");
        assertThat(step(settled, "shots").reused()).as("the backend's own shots are kept").isEqualTo(shotCount);
        assertThat(shots.asked.get() - askedWhileDown).isEqualTo(shotCount);
    }
}
