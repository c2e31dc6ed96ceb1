package dev.novelkit.media.image.card;

import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.cast.Palette;
import dev.novelkit.media.consistency.ColourSignature;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The story card's character sheet (figure and portrait) and where it says each figure stands. */
class CharacterSheetCardTest {
    static final Character LI = new Character("李逍遥", "剑眉星目", "十八岁少年", "青色布衣", "male, young", List.of());
    static final Character ZHAO = new Character("赵灵儿", "长发及腰的少女", "十六岁", "白色纱裙", "female", List.of());
    static final Scene FERRY = new Scene("s1", "江南渡口", "夜", "离别", "细雨中的渡口");

    final StoryCardRenderer renderer = StoryCardRenderer.defaults();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static ImageRequest sheet(Character c) {
        return ImageRequest.of("角色设定图 " + c.name(), Path.of("unused.png")).size(540, 960).characters(List.of(c))
                .caption(c.name());
    }

    @Test
    void a_sheet_adds_the_enlarged_portrait_and_keeps_the_full_figure() {
        BufferedImage card = renderer.render(sheet(LI));
        BufferedImage withPortrait = renderer.render(sheet(LI).sheet(true));

        Rectangle panel = new Rectangle(300, 40, 200, 200);
        assertThat(differingPixels(card, withPortrait, panel)).as("the portrait panel").isGreaterThan(20_000);
        Rectangle figure = StoryCardRenderer.figures(sheet(LI)).get(0).torso();
        assertThat(differingPixels(card, withPortrait, figure)).as("the full figure is unchanged").isZero();
    }

    @Test
    void figures_are_where_the_card_draws_each_characters_colours() {
        ImageRequest shot = ImageRequest.of("x", Path.of("unused.png")).size(540, 960).scene(FERRY)
                .characters(List.of(LI, ZHAO));
        BufferedImage card = renderer.render(shot);

        List<StoryCardRenderer.Figure> figures = StoryCardRenderer.figures(shot);

        assertThat(figures).extracting(StoryCardRenderer.Figure::name).containsExactly("李逍遥", "赵灵儿");
        for (StoryCardRenderer.Figure f : figures) {
            assertThat(card.getRaster().getBounds().contains(f.torso())).isTrue();
            int expected = ColourSignature.of(swatch(Palette.of(f.name())), null).dominantBin();
            assertThat(ColourSignature.of(card, f.torso()).dominantBin()).as(f.name()).isEqualTo(expected);
        }
        assertThat(figures.get(0).torso().intersects(figures.get(1).torso())).isFalse();
    }

    @Test
    void a_card_reads_no_prompt_and_takes_a_characters_colour_from_their_picture(@TempDir Path dir) throws Exception {
        BufferedImage teal = swatch(new Color(0x1FA8A0));
        Path picture = dir.resolve("mine.png");
        javax.imageio.ImageIO.write(teal, "png", picture.toFile());
        ImageRequest shot = ImageRequest.of("x", Path.of("unused.png")).size(540, 960).scene(FERRY)
                .characters(List.of(LI, ZHAO));
        StoryCardRenderer.Figure li = StoryCardRenderer.figures(shot).get(0);
        StoryCardRenderer.Figure zhao = StoryCardRenderer.figures(shot).get(1);

        BufferedImage plain = renderer.render(shot);
        BufferedImage withPicture = renderer.render(shot.references(List.of(ReferenceImage.of("李逍遥", picture))));

        int tealBin = ColourSignature.of(teal, null).dominantBin();
        assertThat(ColourSignature.of(withPicture, li.torso()).dominantBin()).isEqualTo(tealBin);
        assertThat(ColourSignature.of(plain, li.torso()).dominantBin()).isNotEqualTo(tealBin);
        assertThat(differingPixels(plain, withPicture, zhao.torso())).as("the other figure").isZero();
        assertThat(renderer.drawsFromText()).isFalse();
        assertThat(renderer.maxReferences()).isEqualTo(5);
        assertThat(renderer.referenceSupport()).contains("your own picture");
    }

    private static BufferedImage swatch(Color c) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        return img;
    }

    private static int differingPixels(BufferedImage a, BufferedImage b, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}
