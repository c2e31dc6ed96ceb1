package dev.novelkit.media.video;

import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.internal.frames.KenBurnsFrames;
import dev.novelkit.media.internal.frames.Yuv420;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;

import static dev.novelkit.media.MediaFixtures.still;
import static org.assertj.core.api.Assertions.assertThat;

class KenBurnsTest {
    @TempDir
    Path dir;

    @Test
    void every_move_glides_without_jumps_and_ends_elsewhere() throws Exception {
        var img = ImageIO.read(still(dir, "s.png", 640, 960, 0.6f).toFile());
        for (CameraMove m : CameraMove.values()) {
            if (m == CameraMove.STATIC) {
                continue;
            }
            KenBurnsFrames kb = new KenBurnsFrames(img, KenBurns.of(m).zoom(1.2), 180, 320);
            int n = 60;
            Yuv420 prev = new Yuv420(180, 320);
            Yuv420 cur = new Yuv420(180, 320);
            Yuv420 first = new Yuv420(180, 320);
            kb.render(0, first);
            prev.copyFrom(first);
            double max = 0;
            double sum = 0;
            for (int i = 1; i < n; i++) {
                kb.render((double) i / (n - 1), cur);
                double d = diff(prev, cur);
                max = Math.max(max, d);
                sum += d;
                prev.copyFrom(cur);
            }
            double mean = sum / (n - 1);
            double whole = diff(first, cur);
            assertThat(whole).as(m + ": first and last frames differ").isGreaterThan(8);
            assertThat(max).as(m + ": no frame jumps (eased, so the middle moves fastest)").isLessThan(Math.max(2.5 * mean, 1.0));
            assertThat(mean).as(m + ": consecutive frames differ a little").isGreaterThan(0.05).isLessThan(whole / 2);
        }
    }

    private static double diff(Yuv420 a, Yuv420 b) {
        long s = 0;
        int n = a.width() * a.height();
        for (int i = 0; i < n; i++) {
            s += Math.abs((a.data()[i] & 255) - (b.data()[i] & 255));
        }
        return (double) s / n;
    }

    @Test
    void easing_starts_and_ends_gently() {
        KenBurns.Easing e = KenBurns.Easing.EASE_IN_OUT;
        assertThat(e.apply(0)).isZero();
        assertThat(e.apply(1)).isEqualTo(1.0);
        assertThat(e.apply(0.5)).isEqualTo(0.5);
        assertThat(e.apply(0.05)).isLessThan(0.01);
        assertThat(KenBurns.Easing.LINEAR.apply(0.25)).isEqualTo(0.25);
    }
}
