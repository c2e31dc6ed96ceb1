package dev.novelkit.media.video;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.decodeAudio;
import static dev.novelkit.media.MediaFixtures.level;
import static dev.novelkit.media.MediaFixtures.probe;
import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.stream;
import static dev.novelkit.media.MediaFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Audio/video drift over a 10-minute timeline (at a tiny picture size so it stays quick). */
class DriftTest {
    @TempDir
    Path dir;

    @Test
    void ten_minutes_of_shots_lasting_thirds_of_seconds_keep_audio_and_video_within_a_frame() throws Exception {
        assumeFfmpeg();
        Path img = still(dir, "s.png", 64, 64, 0.2f);
        Path beep = tone(dir, "beep.wav", 1000, 0.25, 0.6, 22050);
        Timeline b = Timeline.of(VideoFormat.custom(64, 64, 30));
        for (int i = 0; i < 1800; i++) {
            b = b.shot(ShotClip.still(img, 1.0 / 3)); // 600 s in shots whose length is not a whole number of µs
        }
        for (int i = 0; i < 60; i++) {
            b = b.voice(VoiceClip.of(beep, i * 10 + 1.0 / 3, ""));
        }
        Timeline t = b;
        Path out = dir.resolve("ten-minutes.mp4");
        AssemblyResult r = VideoAssembler.defaults().preset("ultrafast").sampleRate(48_000).assemble(t, out);

        JsonNode p = probe(out);
        double video = stream(p, "video").path("duration").asDouble();
        double audio = stream(p, "audio").path("duration").asDouble();
        assertThat(r.frames()).isEqualTo(18_000);
        assertThat(stream(p, "video").path("nb_frames").asLong()).isEqualTo(18_000);
        assertThat(video).isCloseTo(600.0, within(1.0 / 30));
        assertThat(audio).isCloseTo(video, within(1.0 / 30));
        // the last beep starts where it was placed, 590.333 s in, within one frame
        int rate = 8000;
        float[] pcm = decodeAudio(out, rate);
        int win = rate / 200;
        double onset = -1;
        for (int i = (int) (589.5 * rate); i + win < pcm.length; i += win / 2) {
            if (level(pcm, i, i + win, 1000, rate) > 0.2) {
                onset = (double) i / rate;
                break;
            }
        }
        assertThat(onset).isCloseTo(590.0 + 1.0 / 3, within(1.0 / 30));
    }
}
