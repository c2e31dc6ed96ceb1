package dev.novelkit.media.video.internal;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.font.CjkFont;
import dev.novelkit.media.font.CjkFonts;
import dev.novelkit.media.video.SubtitleStyle;
import dev.novelkit.media.video.VideoFormat;
import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SubtitleOverlayTest {
    private static final String LINE = "雨下了一夜，渡口的灯还亮着。";
    private static final Set<String> LOGICAL = Set.of("dialog", "dialoginput", "serif", "sansserif", "monospaced");

    @Test
    void without_a_named_family_subtitles_use_the_shared_chinese_font() {
        CjkFont cjk = CjkFonts.find();

        Font font = SubtitleOverlay.baseFont("", LINE);

        assertThat(font.getFamily(Locale.ENGLISH)).isEqualTo(cjk.family());
        assertThat(font.canDisplayUpTo(LINE)).isEqualTo(-1);
        int[] box = SubtitleOverlay.render(List.of(LINE), SubtitleStyle.defaults(), VideoFormat.custom(360, 640, 30)).box();
        assertThat(box[2]).isGreaterThan(100);
        assertThat(box[3]).isGreaterThan(10);
    }

    @Test
    void a_named_family_that_is_installed_is_used() {
        // the Chinese font NovelKit found: installed on this machine, or the one bundled in the jar on a clean machine
        String family = CjkFonts.find().family();

        assertThat(SubtitleOverlay.baseFont(family, LINE).getFamily(Locale.ROOT)).isEqualToIgnoringCase(family);
    }

    @Test
    void a_named_family_installed_in_the_system_is_used_even_when_it_is_not_the_one_novelkit_found() {
        String cjk = CjkFonts.find().family();
        Optional<String> other = Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment()
                        .getAvailableFontFamilyNames(Locale.ROOT))
                .filter(f -> !f.equalsIgnoreCase(cjk) && !LOGICAL.contains(f.toLowerCase(Locale.ROOT)))
                .filter(f -> new Font(f, Font.PLAIN, 1).canDisplayUpTo("Subtitle") < 0)
                .findFirst();
        assumeTrue(other.isPresent(), "needs a second font family installed in the system (e.g. fonts-dejavu-core)");

        assertThat(SubtitleOverlay.baseFont(other.get(), "Subtitle").getFamily(Locale.ROOT)).isEqualToIgnoringCase(other.get());
    }

    @Test
    void a_named_family_that_is_not_installed_is_reported_by_its_field() {
        assertThatThrownBy(() -> SubtitleOverlay.render(List.of(LINE),
                SubtitleStyle.defaults().fontFamily("No Such Font 404"), VideoFormat.custom(360, 640, 30)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.input()).isEqualTo("subtitles.style.fontFamily"))
                .hasMessageContaining("No Such Font 404");
    }
}
