package dev.novelkit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardJson;
import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.media.cast.Cast;
import dev.novelkit.media.video.VideoFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The offline video job's looks, sheets and consistency report, a wrong picture caught, and one shot redone. */
class CharacterConsistencyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Three characters the cards draw in clearly different colours: pink, teal and green. */
    static final String NOVEL = """
            灯会

            第一章 石阶

            三月初三，青溪镇的灯会到了。林晚舟提着一盏荷花灯走下石阶。她今年十九岁，穿一件蓝布衫。
            “晚舟姐，等等我！”苏小满从巷子里跑出来，辫子甩得老高。
            “慢些跑，小满。”林晚舟笑着说。

            第二章 米仓

            顾长庚站在米仓门口，手上戴着一枚碧绿的玉扳指。
            “今年的米价，怕是要涨了。”顾长庚说。
            苏小满躲在林晚舟身后，偷偷看着顾长庚。
            """;

    private static NovelToVideo job() {
        return NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(4))
                .format(VideoFormat.custom(270, 480, 10)).voices(null, false).music(null, false);
    }

    private static Path novel(Path dir) throws Exception {
        return Files.writeString(dir.resolve("novel.txt"), NOVEL, StandardCharsets.UTF_8);
    }

    /** Each shot's picture file, in storyboard order, from timeline.json. */
    private static List<Path> pictures(Path out) throws Exception {
        List<Path> files = new ArrayList<>();
        for (JsonNode shot : JSON.readTree(out.resolve("timeline.json").toFile()).path("shots")) {
            files.add(out.resolve(shot.path("image").asText()));
        }
        return files;
    }

    @Test
    void the_offline_job_writes_the_looks_the_sheets_and_a_report_with_no_drifted_shot(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("out");

        VideoRun run = job().run(novel(dir), out);

        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Cast cast = Cast.read(out.resolve("cast.json"));
        assertThat(cast).isEqualTo(Cast.derive(board));
        board.characters().forEach(c -> assertThat(out.resolve("characters/" + c.name() + ".png")).isNotEmptyFile());
        JsonNode report = JSON.readTree(out.resolve("consistency.json").toFile());
        assertThat(report.path("drifted")).isEmpty();
        int measured = 0;
        for (JsonNode shot : report.path("shots")) {
            for (JsonNode c : shot.path("characters")) {
                assertThat(c.path("similarity").asDouble()).as(shot.path("shot") + " " + c.path("name")).isGreaterThan(0.9);
                measured++;
            }
        }
        assertThat(measured).isGreaterThan(0);
        assertThat(Files.readString(out.resolve("consistency.md"))).contains("No shot drifted");
        assertThat(NovelToVideoTest.step(run, "consistency").note()).startsWith("no shot drifted");
    }

    @Test
    void a_wrong_picture_for_one_shot_is_reported_drifted_and_redoing_that_shot_alone_mends_it(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("out");
        Path input = novel(dir);
        job().run(input, out);
        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        List<Path> pictures = pictures(out);
        int target = -1;
        int donor = -1;
        for (int i = 0; i < board.shots().size() && target < 0; i++) {
            for (int j = 0; j < board.shots().size(); j++) {
                List<String> a = board.shots().get(i).characters();
                List<String> b = board.shots().get(j).characters();
                if (!a.isEmpty() && !b.isEmpty() && !a.get(0).equals(b.get(0)) && palettesDiffer(a.get(0), b.get(0))) {
                    target = i;
                    donor = j;
                    break;
                }
            }
        }
        assertThat(target).as("two shots whose first characters differ").isNotNegative();
        Shot wrongShot = board.shots().get(target);
        // the deliberately wrong picture: another shot's card, with someone else where the character should stand
        Files.copy(pictures.get(donor), pictures.get(target), StandardCopyOption.REPLACE_EXISTING);

        VideoRun checked = job().run(input, out);

        JsonNode report = JSON.readTree(out.resolve("consistency.json").toFile());
        assertThat(report.path("drifted")).extracting(JsonNode::asText).containsExactly(wrongShot.id());
        assertThat(NovelToVideoTest.step(checked, "images").made()).isZero();

        VideoRun redone = job().redoShots(List.of(String.valueOf(target + 1))).run(input, out);

        assertThat(JSON.readTree(out.resolve("consistency.json").toFile()).path("drifted")).isEmpty();
        assertThat(NovelToVideoTest.step(redone, "images").made()).isEqualTo(1);
        assertThat(NovelToVideoTest.step(redone, "images").note()).isEqualTo("redone: " + wrongShot.id());
        assertThat(NovelToVideoTest.step(redone, "characters").made()).isZero();
        assertThat(NovelToVideoTest.step(redone, "video").made()).isEqualTo(1);
    }

    @Test
    void your_picture_for_one_character_redoes_exactly_the_cards_that_draw_them_in_its_colour(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("out");
        Path input = novel(dir);
        job().run(input, out);
        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Cast cast = Cast.read(out.resolve("cast.json"));
        String who = board.characters().stream().map(c -> c.name())
                .filter(n -> board.shots().stream().anyMatch(s -> s.characters().contains(n))).findFirst().orElseThrow();
        List<Path> before = pictures(out);
        List<byte[]> beforeBytes = new ArrayList<>();
        for (Path p : before) {
            beforeBytes.add(Files.readAllBytes(p));
        }
        // the user's own picture: a teal robe on white
        java.awt.image.BufferedImage mine = new java.awt.image.BufferedImage(300, 500,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = mine.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 300, 500);
        g.setColor(new java.awt.Color(0x1FA8A0));
        g.fillRect(80, 100, 140, 380);
        g.dispose();
        Path sheet = out.resolve(cast.look(who).orElseThrow().sheet());
        javax.imageio.ImageIO.write(mine, "png", sheet.toFile());
        byte[] mineBytes = Files.readAllBytes(sheet);

        VideoRun again = job().run(input, out);

        long expected = board.shots().stream().filter(s -> s.characters().contains(who)).count();
        assertThat(NovelToVideoTest.step(again, "images").made()).isEqualTo((int) expected);
        assertThat(NovelToVideoTest.step(again, "characters").made()).isZero();
        assertThat(NovelToVideoTest.step(again, "characters").note()).contains("1 your own picture");
        List<Path> after = pictures(out);
        for (int i = 0; i < board.shots().size(); i++) {
            boolean drawsHim = board.shots().get(i).characters().contains(who);
            assertThat(java.util.Arrays.equals(Files.readAllBytes(after.get(i)), beforeBytes.get(i)))
                    .as(board.shots().get(i).id()).isEqualTo(!drawsHim);
        }
        assertThat(sheet).hasBinaryContent(mineBytes);
        JsonNode report = JSON.readTree(out.resolve("consistency.json").toFile());
        assertThat(report.path("drifted")).isEmpty();
        for (JsonNode shot : report.path("shots")) {
            for (JsonNode c : shot.path("characters")) {
                if (c.path("name").asText().equals(who)) {
                    assertThat(c.path("note").asText()).contains("whole sheet picture");
                    assertThat(c.path("similarity").asDouble()).isGreaterThan(0.9);
                }
            }
        }
    }

    @Test
    void an_unknown_shot_to_redo_is_bad_input_naming_the_shots_there_are(@TempDir Path dir) throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> job().redoShots(List.of("99")).run(novel(dir), dir.resolve("out")));

        assertThat(e.getMessage()).startsWith("redoShots: no shot 99: the storyboard has ").contains("shot-01");
    }

    @Test
    void an_edited_look_is_kept_on_the_next_run(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path input = novel(dir);
        job().run(input, out);
        Cast cast = Cast.read(out.resolve("cast.json"));
        var first = cast.looks().get(0);
        var edited = new dev.novelkit.media.cast.CharacterLook(first.name(), first.name() + " (白衣书生)",
                first.colour(), first.sheet());
        List<dev.novelkit.media.cast.CharacterLook> looks = new ArrayList<>(cast.looks());
        looks.set(0, edited);
        Cast.of(looks).write(out.resolve("cast.json"));

        job().run(input, out);

        assertThat(Cast.read(out.resolve("cast.json")).look(first.name())).contains(edited);
    }

    @Test
    void midjourney_prompts_point_at_the_hosted_sheets_of_each_shots_characters(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");

        job().midjourney(dev.novelkit.media.prompt.MidjourneyParams.defaults(), "https://cdn.example.com/dukou/")
                .run(novel(dir), out);

        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Cast cast = Cast.read(out.resolve("cast.json"));
        List<String> lines = Files.readAllLines(out.resolve("midjourney.txt")).stream()
                .filter(l -> l.startsWith("/imagine prompt: ")).toList();
        assertThat(lines).hasSize(board.characters().size() + board.shots().size());
        for (int i = 0; i < board.shots().size(); i++) {
            Shot shot = board.shots().get(i);
            String line = lines.get(board.characters().size() + i);
            assertThat(line).contains("--ar 9:16");
            List<dev.novelkit.media.cast.CharacterLook> in = cast.inShot(board, shot);
            if (in.isEmpty()) {
                assertThat(line).doesNotContain("--oref");
            } else {
                String file = java.net.URLEncoder.encode(in.get(0).name(), StandardCharsets.UTF_8);
                assertThat(line).endsWith("--oref https://cdn.example.com/dukou/characters/" + file + ".png")
                        .contains(in.get(0).look());
            }
        }
    }

    private static boolean palettesDiffer(String a, String b) {
        Map<String, java.awt.Color> colours = Map.of(a, dev.novelkit.media.cast.Palette.of(a), b,
                dev.novelkit.media.cast.Palette.of(b));
        float[] ha = java.awt.Color.RGBtoHSB(colours.get(a).getRed(), colours.get(a).getGreen(), colours.get(a).getBlue(), null);
        float[] hb = java.awt.Color.RGBtoHSB(colours.get(b).getRed(), colours.get(b).getGreen(), colours.get(b).getBlue(), null);
        double d = Math.abs(ha[0] - hb[0]);
        return Math.min(d, 1 - d) > 0.15;
    }
}
