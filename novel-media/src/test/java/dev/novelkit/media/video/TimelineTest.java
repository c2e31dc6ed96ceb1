package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.CameraMove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {
    @TempDir
    Path dir;

    private Timeline sample() {
        return Timeline.builder(VideoFormat.PORTRAIT_1080P)
                .shot(ShotClip.still(dir.resolve("img/a.png"), 5).kenBurns(KenBurns.of(CameraMove.PAN_LEFT).zoom(1.2)))
                .shot(ShotClip.video(dir.resolve("clips/b.mp4"), 4).transition(Transition.crossfade(0.5)).volume(0.3))
                .shot(ShotClip.still(dir.resolve("img/c.png"), 3).transition(Transition.fade(1.0)))
                .voice(new VoiceClip(dir.resolve("voice/v1.wav"), 0.2, 0.9, "雨下了一夜。", "旁白"))
                .music(Music.of(dir.resolve("music.mp3"), 0.4).duckDb(-15))
                .effect(new SoundEffect(dir.resolve("fx/door.wav"), 6.5, 0.7))
                .subtitles(new Subtitles(List.of(SubtitleCue.of(8, 9.5, "天快亮了。")), true,
                        SubtitleStyle.defaults().fontSize(64).maxCharsPerLine(14).showSpeaker(true)))
                .build();
    }

    @Test
    void saves_and_loads_the_same_timeline_with_paths_relative_to_the_json_folder() throws Exception {
        Timeline t = sample();
        Path json = dir.resolve("timeline.json");
        t.save(json);
        String text = Files.readString(json);
        assertThat(text).contains("\"image\" : \"img/a.png\"").contains("\"preset\" : \"9:16\"").doesNotContain(dir.toString());
        assertThat(Timeline.load(json)).isEqualTo(t);
    }

    @Test
    void a_moved_timeline_folder_still_finds_its_files() throws Exception {
        Path json = dir.resolve("project/timeline.json");
        Files.createDirectories(json.getParent());
        Files.writeString(json, """
                {"format": {"width": 720, "height": 1280, "fps": 25},
                 "shots": [{"image": "a.png", "seconds": 2, "kenBurns": "zoom-in", "transition": "fade"}],
                 "voices": [{"file": "../v.wav", "start": 0.5, "text": "你来了。"}]}
                """);
        Timeline t = Timeline.load(json);
        assertThat(t.format()).isEqualTo(VideoFormat.custom(720, 1280, 25));
        assertThat(t.shots().get(0).file()).isEqualTo(dir.resolve("project/a.png"));
        assertThat(t.shots().get(0).kenBurns().move()).isEqualTo(CameraMove.ZOOM_IN);
        assertThat(t.shots().get(0).transition()).isEqualTo(Transition.fade(0.5));
        assertThat(t.voices().get(0).file()).isEqualTo(dir.resolve("v.wav"));
    }

    @Test
    void durations_and_frame_counts_come_from_exact_times() {
        Timeline t = sample();
        assertThat(t.shotStartsMicros()).containsExactly(0L, 4_500_000L, 8_500_000L);
        assertThat(t.duration()).isEqualTo(11.5);
        assertThat(t.frameCount()).isEqualTo(345);
        // 1000 shots of 1/3 s: accumulated floats would drift, exact micros do not
        Timeline.Builder b = Timeline.builder(VideoFormat.custom(64, 64, 30));
        for (int i = 0; i < 1000; i++) {
            b.shot(ShotClip.still(dir.resolve("x.png"), 1.0 / 3));
        }
        assertThat(b.build().frameCount()).isEqualTo(10_000);
    }

    @Test
    void malformed_json_names_the_file_and_the_line() throws Exception {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\n  \"shots\": [\n    {\"image\": \"a.png\", \"seconds\": }\n  ]\n}");
        assertThatThrownBy(() -> Timeline.load(json)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(json.toString()).hasMessageContaining("line 3");
    }

    @Test
    void a_wrong_field_is_named_with_its_path() throws Exception {
        Path json = dir.resolve("t.json");
        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 2}, {\"image\": \"b.png\", \"seconds\": \"long\"}]}");
        assertThatThrownBy(() -> Timeline.load(json)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(json + ": shots[1].seconds").hasMessageContaining("must be a number");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": -1}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("shots[0].seconds");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 2, \"kenBurns\": {\"move\": \"spin\"}}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("shots[0].kenBurns.move")
                .hasMessageContaining("spin");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"secnds\": 2}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("shots[0].secnds").hasMessageContaining("unknown field");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 1}, {\"image\": \"b.png\", \"seconds\": 1, \"transition\": {\"type\": \"crossfade\", \"seconds\": 2}}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("shots[1].transition.seconds");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 1}], \"subtitles\": {\"style\": {\"color\": \"white\"}}}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("subtitles.style.color");

        Files.writeString(json, "{\"shots\": []}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("at least one shot");
    }

    @Test
    void empty_binary_and_missing_files_are_refused_with_their_name() throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> Timeline.load(empty)).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
        Path binary = dir.resolve("bin.json");
        Files.write(binary, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        assertThatThrownBy(() -> Timeline.load(binary)).isInstanceOf(InvalidInputException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Timeline.load(dir.resolve("nope.json"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no such file");
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1, 2]", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Timeline.load(array)).hasMessageContaining("JSON object");
    }

    @Test
    void presets_and_custom_sizes() {
        assertThat(VideoFormat.of(VideoFormat.Preset.LANDSCAPE_16_9, 25)).isEqualTo(new VideoFormat(VideoFormat.Preset.LANDSCAPE_16_9, 1920, 1080, 25));
        assertThat(VideoFormat.custom(1080, 1080, 30).preset()).isEqualTo(VideoFormat.Preset.SQUARE_1_1);
        assertThat(VideoFormat.parseSize("720x1280", 30).preset()).isEqualTo(VideoFormat.Preset.CUSTOM);
        assertThatThrownBy(() -> VideoFormat.custom(721, 1280, 30)).isInstanceOf(InvalidInputException.class).hasMessageContaining("even");
        assertThatThrownBy(() -> VideoFormat.parseSize("big", 30)).isInstanceOf(InvalidInputException.class).hasMessageContaining("size");
    }
}
