package dev.novelkit.media.image.card;

import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.font.CjkFonts;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StoryCardRendererTest {
    static final Character LI = new Character("李逍遥", "剑眉星目，背负长剑", "十八岁少年", "青色布衣", "", List.of());
    static final Character ZHAO = new Character("赵灵儿", "长发及腰的少女", "十六岁", "白色纱裙", "", List.of());
    static final Scene FERRY = new Scene("s1", "江南渡口", "夜", "离别", "细雨中的渡口，远处群山隐约");
    static final String CAPTION = "灵儿，等我回来。这一别，不知何时才能再见。";

    @TempDir
    Path dir;
    final StoryCardRenderer renderer = StoryCardRenderer.defaults();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    ImageRequest request(String file, int w, int h) {
        return ImageRequest.of("渡口", dir.resolve(file)).size(w, h).scene(FERRY).characters(List.of(LI, ZHAO))
                .caption(CAPTION);
    }

    @Test
    void writes_a_png_of_the_requested_size_portrait_and_landscape() throws Exception {
        for (int[] size : new int[][]{{1080, 1920}, {1920, 1080}}) {
            GeneratedImage card = renderer.generate(request(size[0] + ".png", size[0], size[1]));

            BufferedImage png = ImageIO.read(card.file().toFile());
            assertThat(png.getWidth()).isEqualTo(size[0]);
            assertThat(png.getHeight()).isEqualTo(size[1]);
            assertThat(card.width()).isEqualTo(size[0]);
            assertThat(card.backend()).isEqualTo("card");
            assertThat(card.info().get("look")).contains("night", "water", "mountains", "rain");
            assertThat(luminanceStdDev(png, 0, 0, png.getWidth(), png.getHeight())).as("not blank").isGreaterThan(12);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("1080.png", "1920.png");
        }
    }

    @Test
    void the_chinese_caption_is_drawn_as_light_text_with_a_dark_outline() {
        BufferedImage with = renderer.render(request("a.png", 540, 960));
        BufferedImage without = renderer.render(request("b.png", 540, 960).caption(""));

        int top = (int) (960 * 0.78);
        int light = 0;
        int dark = 0;
        int changed = 0;
        for (int y = top; y < 960; y++) {
            for (int x = 0; x < 540; x++) {
                if (with.getRGB(x, y) != without.getRGB(x, y)) {
                    changed++;
                    double l = luminance(with.getRGB(x, y));
                    if (l > 200) {
                        light++;
                    } else if (l < 40) {
                        dark++;
                    }
                }
            }
        }
        assertThat(changed).as("caption changes the bottom of the card").isGreaterThan(5_000);
        assertThat(light).as("light glyph pixels").isGreaterThan(1_500);
        assertThat(dark).as("dark outline pixels").isGreaterThan(1_500);
        assertThat(differingPixels(with, without, 0, 0, 540, (int) (960 * 0.6)))
                .as("the caption leaves the picture above it alone").isZero();
    }

    @Test
    void the_same_request_gives_the_same_bytes() throws Exception {
        renderer.generate(request("one.png", 360, 640));
        renderer.generate(request("two.png", 360, 640));

        assertThat(Files.mismatch(dir.resolve("one.png"), dir.resolve("two.png"))).isEqualTo(-1);
    }

    @Test
    void characters_are_drawn_with_name_badges() {
        BufferedImage with = renderer.render(request("c.png", 540, 960));
        BufferedImage without = renderer.render(request("d.png", 540, 960).characters(List.of()));

        Layout layout = Layout.of(540, 960);
        int top = (int) (layout.foot() - layout.figureHeight() * 1.3);
        assertThat(differingPixels(with, without, 0, top, 540, (int) layout.foot() - top))
                .isGreaterThan(540 * 960 / 25);
    }

    @Test
    void keywords_pick_the_picture_night_is_darker_than_day_and_water_is_drawn() {
        ImageRequest base = ImageRequest.of("x", dir.resolve("k.png")).size(480, 480);
        BufferedImage night = renderer.render(base.scene(new Scene("n", "山顶", "夜", "", "")));
        BufferedImage day = renderer.render(base.scene(new Scene("d", "山顶", "白天", "", "")));

        assertThat(meanLuminance(night, 0, 0, 480, 200)).isLessThan(meanLuminance(day, 0, 0, 480, 200) - 40);
        assertThat(SceneLook.of("江边渡口 黄昏", null).water()).isTrue();
        assertThat(SceneLook.of("水墨风格的庭院", null).water()).isFalse();
        assertThat(SceneLook.of("雨夜", null).rain()).isTrue();
        assertThat(SceneLook.of("雨夜", null).time()).isEqualTo(SceneLook.TimeOfDay.NIGHT);
    }

    @Test
    void a_scene_without_text_needs_no_font_and_different_seeds_differ() {
        ImageRequest plain = ImageRequest.of("江上明月", dir.resolve("p.png")).size(320, 320);

        BufferedImage a = renderer.render(plain.seed(1));
        BufferedImage b = renderer.render(plain.seed(2));

        assertThat(differingPixels(a, b, 0, 0, 320, 320)).isGreaterThan(1000);
    }

    @Test
    void long_captions_wrap_without_closing_punctuation_at_a_line_start() {
        var font = CjkFonts.find().font(40f);
        var frc = new java.awt.font.FontRenderContext(null, true, true);

        List<String> lines = CardText.wrap("天下武功，唯快不破。他说：“走吧，我们回家！”然后转身离开。", font, frc, 400);

        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines).allSatisfy(line -> {
            assertThat(CardText.NO_LINE_START.indexOf(line.charAt(0))).isNegative();
            assertThat(CardText.NO_LINE_END.indexOf(line.charAt(line.length() - 1))).isNegative();
        });
        assertThat(String.join("", lines)).isEqualTo("天下武功，唯快不破。他说：“走吧，我们回家！”然后转身离开。");
        assertThat(CardText.wrap("Long live the king of the river", font, frc, 300))
                .allSatisfy(line -> assertThat(line).doesNotStartWith(" ").doesNotEndWith(" "))
                .contains("Long live the");
    }

    @Test
    void a_very_long_caption_is_shrunk_and_cut_to_four_lines() {
        var frc = new java.awt.font.FontRenderContext(null, true, true);
        Layout layout = Layout.of(360, 640);

        StoryCardRenderer.CaptionLayout shortOne = StoryCardRenderer.captionLayout(CAPTION, CjkFonts.find(), layout, frc);
        StoryCardRenderer.CaptionLayout longOne = StoryCardRenderer.captionLayout("长".repeat(400), CjkFonts.find(),
                layout, frc);

        assertThat(longOne.lines()).hasSize(StoryCardRenderer.MAX_CAPTION_LINES);
        assertThat(longOne.lines().get(3)).endsWith("…");
        assertThat(longOne.font().getSize2D()).isLessThan(shortOne.font().getSize2D());
        assertThat(renderer.render(request("l.png", 360, 640).caption("长".repeat(400))).getHeight()).isEqualTo(640);
    }

    static double luminance(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    static double meanLuminance(BufferedImage img, int x0, int y0, int w, int h) {
        double sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                sum += luminance(img.getRGB(x, y));
            }
        }
        return sum / ((double) w * h);
    }

    static double luminanceStdDev(BufferedImage img, int x0, int y0, int w, int h) {
        double mean = meanLuminance(img, x0, y0, w, h);
        double sq = 0;
        for (int y = y0; y < y0 + h; y += 2) {
            for (int x = x0; x < x0 + w; x += 2) {
                double d = luminance(img.getRGB(x, y)) - mean;
                sq += d * d;
            }
        }
        return Math.sqrt(sq / ((w / 2.0) * (h / 2.0)));
    }

    static int differingPixels(BufferedImage a, BufferedImage b, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}
