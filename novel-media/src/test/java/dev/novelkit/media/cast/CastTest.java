package dev.novelkit.media.cast;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CastTest {
    static final Character LIN = new Character("林晚舟", "乌黑的头发用一根桃木簪子挽着，眼睛很亮。", "十九岁",
            "穿一件洗得发白的蓝布衫", "female, young", List.of("晚舟", "林姑娘"));
    static final Character SHEN = new Character("沈砚", "", "", "", "male, young", List.of("沈先生"));
    static final Character ZHOU = new Character("周伯", "脸上的皱纹像晒干的河床", "六十多岁", "", "male, old", List.of());
    static final Character XIAOMAN = new Character("苏小满", "圆圆的脸", "十六岁", "", "female, teen", List.of("小满"));

    static Storyboard board(Shot... shots) {
        return new Storyboard("渡口灯火", List.of(LIN, SHEN, ZHOU, XIAOMAN), List.of(Scene.of("s", "渡口")),
                List.of(shots));
    }

    static Shot shot(String id, List<String> characters, String description, String narration,
                     DialogueLine... lines) {
        return new Shot(id, "s", characters, description, CameraMove.STATIC, narration, List.of(lines), 4);
    }

    @Test
    void a_look_keeps_the_storyboards_words_and_fills_only_what_the_text_leaves_out() {
        Cast cast = Cast.derive(board());

        CharacterLook lin = cast.look("林晚舟").orElseThrow();
        assertThat(lin.look()).isEqualTo("林晚舟 (年轻女子, 十九岁, 乌黑的头发用一根桃木簪子挽着，眼睛很亮, "
                + "穿一件洗得发白的蓝布衫)");
        assertThat(lin.sheet()).isEqualTo("characters/林晚舟.png");
        assertThat(lin.colour()).isEqualTo(Palette.hex(Palette.of("林晚舟")));

        CharacterLook shen = cast.look("沈砚").orElseThrow();
        assertThat(shen.look()).startsWith("沈砚 (年轻男子, 二十岁上下, ")
                .contains("穿" + Palette.hueName(Palette.of("沈砚")) + "色");
        CharacterLook zhou = cast.look("周伯").orElseThrow();
        assertThat(zhou.look()).startsWith("周伯 (老者, 六十多岁, 脸上的皱纹像晒干的河床, 穿");
    }

    @Test
    void the_same_storyboard_gives_the_same_looks_every_time() {
        assertThat(Cast.derive(board()).toJson()).isEqualTo(Cast.derive(board()).toJson());
        assertThat(Cast.derive(board())).isEqualTo(Cast.derive(board()));
    }

    @Test
    void the_characters_of_a_shot_come_speakers_first_then_listed_then_named_in_the_text() {
        Shot s = shot("shot-01", List.of("周伯", "林晚舟"), "夜，渡口，小满提着灯跑来", "周伯叹了口气",
                new DialogueLine("沈砚", "上船吧。", ""), new DialogueLine("旁白", "夜深了。", ""));
        Storyboard board = board(s);

        List<CharacterLook> in = Cast.derive(board).inShot(board, s);

        assertThat(in).extracting(CharacterLook::name).containsExactly("沈砚", "周伯", "林晚舟", "苏小满");
    }

    @Test
    void a_shot_naming_nobody_has_no_characters() {
        Shot s = shot("shot-02", List.of(), "青溪镇的雨", "青溪镇的雨，总是从傍晚开始下的。");
        Storyboard board = board(s);

        assertThat(Cast.derive(board).inShot(board, s)).isEmpty();
    }

    @Test
    void a_look_the_user_edited_is_kept_and_the_others_follow_the_storyboard() {
        Cast before = Cast.derive(board());
        CharacterLook mine = new CharacterLook("沈砚", "沈砚 (二十五岁的书生, 白衣, 背着木匣子)", "#FFFFFF",
                "my/shen.jpg");
        Cast onDisk = Cast.of(List.of(before.looks().get(0), mine, before.looks().get(2), before.looks().get(3)));
        Character older = new Character("林晚舟", LIN.appearance(), "二十岁", LIN.clothing(), LIN.voiceHint(),
                LIN.aliases());
        Cast now = Cast.derive(new Storyboard("t", List.of(older, SHEN, ZHOU, XIAOMAN), List.of(), List.of()));

        Cast resolved = Cast.resolve(now, before, onDisk);

        assertThat(resolved.look("沈砚")).contains(mine);
        assertThat(resolved.look("林晚舟").orElseThrow().look()).contains("二十岁");
        assertThat(Cast.resolve(now, null, null)).isEqualTo(now);
        assertThat(Cast.resolve(now, null, onDisk).look("林晚舟").orElseThrow().look()).contains("十九岁");
    }

    @Test
    void the_cast_file_reads_back_as_written(@TempDir Path dir) {
        Cast cast = Cast.derive(board());
        Path file = dir.resolve("cast.json");

        cast.write(file);

        assertThat(Cast.read(file)).isEqualTo(cast);
    }

    @Test
    void a_broken_cast_file_is_named_with_the_field(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cast.json"),
                "{\"characters\":[{\"name\":\"林晚舟\",\"look\":\"\",\"sheet\":\"characters/a.png\"}]}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Cast.read(file));
        assertThat(e.getMessage()).contains("cast.json field characters[0].look").contains("missing or empty");

        Files.writeString(file, "{\"characters\":[{\"name\":\"a\",\"look\":\"x\",\"sheet\":\"s\"},"
                + "{\"name\":\"a\",\"look\":\"y\",\"sheet\":\"t\"}]}");
        e = assertThrows(InvalidInputException.class, () -> Cast.read(file));
        assertThat(e.getMessage()).contains("characters[1].name").contains("listed twice");

        Files.writeString(file, "{\"characters\": [");
        e = assertThrows(InvalidInputException.class, () -> Cast.read(file));
        assertThat(e.getMessage()).contains("malformed JSON at line 1");
    }

    @Test
    void sheet_file_names_are_safe_on_every_file_system() {
        assertThat(Cast.fileName("林晚舟")).isEqualTo("林晚舟");
        assertThat(Cast.fileName("a/b c:d")).isEqualTo("a_b_c_d");
        assertThat(Cast.fileName("..")).isEqualTo("_..");
        Storyboard twins = new Storyboard("t", List.of(Character.named("a/b"), Character.named("a:b")), List.of(),
                List.of());
        assertThat(Cast.derive(twins).looks()).extracting(CharacterLook::sheet)
                .containsExactly("characters/a_b.png", "characters/a_b-2.png");
    }
}
