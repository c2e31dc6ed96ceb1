package dev.novelkit.media.video.export;

import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VoiceClip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check on a real export, run by hand: {@code NOVELKIT_EXPORT_CHECK=OUT mvn -o -q verify -pl novel-media
 * -am -Dtest=DemoExportCheck -Dsurefire.failIfNoSpecifiedTests=false} after {@code novelkit demo --out OUT --export
 * mlt,fcpxml,otio}. Uses {@code OUT/out.mp4} when {@code melt project.mlt -consumer avformat:out.mp4} was already run
 * in OUT, else runs it. Prints the per-shot and per-voice figures.
 */
@EnabledIfEnvironmentVariable(named = "NOVELKIT_EXPORT_CHECK", matches = ".+")
class DemoExportCheck {
    @Test
    void melts_render_of_the_export_matches_novelkits_video() throws Exception {
        Melt.require();
        Path out = Path.of(System.getenv("NOVELKIT_EXPORT_CHECK")).toAbsolutePath();
        Timeline t = Timeline.load(out.resolve("timeline.json"));
        Path ours = out.resolve("video.mp4");
        Path theirs = out.resolve("out.mp4");
        if (!Files.isRegularFile(theirs)) {
            Melt.render(out.resolve("project.mlt"), theirs, out);
        }
        int w = t.format().width();
        int h = t.format().height();
        long a = MediaFixtures.stream(MediaFixtures.probe(ours), "video").path("nb_frames").asLong();
        long b = MediaFixtures.stream(MediaFixtures.probe(theirs), "video").path("nb_frames").asLong();
        System.out.printf("frames: NovelKit %d, melt %d (timeline %d)%n", a, b, t.frameCount());
        assertThat(Math.abs(a - b)).isLessThanOrEqualTo(1);

        List<Integer> mids = MltExportMeltTest.midpoints(t);
        List<byte[]> fa = Melt.grayFramesAt(ours, w, h, mids);
        List<byte[]> fb = Melt.grayFramesAt(theirs, w, h, mids);
        double worst = 0;
        double worstPicture = 0;
        for (int k = 0; k < mids.size(); k++) {
            double full = MediaFixtures.grayDiff(fa.get(k), fb.get(k));
            int band = w * (h * 7 / 10);
            double picture = MediaFixtures.grayDiff(java.util.Arrays.copyOf(fa.get(k), band),
                    java.util.Arrays.copyOf(fb.get(k), band));
            double other = k == 0 ? Double.NaN : MediaFixtures.grayDiff(fb.get(k), fa.get(k - 1));
            System.out.printf("shot %2d, frame %5d: mean abs luma diff %.2f (%.2f above the subtitles; %.1f against "
                    + "the previous shot)%n", k + 1, mids.get(k), full, picture, other);
            worst = Math.max(worst, full);
            worstPicture = Math.max(worstPicture, picture);
        }
        assertThat(worst).isLessThan(MltExportMeltTest.MIDPOINT_BOUND);
        assertThat(worstPicture).isLessThan(MltExportMeltTest.PICTURE_BOUND);

        int rate = 16_000;
        float[] sa = MediaFixtures.decodeAudio(ours, rate);
        float[] sb = MediaFixtures.decodeAudio(theirs, rate);
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i < t.voices().size(); i++) {
            VoiceClip v = t.voices().get(i);
            float[] line = MediaFixtures.decodeAudio(v.file(), rate);
            double oa = Melt.placement(sa, line, rate, v.start());
            double ob = Melt.placement(sb, line, rate, v.start());
            double rise = Melt.rise(sb, rate, ob);
            System.out.printf("voice %2d at %7.3f s: found at %7.3f s in NovelKit's video, %7.3f s in melt's "
                    + "(%+.1f ms from its place), level rises %.0fx there%n", i + 1, v.start(), oa, ob,
                    (ob - v.start()) * 1000, rise);
            gaps.add(Math.abs(ob - v.start()));
            gaps.add(Math.abs(ob - oa));
            assertThat(rise).as("voice %d is heard over the music (8 dB louder)", i + 1).isGreaterThan(2.5);
        }
        assertThat(gaps).allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(1.0 / t.format().fps()));
    }
}
