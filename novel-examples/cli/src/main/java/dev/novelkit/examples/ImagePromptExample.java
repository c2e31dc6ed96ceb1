package dev.novelkit.examples;

import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.prompt.ImagePromptBuilder;
import dev.novelkit.media.prompt.MidjourneyParams;
import dev.novelkit.media.prompt.PromptStyle;

import java.util.List;

/** Image prompts for two shots of one story: the same setting and character descriptions in every prompt. */
public final class ImagePromptExample {
    public static void main(String[] args) {
        Character li = new Character("李逍遥", "剑眉星目", "十八岁少年", "青色布衣, 背负长剑", "", List.of());
        Character zhao = new Character("赵灵儿", "长发及腰, 眉间一点朱砂", "十六岁少女", "白色纱裙", "", List.of());

        ImagePromptBuilder story = ImagePromptBuilder.defaults()
                .setting("古风仙侠, 江南水乡, 水墨风格")
                .avoid("文字", "水印");

        ImagePromptBuilder shot1 = story
                .scene(new Scene("s1", "江南渡口", "黄昏", "离别", "细雨蒙蒙"))
                .action("李逍遥回头望向赵灵儿")
                .characters(List.of(li, zhao));
        ImagePromptBuilder shot2 = story
                .scene(new Scene("s2", "客栈", "夜", "温馨", "烛光摇曳"))
                .action("李逍遥独自饮酒")
                .character(li);

        System.out.println("MidJourney:");
        System.out.println(shot1.style(PromptStyle.MIDJOURNEY)
                .midjourney(MidjourneyParams.defaults().aspectRatio("9:16").version("6.1").stylize(250).seed(42)
                        .characterRef("https://cdn.example.com/lixiaoyao.png").characterWeight(80))
                .build().render());
        System.out.println(shot2.style(PromptStyle.MIDJOURNEY)
                .midjourney(MidjourneyParams.defaults().aspectRatio("9:16").version("7").styleRaw()
                        .omniRef("https://cdn.example.com/lixiaoyao.png").omniWeight(200))
                .build().render());

        System.out.println("\nStable Diffusion:");
        System.out.println(shot1.style(PromptStyle.STABLE_DIFFUSION).build().render());

        System.out.println("\nFlux (no negative prompt):");
        System.out.println(shot1.style(PromptStyle.FLUX).build().render());

        System.out.println("\nPlain text for DALL-E or Wanx:");
        System.out.println(shot2.style(PromptStyle.PLAIN).build().render());

        System.out.println("\nThe fixed description of " + li.name() + " in every shot: " + story.describe(li));
        // For English prompts: story.translateWith(chatModel) translates each piece once through any ChatModel.
    }
}
