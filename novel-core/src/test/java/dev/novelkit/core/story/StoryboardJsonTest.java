package dev.novelkit.core.story;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoryboardJsonTest {
    private static Storyboard sample() {
        return new Storyboard("渡口灯火",
                List.of(Character.named("林晚舟").appearance("乌黑的头发用桃木簪子挽着").age("十九岁")
                        .clothing("洗得发白的蓝布衫").voiceHint("young woman, steady")),
                List.of(new Scene("s1", "老渡口", "雨夜", "melancholy", "马灯在雨里摇晃")),
                List.of(new Shot("shot-1", "s1", List.of("林晚舟"), "雨夜渡口，马灯下的渡船", CameraMove.ZOOM_IN,
                        "青溪镇的雨，总是从傍晚开始下的。",
                        List.of(new DialogueLine("林晚舟", "再等一等吧，周伯。", "calm")), 5.5)));
    }

    @Test
    void saves_and_loads_the_same_storyboard(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("storyboard.json");
        StoryboardJson.write(sample(), file);

        assertThat(Files.readString(file)).contains("\"characters\"", "\"scenes\"", "\"shots\"", "ZOOM_IN");
        assertThat(StoryboardJson.read(file)).isEqualTo(sample());
    }

    @Test
    void a_storyboard_saved_with_a_byte_order_mark_by_an_editor_loads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("storyboard.json");
        StoryboardJson.write(sample(), file);
        Files.write(file, ("\uFEFF" + Files.readString(file)).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(StoryboardJson.read(file)).isEqualTo(sample());
    }

    @Test
    void accepts_hand_written_camera_moves_and_missing_optional_fields() {
        String json = """
                {"characters":[{"name":"沈砚"}],"scenes":[{"id":"s1"}],
                 "shots":[{"id":"a","camera":"pan-left","seconds":3},{"id":"b","camera":"whirl","seconds":2}]}
                """;
        Storyboard board = StoryboardJson.fromJson(json, "edit.json");

        assertThat(board.shots()).extracting(Shot::camera).containsExactly(CameraMove.PAN_LEFT, CameraMove.STATIC);
        assertThat(board.characters().get(0).appearance()).isEmpty();
        assertThat(board.shots().get(0).dialogue()).isEmpty();
    }

    @Test
    void names_the_file_and_field_of_a_bad_value() {
        String json = """
                {"characters":[],"scenes":[],"shots":[{"id":"a","seconds":0}]}
                """;
        assertThatThrownBy(() -> StoryboardJson.fromJson(json, "board.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("board.json").hasMessageContaining("shots");
    }

    @Test
    void reports_malformed_json_with_its_position(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"characters\": [\n  {\"name\": \"x\",,}\n]}");

        assertThatThrownBy(() -> StoryboardJson.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("broken.json").hasMessageContaining("line 2");
    }

    @Test
    void rejects_an_empty_or_missing_file(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "  \n");
        assertThatThrownBy(() -> StoryboardJson.read(empty)).hasMessageContaining("empty.json: empty file");
        assertThatThrownBy(() -> StoryboardJson.read(dir.resolve("none.json"))).hasMessageContaining("no such file");
    }
}
