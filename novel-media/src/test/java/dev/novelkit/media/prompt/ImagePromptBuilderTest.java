package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImagePromptBuilderTest {
    private static final Character LI = new Character("李逍遥", "剑眉星目", "十八岁少年", "青色布衣", "", List.of());
    private static final Character ZHAO = new Character("赵灵儿", "长发及腰", "十六岁少女", "白色纱裙", "", List.of());
    private static final Scene FERRY = new Scene("s1", "江南渡口", "黄昏", "离别", "细雨蒙蒙");
    private static final Scene INN = new Scene("s2", "客栈", "夜", "温馨", "烛光摇曳");

    private final ImagePromptBuilder story = ImagePromptBuilder.defaults().setting("古风仙侠, 江南水乡, 水墨风格");

    @Test
    void the_same_character_gets_the_identical_description_in_every_shot() {
        ImagePrompt shot1 = story.scene(FERRY).action("李逍遥回头望向赵灵儿").characters(List.of(LI, ZHAO)).build();
        ImagePrompt shot2 = story.scene(INN).action("李逍遥独自饮酒").character(LI)
                .style(PromptStyle.MIDJOURNEY).build();

        String description = "李逍遥 (十八岁少年, 剑眉星目, 青色布衣)";
        assertThat(ImagePromptBuilder.fixedDescription(LI)).isEqualTo(description);
        assertThat(shot1.positive()).contains(description).contains("赵灵儿 (十六岁少女, 长发及腰, 白色纱裙)");
        assertThat(shot2.positive()).contains(description).doesNotContain("赵灵儿");
    }

    @Test
    void every_prompt_starts_with_the_story_setting() {
        for (PromptStyle style : List.of(PromptStyle.MIDJOURNEY, PromptStyle.FLUX, PromptStyle.PLAIN)) {
            ImagePrompt p = story.scene(FERRY).character(LI).style(style).build();
            assertThat(p.positive()).as(style.name()).startsWith("古风仙侠, 江南水乡, 水墨风格");
        }
        assertThat(story.scene(FERRY).style(PromptStyle.STABLE_DIFFUSION).qualityTags(false).build().positive())
                .startsWith("古风仙侠, 江南水乡, 水墨风格");
    }

    @Test
    void plain_prompt_reads_as_sentences_with_the_scene_and_characters() {
        ImagePrompt p = story.scene(FERRY).action("李逍遥回头望向赵灵儿。").character(LI).avoid("文字", "水印").build();

        assertThat(p.positive()).isEqualTo("古风仙侠, 江南水乡, 水墨风格。李逍遥回头望向赵灵儿。"
                + "江南渡口, 黄昏, 离别, 细雨蒙蒙。李逍遥 (十八岁少年, 剑眉星目, 青色布衣)。");
        assertThat(p.negative()).isEqualTo("文字, 水印");
        assertThat(p.render()).isEqualTo(p.positive());
    }

    @Test
    void midjourney_prompt_is_one_imagine_command_with_parameters_and_avoid_terms_as_no() {
        ImagePrompt p = story.scene(FERRY).character(LI).action("line one\nline two -- with dashes")
                .style(PromptStyle.MIDJOURNEY)
                .midjourney(MidjourneyParams.defaults().aspectRatio("9:16").version("6.1").characterRef(
                        "https://cdn.example.com/li.png"))
                .midjourney(m -> m.seed(7))
                .avoid("text")
                .build();

        assertThat(p.render()).startsWith("/imagine prompt: 古风仙侠, 江南水乡, 水墨风格, line one line two — with dashes, ")
                .endsWith(" --ar 9:16 --v 6.1 --seed 7 --cref https://cdn.example.com/li.png --no text")
                .doesNotContain("\n");
        assertThat(p.negative()).isEmpty();
    }

    @Test
    void midjourney_version_errors_surface_when_building() {
        ImagePromptBuilder b = story.scene(FERRY).style(PromptStyle.MIDJOURNEY)
                .midjourney(MidjourneyParams.defaults().version("7").characterRef("https://cdn.example.com/li.png"));

        InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
        assertThat(e.input()).isEqualTo("--cref");
    }

    @Test
    void stable_diffusion_prompt_has_quality_tags_escaped_text_and_a_negative_prompt() {
        ImagePrompt p = story.scene(FERRY).character(LI).avoid("modern clothes").style(PromptStyle.STABLE_DIFFUSION)
                .build();

        assertThat(p.positive()).startsWith("(masterpiece:1.2), (best quality:1.2), highly detailed, 古风仙侠")
                .contains("李逍遥 \\(十八岁少年, 剑眉星目, 青色布衣\\)");
        assertThat(p.negative()).startsWith(ImagePromptBuilder.SD_NEGATIVE).endsWith(", modern clothes");
        assertThat(p.render()).isEqualTo(p.positive() + "\nNegative prompt: " + p.negative());
    }

    @Test
    void flux_prompt_is_natural_language_without_negative_prompt() {
        ImagePrompt p = story.scene(FERRY).character(LI).avoid("text").style(PromptStyle.FLUX).build();

        assertThat(p.negative()).isEmpty();
        assertThat(p.positive()).doesNotContain("masterpiece").doesNotContain("\\(").doesNotContain("text");
        assertThat(p.render()).isEqualTo(p.positive());
    }

    @Test
    void an_empty_shot_is_rejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> story.build());
        assertThat(e.getMessage()).contains("nothing to draw");
    }

    @Test
    void builder_is_immutable() {
        ImagePromptBuilder withLi = story.scene(FERRY).character(LI);
        ImagePromptBuilder withBoth = withLi.character(ZHAO);

        assertThat(withLi.build().positive()).doesNotContain("赵灵儿");
        assertThat(withBoth.build().positive()).contains("赵灵儿");
    }

    @Test
    void translation_asks_for_english_only_and_translates_each_distinct_piece_once() {
        FakeTranslator model = new FakeTranslator(Map.of(
                "古风仙侠, 江南水乡, 水墨风格", "ancient xianxia, Jiangnan water town, ink wash painting",
                "李逍遥 (十八岁少年, 剑眉星目, 青色布衣)", "Li Xiaoyao (18-year-old youth, sharp brows, blue cloth robe)",
                "江南渡口, 黄昏, 离别, 细雨蒙蒙", "Jiangnan ferry, dusk, farewell, drizzle",
                "客栈, 夜, 温馨, 烛光摇曳", "inn, night, cozy, flickering candlelight"));
        ImagePromptBuilder english = story.translateWith(model).style(PromptStyle.MIDJOURNEY);

        ImagePrompt shot1 = english.scene(FERRY).character(LI).build();
        ImagePrompt shot2 = english.scene(INN).character(LI).build();
        english.scene(FERRY).character(LI).build();

        assertThat(shot1.render()).isEqualTo("/imagine prompt: ancient xianxia, Jiangnan water town, ink wash painting, "
                + "Li Xiaoyao (18-year-old youth, sharp brows, blue cloth robe), Jiangnan ferry, dusk, farewell, drizzle");
        assertThat(shot2.positive()).contains("Li Xiaoyao (18-year-old youth, sharp brows, blue cloth robe)");
        assertThat(model.requests).hasSize(4);
        assertThat(model.systemPrompts).allSatisfy(s -> assertThat(s).contains("English translation only"));
    }

    @Test
    void translation_skips_text_that_is_already_english_and_tidies_the_answer() {
        FakeTranslator model = new FakeTranslator(Map.of("月下", "English: \"under the moon\""));
        ImagePrompt p = ImagePromptBuilder.defaults().translateWith(model).setting("cinematic, 35mm").action("月下")
                .build();

        assertThat(p.positive()).isEqualTo("cinematic, 35mm. under the moon.");
        assertThat(model.requests).containsExactly("月下");
    }

    /** A ChatModel that answers from a table, recording what it was asked. */
    static final class FakeTranslator implements ChatModel {
        final Map<String, String> answers;
        final List<String> requests = new ArrayList<>();
        final List<String> systemPrompts = new ArrayList<>();

        FakeTranslator(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
            systemPrompts.add(messages.get(0).content());
            String user = messages.get(messages.size() - 1).content();
            requests.add(user);
            return new ChatResponse(answers.getOrDefault(user, "UNTRANSLATED " + user), TokenUsage.ZERO,
                    FinishReason.STOP, "fake");
        }
    }
}
