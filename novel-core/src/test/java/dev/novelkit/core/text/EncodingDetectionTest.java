package dev.novelkit.core.text;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Telling GB18030 from Big5 and UTF-16 without a byte-order mark, or asking for the encoding. */
class EncodingDetectionTest {
    /** Traditional Chinese prose, as a Taiwanese or Hong Kong web novel is written (and saved in Big5). */
    static final String TRADITIONAL = """
            第一章 雨夜

            青石鎮的雨下了整整三天。林晚秋撐著油紙傘穿過長街，替師父給城外的陳伯送藥。藥鋪的門半掩著，沈硯正蹲在櫃檯後面整理藥材。
            「這麼大的雨，你怎麼還出門？」沈硯皺眉道。林晚秋笑著說：「陳伯的咳嗽又犯了，師父讓我把新配的藥送過去。」
            兩人剛走到鎮口，就看見一個穿黑衣的陌生人站在老槐樹下。「姑娘，請問陳伯住在哪裡？」黑衣人問。

            第二章 城隍廟

            三人趕到河邊的小屋，屋裡卻空無一人。牆角的泥地上，有人用木炭寫了三個字：城隍廟。
            """;

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void a_big5_novel_is_read_as_big5_not_as_gb18030_garbage() throws Exception {
        Path big5 = write("big5.txt", TRADITIONAL.getBytes(Charset.forName("Big5")));

        Novel novel = Novel.read(big5);

        assertThat(novel.text()).isEqualTo(TRADITIONAL);
        assertThat(novel.charset()).contains(Charset.forName("x-windows-950"));
        assertThat(novel.chapters()).extracting(Chapter::title).containsExactly("第一章 雨夜", "第二章 城隍廟");
        try (ParagraphStream s = NovelSplitter.sentences().maxChars(100).stream(big5)) {
            assertThat(s.stream().toList()).isEqualTo(NovelSplitter.sentences().maxChars(100).split(novel));
        }
    }

    @Test
    void a_gbk_novel_of_the_same_story_in_simplified_characters_is_still_gb18030() throws Exception {
        String simplified = TextSamples.lanternRiver();
        Path gbk = write("gbk.txt", simplified.getBytes(Charset.forName("GBK")));

        assertThat(Novel.read(gbk).charset()).contains(Charset.forName("GB18030"));
        assertThat(Novel.read(gbk).text()).isEqualTo(simplified);
    }

    @Test
    void utf16_without_a_byte_order_mark_is_read_in_either_byte_order() throws Exception {
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            Path file = write(cs.name() + ".txt", TextSamples.lanternRiver().getBytes(cs));

            Novel novel = Novel.read(file);

            assertThat(novel.charset()).as(cs.name()).contains(cs);
            assertThat(novel.text()).isEqualTo(TextSamples.lanternRiver());
            try (ParagraphStream s = NovelSplitter.sentences().maxChars(200).stream(file)) {
                assertThat(s.stream().toList()).isEqualTo(NovelSplitter.sentences().maxChars(200).split(novel));
            }
        }
    }

    @Test
    void utf16_without_line_breaks_or_ascii_is_recognised_by_its_cjk_code_units() throws Exception {
        String text = "青石镇的雨下了整整三天。林晚秋撑着油纸伞穿过长街，替师父给城外的陈伯送药。";
        Path file = write("le.txt", text.getBytes(StandardCharsets.UTF_16LE));

        assertThat(Novel.read(file).text()).isEqualTo(text);
    }

    @Test
    void too_little_legacy_text_to_tell_gb18030_from_big5_asks_for_the_encoding() throws Exception {
        Path tiny = write("tiny.txt", "林冲雪夜上梁山".getBytes(Charset.forName("GBK")));

        assertThatThrownBy(() -> Novel.read(tiny)).isInstanceOf(InvalidInputException.class)
                .hasMessage(tiny + ": not UTF-8, and too little text to tell GB18030 (GBK) from Big5; "
                        + "name its encoding (--encoding on the command line)");
        assertThat(Novel.read(tiny, Charset.forName("GBK")).text()).isEqualTo("林冲雪夜上梁山");
    }

    @Test
    void binary_files_with_nul_bytes_are_still_binary() throws Exception {
        Path bin = write("bin.txt", new byte[]{1, 0, 2, 0, 3, 0, (byte) 0x90, 0, 7, 8});

        assertThatThrownBy(() -> Novel.read(bin)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("binary file");
    }

    @Test
    void a_novel_of_chapter_headings_only_has_no_story_text() throws Exception {
        Path headings = Files.writeString(dir.resolve("headings.txt"), "《渡口灯火》\n第一章 雨夜\n\n第二章 城隍庙\n第三章 尾声\n");

        Novel novel = Novel.read(headings);

        assertThatThrownBy(novel::requireStoryText).isInstanceOf(InvalidInputException.class)
                .hasMessage(headings + ": no story text: only chapter headings and the title");
        assertThat(NovelSplitter.sentences().split(novel)).extracting(Paragraph::text).containsExactly("《渡口灯火》");
        assertThat(Novel.of(TextSamples.lanternRiver()).requireStoryText().chapters()).isNotEmpty();
    }
}
