package dev.novelkit.media.font;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BundledFontTest {
    @Test
    void the_bundled_font_loads_and_displays_chinese_without_any_system_font() {
        CjkFont font = CjkFonts.bundled().orElseThrow();

        assertThat(font.canDisplay("渡口灯火，再等一等吧。")).isTrue();
        assertThat(font.family()).containsIgnoringCase("WenQuanYi");
        assertThat(font.file().getFileName().toString()).isEqualTo("wqy-microhei-0.2.0.ttc");
    }
}
