package dev.novelkit.media.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.internal.HttpJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real measurements on real story cards: each character's figure against their sheet. */
class ConsistencyCheckTest {
    // Palette colours far apart: pink, teal, green.
    static final Character LIN = new Character("林晚舟", "乌黑的头发", "十九岁", "蓝布衫", "female, young", List.of());
    static final Character GU = new Character("顾长庚", "白白胖胖", "四十来岁", "", "male, middle-aged", List.of());
    static final Character SU = new Character("苏小满", "圆圆的脸", "十六岁", "", "female, teen", List.of());
    static final Scene NIGHT_RAIN = new Scene("a", "渡口", "夜", "melancholy", "雨夜的渡口");
    static final Scene TENSE = new Scene("b", "米仓", "夜", "tense", "墙角塌下去一大块");

    @TempDir
    Path dir;
    final StoryCardRenderer card = StoryCardRenderer.defaults();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private ImageRequest sheetRequest(Character c) {
        return ImageRequest.of("sheet", dir.resolve("sheet-" + c.name() + ".png")).size(540, 960)
                .characters(List.of(c)).caption(c.name()).sheet(true);
    }

    private ShotPicture shot(String id, Scene scene, List<Character> drawn, List<Character> expected) {
        ImageRequest request = ImageRequest.of("x", dir.resolve(id + ".png")).size(540, 960).scene(scene)
                .characters(drawn);
        card.generate(request);
        List<StoryCardRenderer.Figure> where = StoryCardRenderer.figures(request);
        List<ShotPicture.Appearance> appearances = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Character c = expected.get(i);
            ImageRequest sheet = sheetRequest(c);
            if (!Files.exists(sheet.output())) {
                card.generate(sheet);
            }
            appearances.add(new ShotPicture.Appearance(c.name(), c.name(), sheet.output(),
                    StoryCardRenderer.figures(sheet).get(0).torso(), where.get(i).torso()));
        }
        return new ShotPicture(id, request.output(), List.of(), appearances);
    }

    @Test
    void characters_drawn_from_their_palette_match_their_sheets_in_every_scene() {
        List<ShotPicture> shots = List.of(shot("shot-01", NIGHT_RAIN, List.of(LIN, GU), List.of(LIN, GU)),
                shot("shot-02", TENSE, List.of(SU, LIN, GU), List.of(SU, LIN, GU)));

        ConsistencyReport report = ConsistencyCheck.defaults().check(shots, dir, List.of());

        assertThat(report.driftedShots()).isEmpty();
        assertThat(report.measured()).isEqualTo(5);
        report.shots().forEach(s -> s.characters().forEach(c -> {
            assertThat(c.similarity()).as(s.shot() + " " + c.name()).isGreaterThan(0.95);
            assertThat(c.measuredBy()).isEqualTo(ConsistencyCheck.FIGURE_COLOURS);
        }));
        assertThat(report.shots().get(0).picture()).isEqualTo("shot-01.png");
    }

    @Test
    void a_picture_showing_someone_else_where_the_character_should_be_is_drifted() {
        // the picture draws 苏小满 where 林晚舟 should stand
        ShotPicture wrong = shot("shot-03", NIGHT_RAIN, List.of(SU, GU), List.of(LIN, GU));

        ConsistencyReport report = ConsistencyCheck.defaults().check(List.of(wrong), dir, List.of());

        assertThat(report.driftedShots()).containsExactly("shot-03");
        ConsistencyReport.CharacterResult lin = report.shots().get(0).characters().get(0);
        assertThat(lin.drifted()).isTrue();
        assertThat(lin.similarity()).isLessThan(0.2);
        assertThat(report.shots().get(0).characters().get(1).drifted()).isFalse();
        assertThat(report.toMarkdown()).contains("Drifted: shot-03").contains("--redo-shot");
    }

    @Test
    void a_picture_with_no_known_figure_positions_needs_a_vision_model() throws Exception {
        ShotPicture drawn = shot("shot-04", NIGHT_RAIN, List.of(LIN), List.of(LIN));
        ShotPicture remote = new ShotPicture("shot-04", drawn.picture(), List.of("林晚舟"),
                List.of(new ShotPicture.Appearance("林晚舟", "林晚舟 (十九岁)", drawn.characters().get(0).sheet(),
                        null, null)));

        ConsistencyReport without = ConsistencyCheck.defaults().check(List.of(remote), dir, List.of());
        VisionJudge judge = judge("vision model fake", look -> {
            assertThat(look).isEqualTo("林晚舟 (十九岁)");
            return new VisionJudge.Verdict(0.3, true, "the hair is short in the picture");
        });
        ConsistencyReport with = ConsistencyCheck.defaults().vision(judge).check(List.of(remote), dir, List.of());

        ConsistencyReport.CharacterResult unmeasured = without.shots().get(0).characters().get(0);
        assertThat(unmeasured.similarity()).isNull();
        assertThat(unmeasured.drifted()).isFalse();
        assertThat(without.notes()).anyMatch(n -> n.contains("not measured without a vision model"));
        ConsistencyReport.CharacterResult judged = with.shots().get(0).characters().get(0);
        assertThat(judged.similarity()).isEqualTo(0.3);
        assertThat(judged.measuredBy()).isEqualTo("vision model fake");
        assertThat(judged.note()).isEqualTo("the hair is short in the picture");
        assertThat(with.driftedShots()).containsExactly("shot-04");
    }

    @Test
    void a_failing_vision_model_leaves_the_appearance_unmeasured_with_the_reason() throws Exception {
        ShotPicture drawn = shot("shot-05", NIGHT_RAIN, List.of(LIN), List.of(LIN));
        ShotPicture remote = new ShotPicture("shot-05", drawn.picture(), List.of(),
                List.of(new ShotPicture.Appearance("林晚舟", "", drawn.characters().get(0).sheet(), null, null)));
        VisionJudge broken = judge("vision model down", look -> {
            throw BackendException.builder("vision", "HTTP 503 server error").build();
        });

        ConsistencyReport report = ConsistencyCheck.defaults().vision(broken).check(List.of(remote), dir, List.of());

        ConsistencyReport.CharacterResult c = report.shots().get(0).characters().get(0);
        assertThat(c.similarity()).isNull();
        assertThat(c.note()).contains("vision model down failed").contains("HTTP 503");
    }

    @Test
    void the_report_is_written_as_json_and_markdown(@TempDir Path out) throws Exception {
        ConsistencyReport report = ConsistencyCheck.defaults().check(
                List.of(shot("shot-06", TENSE, List.of(GU), List.of(GU)),
                        new ShotPicture("shot-07", dir.resolve("shot-06.png"), List.of(), List.of())),
                dir, List.of("card: takes no reference pictures"));

        report.write(out.resolve("consistency.json"));

        JsonNode json = HttpJson.mapper().readTree(out.resolve("consistency.json").toFile());
        assertThat(json.path("threshold").asDouble()).isEqualTo(0.5);
        assertThat(json.path("drifted")).isEmpty();
        assertThat(json.path("notes").get(0).asText()).isEqualTo("card: takes no reference pictures");
        assertThat(json.path("shots").get(0).path("characters").get(0).path("name").asText()).isEqualTo("顾长庚");
        assertThat(json.path("shots").get(0).path("characters").get(0).path("similarity").asDouble())
                .isGreaterThan(0.95);
        assertThat(json.path("shots").get(1).path("characters")).isEmpty();
        assertThat(Files.readString(out.resolve("consistency.md"))).startsWith("# Character consistency")
                .contains("No shot drifted").contains("| shot-06 | (text only) | 顾长庚 |");
        assertThat(ConsistencyReport.read(out.resolve("consistency.json")).toJson()).isEqualTo(report.toJson());
    }

    /** A vision model that answers {@code verdict} for the look it is given. */
    private static VisionJudge judge(String name, java.util.function.Function<String, VisionJudge.Verdict> verdict) {
        return new VisionJudge() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Verdict compare(String character, String look, Path sheet, Path picture) {
                return verdict.apply(look);
            }
        };
    }

    @Test
    void the_threshold_is_a_setting_checked_at_once() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ConsistencyCheck.defaults().threshold(1.5));
        assertThat(e.getMessage()).isEqualTo("threshold: must be between 0.0 and 1.0, was 1.5");
    }

    @Test
    void a_region_without_colour_matches_nothing() {
        var grey = new java.awt.image.BufferedImage(40, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ColourSignature none = ColourSignature.of(grey, new Rectangle(0, 0, 40, 40));

        assertThat(none.hasColour()).isFalse();
        assertThat(none.similarity(none)).isZero();
        assertThat(none.dominantBin()).isEqualTo(-1);
    }
}
