package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.story.CameraMove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TimelineTest {
    @TempDir
    Path dir;

    private Timeline sample() {
        return Timeline.of(VideoFormat.PORTRAIT_1080P)
                .shot(ShotClip.still(dir.resolve("img/a.png"), 5).kenBurns(KenBurns.of(CameraMove.PAN_LEFT).zoom(1.2)))
                .shot(ShotClip.video(dir.resolve("clips/b.mp4"), 4).transition(Transition.crossfade(0.5)).volume(0.3))
                .shot(ShotClip.still(dir.resolve("img/c.png"), 3).transition(Transition.fade(1.0)))
                .voice(new VoiceClip(dir.resolve("voice/v1.wav"), 0.2, 0.9, "雨下了一夜。", "旁白"))
                .music(Music.of(dir.resolve("music.mp3"), 0.4).duckDb(-15))
                .effect(new SoundEffect(dir.resolve("fx/door.wav"), 6.5, 0.7))
                .subtitles(new Subtitles(List.of(SubtitleCue.of(8, 9.5, "天快亮了。")), true,
                        SubtitleStyle.defaults().fontSize(64).maxCharsPerLine(14).showSpeaker(true)));
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
        Timeline b = Timeline.of(VideoFormat.custom(64, 64, 30));
        for (int i = 0; i < 1000; i++) {
            b = b.shot(ShotClip.still(dir.resolve("x.png"), 1.0 / 3));
        }
        assertThat(b.frameCount()).isEqualTo(10_000);
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
    void a_timeline_with_a_byte_order_mark_loads_like_one_without() throws Exception {
        Path plain = dir.resolve("plain.json");
        Path bom = dir.resolve("bom.json");
        String json = "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 2}]}";
        Files.writeString(plain, json);
        Files.write(bom, ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readAllBytes(bom)).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(Timeline.load(bom)).isEqualTo(Timeline.load(plain));
    }

    @Test
    void paths_taken_from_the_working_folder_are_written_relative_to_the_json_file() {
        Path image = dir.resolve("out/work/images/a.png");
        Path fromWorkingFolder = Path.of("").toAbsolutePath().relativize(image); // as a relative --out gives them
        Path outside = dir.resolve("elsewhere/music.wav");
        Timeline t = Timeline.of(VideoFormat.PORTRAIT_1080P).shot(ShotClip.still(fromWorkingFolder, 2))
                .music(Music.of(outside, 0.3));
        Path json = dir.resolve("out/timeline.json");

        t.save(json);

        String text = readUnchecked(json);
        assertThat(text).contains("\"image\" : \"work/images/a.png\"")
                .contains("\"file\" : \"" + outside.toAbsolutePath().toString().replace('\\', '/') + "\"");
        Timeline again = Timeline.load(json);
        assertThat(again.shots().get(0).file()).isEqualTo(image);
        assertThat(again.music().file()).isEqualTo(outside);
    }

    @Test
    void the_demo_timeline_of_the_previous_release_loads_and_is_written_back_byte_for_byte() throws Exception {
        Path json = dir.resolve("demo/timeline.json");
        Files.createDirectories(json.getParent());
        try (var in = getClass().getResourceAsStream("demo-timeline.json")) {
            Files.copy(in, json);
        }

        Timeline t = Timeline.load(json);

        assertThat(t.shots()).hasSize(12);
        assertThat(t.shots().get(0).file()).isEqualTo(dir.resolve("demo/work/images/6ab6dcbe67a8c326.png"));
        assertThat(t.shots().get(0).transition()).isEqualTo(Transition.crossfade(0.4));
        assertThat(t.subtitles().fromVoices()).isTrue();
        assertThat(t.toJson(json.getParent()) + "\n").isEqualTo(Files.readString(json));
    }

    @Test
    void every_short_form_of_a_hand_written_timeline_still_loads() throws Exception {
        Path json = dir.resolve("hand.json");
        Files.writeString(json, """
                {"format": {"preset": "16:9", "fps": 24},
                 "shots": [
                   {"image": "a.png", "seconds": 2, "kenBurns": "pan-right", "transition": "crossfade"},
                   {"image": "b.png", "seconds": 3, "kenBurns": {"zoom": 1.3}, "transition": {"type": "fade"}},
                   {"video": "c.mp4", "seconds": 1.5, "transition": {"type": "cut"}, "volume": 0}
                 ],
                 "voices": [{"file": "v.wav", "start": 0.5, "speaker": "林", "volume": null}],
                 "music": {"file": "m.mp3"},
                 "effects": [{"file": "fx.wav", "start": 1}],
                 "subtitles": {"cues": [{"start": 0, "end": 1, "text": "你来了。", "speaker": "旁白"}],
                               "style": {"maxLines": 3, "color": "#FFEE00"}}}
                """);

        Timeline t = Timeline.load(json);

        assertThat(t.format()).isEqualTo(VideoFormat.of(VideoFormat.Preset.LANDSCAPE_16_9, 24));
        assertThat(t.shots().get(0).kenBurns()).isEqualTo(KenBurns.of(CameraMove.PAN_RIGHT));
        assertThat(t.shots().get(0).transition()).isEqualTo(Transition.crossfade(0.5));
        assertThat(t.shots().get(1).kenBurns()).isEqualTo(new KenBurns(CameraMove.STATIC, 1.3, KenBurns.Easing.EASE_IN_OUT));
        assertThat(t.shots().get(1).transition()).isEqualTo(Transition.fade(0.5));
        assertThat(t.shots().get(2).kind()).isEqualTo(ShotClip.Kind.VIDEO);
        assertThat(t.shots().get(2).transition()).isEqualTo(Transition.CUT);
        assertThat(t.shots().get(2).volume()).isZero();
        assertThat(t.voices().get(0)).isEqualTo(new VoiceClip(dir.resolve("v.wav"), 0.5, 1.0, "", "林"));
        assertThat(t.music()).isEqualTo(new Music(dir.resolve("m.mp3"), 0.5, true, true, Music.DEFAULT_DUCK_DB));
        assertThat(t.effects()).containsExactly(new SoundEffect(dir.resolve("fx.wav"), 1, 1.0));
        assertThat(t.subtitles().fromVoices()).isFalse();
        assertThat(t.subtitles().cues()).containsExactly(new SubtitleCue(0, 1, "你来了。", "旁白"));
        assertThat(t.subtitles().style()).isEqualTo(SubtitleStyle.defaults().maxLines(3).color("#FFEE00"));
    }

    @Test
    void values_of_the_wrong_kind_are_named_with_their_field_and_never_coerced() throws Exception {
        Path json = dir.resolve("kinds.json");
        String shot = "{\"image\": \"a.png\", \"seconds\": 2}";
        Files.writeString(json, "{\"format\": {\"preset\": \"9:16\", \"fps\": 29.97}, \"shots\": [" + shot + "]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("format.fps").hasMessageContaining("whole number")
                .hasMessageContaining("29.97");

        Files.writeString(json, "{\"shots\": [" + shot + "], \"music\": {\"file\": \"m.wav\", \"loop\": \"yes\"}}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("music.loop").hasMessageContaining("true or false");

        Files.writeString(json, "{\"shots\": [" + shot + "], \"voices\": [{\"file\": \"v.wav\", \"start\": 1, \"text\": 5}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("voices[0].text").hasMessageContaining("a string");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 1e400}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("shots[0].seconds").hasMessageContaining("finite");

        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": 2, \"transition\": 5}]}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining("shots[0].transition")
                .hasMessageContaining("a transition's name or a JSON object");

        Files.writeString(json, "{\"shots\": {\"image\": \"a.png\"}}");
        assertThatThrownBy(() -> Timeline.load(json)).hasMessageContaining(json + ": shots").hasMessageContaining("JSON array");

        Files.writeString(json, "{\"format\": {\"fps\": 99999999999}, \"shots\": [" + shot + "]}");
        assertThatThrownBy(() -> Timeline.load(json)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("format.fps").hasMessageContaining("out of range");
    }

    @Test
    void adding_to_a_timeline_leaves_the_original_as_it_was_and_checks_the_new_shot_at_once() {
        Timeline empty = Timeline.of(VideoFormat.PORTRAIT_1080P);
        Timeline one = empty.shot(ShotClip.still(dir.resolve("a.png"), 1));

        assertThat(empty.shots()).isEmpty();
        assertThat(one.shots()).hasSize(1);
        assertThatThrownBy(() -> one.shot(ShotClip.still(dir.resolve("b.png"), 3).transition(Transition.crossfade(2))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("shots[1].transition.seconds").hasMessageContaining("was 2.0");
        assertThatThrownBy(() -> empty.save(dir.resolve("empty.json"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one shot");
    }

    @Test
    void the_next_shot_starts_where_the_last_ends_less_a_crossfade_as_the_assembler_places_it() {
        Timeline t = Timeline.of(VideoFormat.PORTRAIT_1080P);
        assertThat(t.startOfNextShot(Transition.crossfade(0.4))).isZero(); // the first shot starts at 0 anyway
        double[] lengths = {5.148117913832199, 8.782834467120178, 2.0 / 3, 11.072766439909296};
        double at = 0;
        for (int i = 0; i < lengths.length; i++) {
            Transition into = i % 2 == 0 ? Transition.crossfade(0.4) : Transition.fade(0.3);
            double start = t.startOfNextShot(into);
            // the arithmetic a caller placing voices did itself before: the same double, not just a close one
            double expected = i > 0 && into.type() == Transition.Type.CROSSFADE ? at - 0.4 : at;
            assertThat(start).isEqualTo(expected);
            t = t.shot(ShotClip.still(dir.resolve(i + ".png"), lengths[i]).transition(into));
            at = start + lengths[i];
            assertThat(Timeline.micros(start)).isCloseTo(t.shotStartsMicros().get(i), within(1L));
        }
        assertThat(t.startOfNextShot(Transition.CUT)).isEqualTo(at);
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
