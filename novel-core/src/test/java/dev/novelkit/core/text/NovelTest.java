package dev.novelkit.core.text;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NovelTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void an_empty_file_is_invalid_input_naming_the_file() throws Exception {
        Path p = write("novel.txt", new byte[0]);

        assertThatThrownBy(() -> Novel.read(p)).isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ": empty file");
        assertThatThrownBy(() -> NovelSplitter.sentences().stream(p)).isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ": empty file");
    }

    @Test
    void a_blank_file_is_invalid_input() throws Exception {
        Path p = write("blank.txt", " \n\u3000\r\n\t".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Novel.read(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("blank.txt: no text");
        assertThatThrownBy(() -> NovelSplitter.seedCompatible().stream(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("blank.txt: no text");
    }

    @Test
    void a_binary_file_is_rejected_as_binary() throws Exception {
        byte[] png = concat(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13}, new byte[500]);
        new Random(1).nextBytes(png);
        png[3] = 0;
        Path p = write("cover.png", png);

        assertThatThrownBy(() -> Novel.read(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(p + ": binary file");
        assertThatThrownBy(() -> NovelSplitter.sentences().stream(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(p + ": binary file");
    }

    @Test
    void control_characters_without_nul_are_rejected_as_binary_too() throws Exception {
        byte[] b = new byte[200];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 3 == 0 ? 0x01 : 'a');
        }
        Path p = write("data.bin", b);

        assertThatThrownBy(() -> Novel.read(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("binary file (67 control bytes");
    }

    @Test
    void invalid_utf8_names_the_byte_and_its_offset() throws Exception {
        byte[] good = "第一章 开始\n他说：“你好，世界。”".getBytes(StandardCharsets.UTF_8);
        Path p = write("novel.txt", concat(good, new byte[]{(byte) 0xFF}, "后面。".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> Novel.read(p)).isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ": not UTF-8, UTF-16, GB18030 or Big5 text (invalid byte 0xFF at offset " + good.length
                        + "); name its encoding (--encoding on the command line)");
        assertThatThrownBy(() -> NovelSplitter.sentences().stream(p)).isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ": not UTF-8, UTF-16, GB18030 or Big5 text (invalid byte 0xFF at offset " + good.length
                        + "); name its encoding (--encoding on the command line)");
    }

    @Test
    void a_forced_encoding_reports_its_own_name() throws Exception {
        Path p = write("novel.txt", new byte[]{'a', (byte) 0xC3, '(', 'b'});

        assertThatThrownBy(() -> Novel.read(p, StandardCharsets.UTF_8)).isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ": not valid UTF-8 text (invalid byte 0xC3 at offset 1)");
    }

    @Test
    void reads_a_gbk_file() throws Exception {
        String text = TextSamples.lanternRiver();
        Path p = write("gbk.txt", text.getBytes(Charset.forName("GBK")));

        Novel novel = Novel.read(p);

        assertThat(novel.text()).isEqualTo(text);
        assertThat(novel.charset()).contains(Charset.forName("GB18030"));
        assertThat(novel.chapters()).hasSize(4);
        try (ParagraphStream s = NovelSplitter.sentences().maxChars(200).stream(p)) {
            assertThat(s.stream().toList()).isEqualTo(NovelSplitter.sentences().maxChars(200).split(novel));
        }
    }

    @Test
    void reads_utf16_with_a_byte_order_mark_either_way_round() throws Exception {
        String text = "第一章 起\n他说：“😀你好。”\n";
        Path le = write("le.txt", concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
        Path be = write("be.txt", concat(new byte[]{(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE)));

        assertThat(Novel.read(le).text()).isEqualTo(text);
        assertThat(Novel.read(be).text()).isEqualTo(text);
        assertThat(Novel.read(le).charset()).contains(StandardCharsets.UTF_16LE);
        try (ParagraphStream s = NovelSplitter.sentences().stream(be)) {
            assertThat(s.next().text()).isEqualTo("他说：“😀你好。”");
        }
    }

    @Test
    void drops_a_utf8_byte_order_mark() throws Exception {
        Path p = write("bom.txt", concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "《书名》\n正文。".getBytes(StandardCharsets.UTF_8)));

        Novel novel = Novel.read(p);

        assertThat(novel.text()).isEqualTo("《书名》\n正文。");
        assertThat(novel.title()).isEqualTo("书名");
    }

    @Test
    void normalises_windows_and_old_mac_line_ends() throws Exception {
        Path p = write("crlf.txt", "第一章 起\r\n　　一句。\r\n\r\n第二章 承\r二句。\r".getBytes(StandardCharsets.UTF_8));

        Novel novel = Novel.read(p);

        assertThat(novel.text()).isEqualTo("第一章 起\n　　一句。\n\n第二章 承\n二句。\n");
        assertThat(novel.chapters()).extracting(Chapter::title).containsExactly("第一章 起", "第二章 承");
        assertThat(novel.chapters().get(1).text()).isEqualTo("二句。\n");
    }

    @Test
    void keeps_characters_outside_the_bmp() throws Exception {
        Path p = write("emoji.txt", "𠀀😀。".repeat(1000).getBytes(StandardCharsets.UTF_8));

        List<Paragraph> ps = NovelSplitter.sentences().maxChars(100).split(Novel.read(p));

        assertThat(ps).allSatisfy(x -> assertThat(x.length()).isLessThanOrEqualTo(100));
        assertThat(ps.get(0).length()).isEqualTo(99);
        assertThat(ps.get(0).text()).hasSize(66 * 2 + 33);
    }

    @Test
    void splits_a_file_without_any_full_stop() throws Exception {
        String text = "他一直走，一直走，没有停下来的意思，".repeat(400);
        Path p = write("nostop.txt", text.getBytes(StandardCharsets.UTF_8));

        List<Paragraph> sentences = NovelSplitter.sentences().split(Novel.read(p));
        List<Paragraph> seed = NovelSplitter.seedCompatible().split(Novel.read(p));

        assertThat(sentences).hasSizeGreaterThan(3).allSatisfy(x -> {
            assertThat(x.length()).isLessThanOrEqualTo(2200);
            assertThat(x.text()).endsWith("，");
        });
        assertThat(seed).extracting(Paragraph::text).containsExactly("", text + "。");
    }

    @Test
    void splits_one_fifty_thousand_character_sentence() throws Exception {
        String text = "长".repeat(50_000) + "。";
        Path p = write("long.txt", text.getBytes(StandardCharsets.UTF_8));

        List<Paragraph> ps = NovelSplitter.sentences().split(Novel.read(p));

        assertThat(ps).hasSize(23).allSatisfy(x -> assertThat(x.length()).isLessThanOrEqualTo(2200));
        assertThat(String.join("", ps.stream().map(Paragraph::text).toList())).isEqualTo(text);
    }

    @Test
    void finds_title_and_chapters_of_a_novel() {
        Novel novel = Novel.of(TextSamples.lanternRiver());

        assertThat(novel.title()).isEqualTo("灯河");
        assertThat(novel.chapters()).extracting(Chapter::index).containsExactly(0, 1, 2, 3);
        assertThat(novel.chapters()).extracting(Chapter::title).containsExactly("", "第一章 雨夜来客", "第二章 旧钟", "第三章 灯河");
        for (Chapter c : novel.chapters()) {
            assertThat(novel.text().substring((int) c.start(), (int) c.end())).isEqualTo(c.text());
        }
        assertThat(novel.chapters().get(1).text()).startsWith("\n　　那天夜里雨下得很大");
    }

    @Test
    void a_novel_starting_with_a_heading_has_no_preface_and_takes_the_file_name_as_title() throws Exception {
        Path p = write("雨夜.txt", "\n第一章\n　　雨下了一夜，没有停的意思，整个小镇都安静了下来，只有河水还在响。\n".getBytes(StandardCharsets.UTF_8));

        Novel novel = Novel.read(p);

        assertThat(novel.title()).isEqualTo("雨夜");
        assertThat(novel.chapters()).extracting(Chapter::index, Chapter::title).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "第一章"));
    }

    @Test
    void recognises_headings_conservatively() {
        String text = String.join("\n", "第1章", "第十二回 宴桃园豪杰三结义　斩黄巾英雄首立功", "第三卷：风云",
                "卷二 北上", "楔子", "尾声", "Chapter 7", "CHAPTER XII: The Road", "一、归来", "12. The Road",
                "第一章就这样结束了。", "第二回合他又输了！", "三、四个人走了过来", "3.14", "1.5倍速", "第一", "序幕拉开了，他们走进来，",
                "Chapter and verse", "他说第一章写得好");
        List<String> titles = Novel.of(text).chapters().stream().map(Chapter::title).toList();

        assertThat(titles).containsExactly("第1章", "第十二回 宴桃园豪杰三结义　斩黄巾英雄首立功", "第三卷：风云", "卷二 北上",
                "楔子", "尾声", "Chapter 7", "CHAPTER XII: The Road", "一、归来", "12. The Road");
    }

    @Test
    void a_missing_file_is_invalid_input() {
        Path p = dir.resolve("missing.txt");

        assertThatThrownBy(() -> Novel.read(p)).isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ": no such file");
    }
}
