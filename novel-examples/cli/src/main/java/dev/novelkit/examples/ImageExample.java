package dev.novelkit.examples;

import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.prompt.ImagePromptBuilder;

import java.nio.file.Path;
import java.util.List;

/**
 * Offline story cards for a scene, portrait and landscape (no account, no GPU). Swap the generator for
 * {@code OpenAiImageGenerator.fromEnv(System.getenv())}, {@code WanxImageGenerator.fromEnv(System.getenv())} or
 * {@code SdWebUiImageGenerator.defaults()} to get the picture from a model instead.
 */
public final class ImageExample {
    public static void main(String[] args) {
        Character li = new Character("李逍遥", "剑眉星目, 背负长剑", "十八岁少年", "青色布衣", "", List.of());
        Character zhao = new Character("赵灵儿", "长发及腰的少女", "十六岁", "白色纱裙", "", List.of());
        Scene ferry = new Scene("s1", "江南渡口", "夜", "离别", "细雨中的渡口，远处群山隐约");

        ImageGenerator cards = StoryCardRenderer.defaults();
        ImageRequest request = ImageRequest
                .of(ImagePromptBuilder.defaults().setting("古风仙侠, 水墨风格").scene(ferry).characters(List.of(li, zhao))
                        .build(), Path.of("out/cards/s1-portrait.png"))
                .size(1080, 1920)
                .scene(ferry)
                .characters(List.of(li, zhao))
                .caption("灵儿，等我回来。这一别，不知何时才能再见。");

        GeneratedImage portrait = cards.generate(request);
        GeneratedImage landscape = cards.generate(request.size(1920, 1080).output(Path.of("out/cards/s1-landscape.png")));

        System.out.println(portrait.file() + " " + portrait.width() + "x" + portrait.height() + " " + portrait.info());
        System.out.println(landscape.file() + " " + landscape.width() + "x" + landscape.height());
    }
}
