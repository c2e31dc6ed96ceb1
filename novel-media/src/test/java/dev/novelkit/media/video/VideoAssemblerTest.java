package dev.novelkit.media.video;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.CameraMove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.decodeAudio;
import static dev.novelkit.media.MediaFixtures.frameAt;
import static dev.novelkit.media.MediaFixtures.level;
import static dev.novelkit.media.MediaFixtures.moovBeforeMdat;
import static dev.novelkit.media.MediaFixtures.probe;
import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.stream;
import static dev.novelkit.media.MediaFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoAssemblerTest {
    private static final int RATE = 8000;
    private static final String LINE1 = "雨下了一夜，渡口的灯还亮着。";
    private static final String LINE2 = "你来了。";

    private Path dir;
    private Timeline timeline;
    private AssemblyResult result;
    private Path mp4;

    @BeforeAll
    void assembleOnce(@TempDir Path tmp) throws Exception {
        assumeFfmpeg();
        dir = tmp;
        Path a = still(dir, "a.png", 480, 800, 0.55f);
        Path b = still(dir, "b.png", 800, 480, 0.05f);
        Path c = still(dir, "c.png", 360, 640, 0.3f);
        timeline = Timeline.of(VideoFormat.custom(360, 640, 30))
                .shot(ShotClip.still(a, 3))
                .shot(ShotClip.still(b, 3).kenBurns(KenBurns.of(CameraMove.ZOOM_IN)).transition(Transition.crossfade(0.5)))
                .shot(ShotClip.still(c, 3).transition(Transition.fade(0.4)))
                .voice(VoiceClip.of(tone(dir, "v1.wav", 1000, 1.2, 0.5, 22050), 0.5, LINE1).speaker("林"))
                .voice(VoiceClip.of(tone(dir, "v2.wav", 1000, 1.0, 0.5, 22050), 5.5, LINE2))
                .music(Music.of(tone(dir, "music.wav", 220, 2.0, 0.5, 44100), 0.8))
                .effect(new SoundEffect(tone(dir, "door.wav", 3000, 0.3, 0.4, 44100), 4.5, 1.0))
                .subtitles(Subtitles.fromVoiceClips());
        mp4 = dir.resolve("out/video.mp4");
        result = VideoAssembler.defaults().assemble(timeline, mp4);
    }

    @Test
    void writes_h264_and_aac_with_faststart_at_the_timeline_size_rate_and_length() throws Exception {
        JsonNode p = probe(mp4);
        JsonNode v = stream(p, "video");
        JsonNode au = stream(p, "audio");
        assertThat(p.path("streams").size()).isEqualTo(2);
        assertThat(v.path("codec_name").asText()).isEqualTo("h264");
        assertThat(au.path("codec_name").asText()).isEqualTo("aac");
        assertThat(v.path("width").asInt()).isEqualTo(360);
        assertThat(v.path("height").asInt()).isEqualTo(640);
        assertThat(v.path("r_frame_rate").asText()).isEqualTo("30/1");
        assertThat(v.path("nb_frames").asLong()).isEqualTo(255); // 3 + 3 - 0.5 + 3 = 8.5 s
        assertThat(p.path("format").path("duration").asDouble()).isCloseTo(8.5, within(0.05));
        assertThat(au.path("duration").asDouble()).isCloseTo(v.path("duration").asDouble(), within(1.0 / 30));
        assertThat(moovBeforeMdat(mp4)).isTrue();
        assertThat(result.encoder()).isEqualTo("libx264");
        assertThat(result.frames()).isEqualTo(255);
        assertThat(result.file()).isEqualTo(mp4.toAbsolutePath());
        try (Stream<Path> files = Files.list(mp4.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("video.mp4", "video.srt");
        }
    }

    @Test
    void speech_is_audible_during_dialogue_and_music_is_quieter_under_it() throws Exception {
        float[] pcm = decodeAudio(mp4, RATE);
        int s0 = (int) (0.8 * RATE);
        int s1 = (int) (1.5 * RATE);
        int m0 = (int) (3.0 * RATE);
        int m1 = (int) (4.0 * RATE);
        double speech = level(pcm, s0, s1, 1000, RATE);
        double speechOutside = level(pcm, m0, m1, 1000, RATE);
        double musicUnder = level(pcm, s0, s1, 220, RATE);
        double musicAlone = level(pcm, m0, m1, 220, RATE);
        assertThat(speech).isGreaterThan(0.3);
        assertThat(speechOutside).isLessThan(0.02);
        assertThat(musicAlone).isGreaterThan(0.25);
        assertThat(musicUnder / musicAlone).as("music ducked by at least 9 dB under speech").isLessThan(0.36);
        assertThat(level(pcm, (int) (4.55 * RATE), (int) (4.75 * RATE), 3000, RATE)).as("the effect plays").isGreaterThan(0.1);
    }

    @Test
    void subtitles_start_and_end_within_100_ms_of_each_voice_clip() throws Exception {
        String srt = Files.readString(mp4.resolveSibling("video.srt"), StandardCharsets.UTF_8);
        List<double[]> cues = new ArrayList<>();
        Matcher m = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d),(\\d\\d\\d) --> (\\d\\d):(\\d\\d):(\\d\\d),(\\d\\d\\d)").matcher(srt);
        while (m.find()) {
            cues.add(new double[]{seconds(m, 1), seconds(m, 5)});
        }
        assertThat(cues).hasSize(2);
        assertThat(srt).contains(LINE1).contains(LINE2);
        // where the voices really are in the finished audio
        float[] pcm = decodeAudio(mp4, RATE);
        List<double[]> voiced = voicedSpans(pcm);
        assertThat(voiced).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(cues.get(i)[0]).isCloseTo(voiced.get(i)[0], within(0.1));
            assertThat(cues.get(i)[1]).isCloseTo(voiced.get(i)[1], within(0.1));
        }
        assertThat(cues.get(0)[0]).isCloseTo(0.5, within(0.001));
        assertThat(cues.get(0)[1]).as("the exact length of the voice clip").isCloseTo(1.7, within(0.005));
    }

    private static double seconds(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60
                + Integer.parseInt(m.group(g + 2)) + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }

    /** Spans (in seconds) where the 1 kHz voice tone is present, in 10 ms windows. */
    private static List<double[]> voicedSpans(float[] pcm) {
        int win = RATE / 100;
        List<double[]> spans = new ArrayList<>();
        double start = -1;
        for (int i = 0; i + win <= pcm.length; i += win) {
            boolean on = level(pcm, i, i + win, 1000, RATE) > 0.1;
            double t = (double) i / RATE;
            if (on && start < 0) {
                start = t;
            } else if (!on && start >= 0) {
                spans.add(new double[]{start, t});
                start = -1;
            }
        }
        return spans;
    }

    @Test
    void a_frame_with_chinese_subtitle_text_is_not_blank_where_the_text_is() throws Exception {
        BufferedImage without = frameAt(mp4, 0.2); // still a, before the first cue
        BufferedImage with = frameAt(mp4, 1.0);    // still a, first cue showing
        int w = with.getWidth();
        int h = with.getHeight();
        int bottom = (int) (h * 0.85);
        double textBand = meanDiff(with, without, 0, bottom - h / 8, w, bottom);
        double top = meanDiff(with, without, 0, 0, w, h / 2);
        assertThat(textBand).as("pixels changed where the subtitle is drawn").isGreaterThan(8);
        assertThat(top).as("the rest of the picture is untouched").isLessThan(2);
        // the text band has both light (text) and dark (outline) pixels
        int light = 0;
        int dark = 0;
        for (int y = bottom - h / 8; y < bottom; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = with.getRGB(x, y);
                int l = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                light += l > 700 ? 1 : 0;
                dark += l < 90 ? 1 : 0;
            }
        }
        assertThat(light).isGreaterThan(200);
        assertThat(dark).isGreaterThan(200);
    }

    private static double meanDiff(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
                        + Math.abs((p & 255) - (q & 255));
            }
        }
        return sum / 3 / ((double) (x1 - x0) * (y1 - y0));
    }

    @Test
    void ken_burns_and_transitions_change_the_picture_over_time() throws Exception {
        // a static still gives identical frames, the zoom moves, the dip to black goes dark
        double still = meanDiff(frameAt(mp4, 0.1), frameAt(mp4, 0.4), 0, 0, 360, 400);
        double zoom = meanDiff(frameAt(mp4, 3.5), frameAt(mp4, 5.0), 0, 0, 360, 400);
        assertThat(still).isLessThan(1.5);
        assertThat(zoom).isGreaterThan(5);
        BufferedImage dip = frameAt(mp4, 5.5); // fade between b and c is centred on 5.5 s
        assertThat(meanLuma(dip)).isLessThan(40);
        assertThat(meanLuma(frameAt(mp4, 7.0))).isGreaterThan(60);
    }

    private static double meanLuma(BufferedImage img) {
        double sum = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int p = img.getRGB(x, y);
                sum += 0.2126 * ((p >> 16) & 255) + 0.7152 * ((p >> 8) & 255) + 0.0722 * (p & 255);
            }
        }
        return sum / ((img.getHeight() / 2) * (img.getWidth() / 2));
    }

    @Test
    void a_video_clip_is_scaled_cut_to_its_slot_and_keeps_its_sound() throws Exception {
        Timeline t = Timeline.of(VideoFormat.custom(180, 320, 25))
                .shot(ShotClip.video(mp4, 2.0));
        Path out = dir.resolve("clip.mp4");
        AssemblyResult r = VideoAssembler.defaults().assemble(t, out);
        JsonNode v = stream(probe(out), "video");
        assertThat(v.path("width").asInt()).isEqualTo(180);
        assertThat(v.path("nb_frames").asLong()).isEqualTo(50);
        assertThat(r.srt()).isNull();
        float[] pcm = decodeAudio(out, RATE);
        assertThat(level(pcm, (int) (0.8 * RATE), (int) (1.5 * RATE), 1000, RATE)).isGreaterThan(0.3);
    }

    @Test
    void cancelling_removes_the_partial_output() throws Exception {
        Path out = dir.resolve("cancelled/video.mp4");
        Cancellation cancel = new Cancellation();
        AtomicLong seen = new AtomicLong();
        ProgressListener stopper = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                seen.set(p.done());
                if (p.done() >= 60) {
                    cancel.cancel();
                }
            }
        };
        assertThatThrownBy(() -> VideoAssembler.defaults().assemble(timeline, out, stopper, cancel))
                .isInstanceOf(CancelledException.class);
        assertThat(seen.get()).isBetween(60L, 100L);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_background_job_can_be_cancelled() throws Exception {
        Path out = dir.resolve("job/video.mp4");
        try (Job<AssemblyResult> job = VideoAssembler.defaults().start(timeline, out, ProgressListener.NONE)) {
            job.cancel();
            assertThatThrownBy(() -> job.result().get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CancelledException.class);
            assertThat(job.isCancelled()).isTrue();
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void a_missing_still_is_reported_by_its_field_and_the_old_video_is_kept() throws Exception {
        Path out = dir.resolve("keep/video.mp4");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "previous video");
        Timeline broken = Timeline.of(VideoFormat.custom(180, 320, 30))
                .shot(ShotClip.still(dir.resolve("a.png"), 1))
                .shot(ShotClip.still(dir.resolve("missing.png"), 1));
        assertThatThrownBy(() -> VideoAssembler.defaults().assemble(broken, out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shots[1].image")
                .hasMessageContaining("missing.png");
        assertThat(Files.readString(out)).isEqualTo("previous video");
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void libopenh264_is_used_when_asked_and_reported() throws Exception {
        Timeline t = Timeline.of(VideoFormat.custom(160, 160, 24)).shot(ShotClip.still(dir.resolve("c.png"), 1));
        Path out = dir.resolve("openh264.mp4");
        AssemblyResult r = VideoAssembler.defaults().encoder(Encoder.LIBOPENH264).assemble(t, out);
        assertThat(r.encoder()).isEqualTo("libopenh264");
        JsonNode p = probe(out);
        assertThat(stream(p, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(stream(p, "video").path("nb_frames").asLong()).isEqualTo(24);
        assertThat(stream(p, "audio").path("codec_name").asText()).isEqualTo("aac");
    }

    @Test
    void auto_picks_libx264_in_the_gpl_build() {
        assertThat(Encoder.AUTO.resolve()).isEqualTo(Encoder.LIBX264);
        assertThat(Encoder.parse("openh264")).isEqualTo(Encoder.LIBOPENH264);
        assertThatThrownBy(() -> Encoder.parse("mpeg4")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mpeg4");
    }
}
