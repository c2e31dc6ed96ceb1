package dev.novelkit.examples.bench;

import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.card.StoryCardRenderer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How long the offline story card takes per scene (render + PNG encode + atomic write), at a given size. Usage:
 * {@code java -cp novelkit.jar dev.novelkit.examples.bench.StoryCardBench [cards=12] [WxH=1080x1920]}.
 */
public final class StoryCardBench {
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int cards = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int[] size = ImageRequest.parseSize(args.length > 1 ? args[1] : "1080x1920");
        Path dir = Files.createTempDirectory("novelkit-cards");
        StoryCardRenderer renderer = StoryCardRenderer.defaults();
        List<Character> people = List.of(
                new Character("李逍遥", "剑眉星目, 背负长剑", "十八岁少年", "青色布衣", "", List.of()),
                new Character("赵灵儿", "长发及腰的少女", "十六岁", "白色纱裙", "", List.of()));
        String[] places = {"江南渡口", "长安城街市", "竹林", "山顶", "客栈", "湖边"};
        String[] times = {"夜", "黄昏", "清晨", "白天"};
        for (int warm = 0; warm < 3; warm++) {
            renderer.generate(request(dir.resolve("warm.png"), size, places[warm], times[warm], people, warm));
        }
        long start = System.nanoTime();
        for (int i = 0; i < cards; i++) {
            renderer.generate(request(dir.resolve("card-" + i + ".png"), size, places[i % places.length],
                    times[i % times.length], people, i));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d cards at %dx%d: %.2f s, %.0f ms per card, %.2f cards/s%n", cards, size[0],
                size[1], seconds, seconds * 1000 / cards, cards / seconds);
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static ImageRequest request(Path out, int[] size, String place, String time, List<Character> people,
                                        int i) {
        Scene scene = new Scene("s" + i, place, time, i % 2 == 0 ? "离别" : "热闹", "细雨中, 远处群山, 第" + i + "幕");
        return ImageRequest.of(place, out).size(size[0], size[1]).scene(scene).characters(people)
                .caption("第" + i + "幕：灵儿，等我回来。这一别，不知何时才能再见。");
    }
}
