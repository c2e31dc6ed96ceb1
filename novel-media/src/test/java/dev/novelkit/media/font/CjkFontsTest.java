package dev.novelkit.media.font;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CjkFontsTest {
    @Test
    void finds_a_font_on_this_machine_that_displays_chinese() {
        CjkFont font = CjkFonts.find();

        assertThat(font.font().canDisplayUpTo("中文字幕")).isEqualTo(-1);
        assertThat(font.font(48f).canDisplayUpTo("李逍遥在渡口回头")).isEqualTo(-1);
        assertThat(Files.isRegularFile(font.file())).isTrue();
        assertThat(font.family()).isNotBlank();
        assertThat(CjkFonts.find()).isSameAs(font);
    }

    @Test
    void finds_a_chinese_font_in_a_given_folder_by_its_file_name(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("nested").resolve("wqy-test.ttc");
        Files.createDirectories(copy.getParent());
        Files.createSymbolicLink(copy, CjkFonts.find().file());

        CjkFont found = CjkFonts.search(null, false, List.of(dir));

        assertThat(found.file()).isEqualTo(copy.toAbsolutePath());
        assertThat(found.canDisplay(CjkFonts.SAMPLE)).isTrue();
    }

    @Test
    void no_font_found_names_the_debian_packages_to_install(@TempDir Path empty) {
        NovelKitException e = assertThrows(NovelKitException.class,
                () -> CjkFonts.search(null, false, List.of(empty)));

        assertThat(e.getMessage()).contains("fonts-wqy-microhei").contains("fonts-noto-cjk")
                .contains(CjkFonts.ENV).contains(empty.toString());
    }

    @Test
    void an_explicit_font_file_that_is_missing_or_not_a_font_is_named_in_the_error(@TempDir Path dir)
            throws Exception {
        Path missing = dir.resolve("missing.ttf");
        InvalidInputException notFound = assertThrows(InvalidInputException.class,
                () -> CjkFonts.search(missing.toString(), true, List.of()));
        assertThat(notFound.input()).isEqualTo(missing.toString());

        Path junk = Files.writeString(dir.resolve("junk.ttf"), "not a font");
        InvalidInputException notAFont = assertThrows(InvalidInputException.class, () -> CjkFonts.load(junk));
        assertThat(notAFont.getMessage()).contains(junk.toString()).contains("not a readable");
    }

    @Test
    void a_latin_only_font_is_rejected_with_the_install_hint() {
        Path dejavu = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        assumeTrue(Files.isRegularFile(dejavu), "DejaVuSans not installed");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CjkFonts.load(dejavu));

        assertThat(e.getMessage()).contains("cannot display Chinese").contains("fonts-wqy-microhei");
    }
}
