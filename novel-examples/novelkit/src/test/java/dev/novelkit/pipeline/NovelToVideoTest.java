package dev.novelkit.pipeline;

import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardJson;
import dev.novelkit.core.story.StoryboardExtractor;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.voice.AudioClip;
import dev.novelkit.media.voice.VoiceSynth;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NovelToVideoTest {
    static final String NOVEL = """
            雨夜

            第一章 渡口

            青溪镇的雨，总是从傍晚开始下的。林晚舟坐在渡船的船头，膝上摊着账簿。她今年十九岁，穿一件蓝布衫。
            “晚舟丫头，还不收船啊？”周伯披着蓑衣走下石阶。
            “再等一等吧，周伯。”晚舟说，“今天是初七。”
            周伯叹了口气，在石墩上坐下。晚舟望着河面上的雾。

            第二章 来客

            对岸的柳树下站着一个年轻人，背着木匣子。沈砚拱手行礼。
            “姑娘，这么晚了还来接我，实在过意不去。”沈砚说。
            “上船吧，当心脚下滑。”晚舟说。周伯举高了马灯，沈砚笑了笑。
            """;

    private static NovelToVideo small(VoiceSynth voices) {
        return NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(4))
                .format(VideoFormat.custom(270, 480, 10)).voices(voices, true);
    }

    private static Path novel(Path dir) throws IOException {
        return Files.writeString(dir.resolve("novel.txt"), NOVEL, StandardCharsets.UTF_8);
    }

    @Test
    void makes_a_video_with_a_voice_per_line_and_subtitles_on_the_voices(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(EspeakVoiceBackend.isAvailable(), "espeak-ng is not installed");
        Assumptions.assumeTrue(Probe.available(), "ffprobe is not installed");
        Path out = dir.resolve("out");

        VideoRun run = small(VoiceSynth.of(EspeakVoiceBackend.defaults())).run(novel(dir), out);

        Probe probe = Probe.of(run.video());
        assertThat(probe.videoCodec()).isEqualTo("h264");
        assertThat(probe.audioCodec()).isEqualTo("aac");
        assertThat(probe.width()).isEqualTo(270);
        assertThat(probe.height()).isEqualTo(480);
        assertThat(probe.duration()).isCloseTo(run.videoSeconds(), within(0.1));

        Storyboard board = StoryboardJson.read(run.storyboard());
        assertThat(board.characters()).extracting(c -> c.name()).contains("林晚舟", "周伯", "沈砚");
        List<String> spoken = new ArrayList<>();
        for (Shot shot : board.shots()) {
            if (!shot.narration().isEmpty()) {
                spoken.add(shot.narration());
            }
            shot.dialogue().stream().map(DialogueLine::text).forEach(spoken::add);
        }
        JsonNode voices = new ObjectMapper().readTree(out.resolve("timeline.json").toFile()).get("voices");
        List<String> voiced = new ArrayList<>();
        voices.forEach(v -> voiced.add(v.get("text").asText()));
        assertThat(voiced).containsExactlyElementsOf(spoken);
        assertThat(run.voiceLines()).isEqualTo(spoken.size());

        // Each voice clip is covered by subtitles that start and end within 100 ms of it.
        List<double[]> cues = srt(run.subtitles());
        for (JsonNode v : voices) {
            double start = v.get("start").asDouble();
            double end = start + AudioClip.measure(out.resolve(v.get("file").asText()), "espeak").seconds();
            assertThat(cues).anySatisfy(c -> assertThat(c[0]).isCloseTo(start, within(0.1)));
            assertThat(cues).anySatisfy(c -> assertThat(c[1]).isCloseTo(end, within(0.1)));
        }
    }

    @Test
    void a_second_run_reuses_everything_and_an_edited_line_redoes_only_its_voice(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(EspeakVoiceBackend.isAvailable(), "espeak-ng is not installed");
        Path out = dir.resolve("out");
        Path input = novel(dir);
        NovelToVideo job = small(VoiceSynth.of(EspeakVoiceBackend.defaults()));
        VideoRun first = job.run(input, out);

        VideoRun again = job.run(input, out);
        assertThat(again.steps()).allSatisfy(s -> {
            if (!s.step().equals("read")) {
                assertThat(s.made()).as(s.step()).isZero();
            }
        });

        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Shot target = board.shots().stream().filter(s -> !s.dialogue().isEmpty()).findFirst().orElseThrow();
        List<Shot> edited = new ArrayList<>();
        for (Shot s : board.shots()) {
            edited.add(s != target ? s : new Shot(s.id(), s.sceneId(), s.characters(), s.imageDescription(), s.camera(),
                    s.narration(), List.of(new DialogueLine(s.dialogue().get(0).speaker(), "今天的雨真大。", "")),
                    s.seconds()));
        }
        StoryboardJson.write(new Storyboard(board.title(), board.characters(), board.scenes(), edited),
                out.resolve("storyboard.json"));

        VideoRun third = job.run(input, out);
        assertThat(step(third, "storyboard").reused()).isEqualTo(1);
        assertThat(step(third, "images").made()).isZero();
        assertThat(step(third, "voices").made()).isEqualTo(1);
        assertThat(step(third, "video").made()).isEqualTo(1);
        assertThat(Files.readString(third.subtitles())).contains("今天的雨真大。");
        assertThat(first.video()).isEqualTo(third.video());
    }

    @Test
    void without_voices_the_subtitles_carry_every_dialogue_line(@TempDir Path dir) throws Exception {
        VideoRun run = small(null).music(null, false).run(novel(dir), dir.resolve("out"));

        Storyboard board = StoryboardJson.read(run.storyboard());
        String srt = Files.readString(run.subtitles()).replaceAll("\\s", "");
        for (Shot shot : board.shots()) {
            for (DialogueLine line : shot.dialogue()) {
                assertThat(srt).contains(line.text().replaceAll("\\s", ""));
            }
        }
        assertThat(step(run, "voices").backend()).isEqualTo("none (subtitles only)");
        assertThat(run.render()).contains("estimated API cost $0 (all offline)");
    }

    static StepReport step(VideoRun run, String name) {
        return run.steps().stream().filter(s -> s.step().equals(name)).findFirst().orElseThrow();
    }

    /** [start, end] in seconds of every SRT cue. */
    static List<double[]> srt(Path file) throws IOException {
        Matcher m = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d),(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d),(\\d{3})")
                .matcher(Files.readString(file));
        List<double[]> cues = new ArrayList<>();
        while (m.find()) {
            cues.add(new double[] {seconds(m, 1), seconds(m, 5)});
        }
        return cues;
    }

    private static double seconds(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60
                + Integer.parseInt(m.group(g + 2)) + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }
}
