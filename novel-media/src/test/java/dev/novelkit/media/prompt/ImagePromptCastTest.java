package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.media.cast.Cast;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cast's looks in every prompt style, character-sheet prompts, and MidJourney references to hosted sheets. */
class ImagePromptCastTest {
    static final Character LIN = new Character("林晚舟", "乌黑的头发", "十九岁", "蓝布衫", "female, young", List.of());
    static final Character SHEN = new Character("沈砚", "", "", "", "male, young", List.of());
    static final Scene FERRY = new Scene("s1", "渡口", "夜", "melancholy", "细雨");
    static final Cast CAST = Cast.derive(new Storyboard("t", List.of(LIN, SHEN), List.of(), List.of()));

    final ImagePromptBuilder story = ImagePromptBuilder.defaults().setting("古风, 江南水乡").cast(CAST);

    @Test
    void every_style_carries_each_characters_look_word_for_word() {
        String lin = CAST.look("林晚舟").orElseThrow().look();
        String shen = CAST.look("沈砚").orElseThrow().look();
        for (PromptStyle style : PromptStyle.values()) {
            ImagePrompt p = story.scene(FERRY).action("晚舟撑船").characters(List.of(LIN, SHEN)).style(style)
                    .qualityTags(false).build();
            String text = style == PromptStyle.STABLE_DIFFUSION ? p.positive().replace("\\(", "(").replace("\\)", ")")
                    : p.positive();
            assertThat(text).as(style.name()).contains(lin).contains(shen);
        }
    }

    @Test
    void without_a_cast_the_storyboards_own_words_describe_the_character() {
        ImagePrompt p = ImagePromptBuilder.defaults().scene(FERRY).character(SHEN).build();

        assertThat(p.positive()).endsWith("沈砚。");
    }

    @Test
    void a_sheet_prompt_shows_one_character_on_a_plain_background_without_the_scene() {
        ImagePrompt p = story.scene(FERRY).character(LIN).sheet(true).build();

        assertThat(p.positive()).startsWith("古风, 江南水乡。" + ImagePromptBuilder.SHEET_ACTION)
                .contains(CAST.look("林晚舟").orElseThrow().look()).doesNotContain("细雨");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> story.characters(List.of(LIN, SHEN)).sheet(true).build());
        assertThat(e.getMessage()).contains("exactly one character, was 2");
    }

    @Test
    void midjourney_v6_references_every_sheet_with_cref_and_v7_the_first_with_oref() {
        ImagePromptBuilder mj = story.scene(FERRY).characters(List.of(LIN, SHEN)).style(PromptStyle.MIDJOURNEY)
                .sheetsUrl("https://cdn.example.com/novel/");
        String lin = "https://cdn.example.com/novel/characters/%E6%9E%97%E6%99%9A%E8%88%9F.png";
        String shen = "https://cdn.example.com/novel/characters/%E6%B2%88%E7%A0%9A.png";

        String v6 = mj.midjourney(MidjourneyParams.defaults().version("6.1").characterWeight(80)).build().render();
        String v7 = mj.build().render();
        String niji = mj.midjourney(MidjourneyParams.defaults().niji(6)).build().render();
        String v5 = mj.midjourney(MidjourneyParams.defaults().version("5.2")).build().render();

        assertThat(v6).endsWith("--v 6.1 --cref " + lin + " " + shen + " --cw 80");
        assertThat(v7).endsWith("--oref " + lin).doesNotContain("--cref");
        assertThat(niji).contains("--cref " + lin + " " + shen);
        assertThat(v5).doesNotContain("--cref").doesNotContain("--oref");
    }

    @Test
    void references_the_user_set_themselves_are_left_alone() {
        String p = story.character(LIN).style(PromptStyle.MIDJOURNEY).sheetsUrl("https://cdn.example.com")
                .midjourney(MidjourneyParams.defaults().omniRef("https://mine.example.com/lin.png")).build().render();

        assertThat(p).endsWith("--oref https://mine.example.com/lin.png");
    }

    @Test
    void bad_settings_name_the_setting_and_the_value() {
        InvalidSettingException url = assertThrows(InvalidSettingException.class,
                () -> story.sheetsUrl("ftp://example.com"));
        assertThat(url.getMessage()).isEqualTo("sheetsUrl: must start with http:// or https://, was \"ftp://example.com\"");
        InvalidSettingException style = assertThrows(InvalidSettingException.class, () -> story.style(null));
        assertThat(style.setting()).isEqualTo("style");
    }
}
