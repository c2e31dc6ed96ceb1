package dev.novelkit.dataset.clean;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolCleanerTest {
    private final SymbolCleaner cleaner = SymbolCleaner.defaults();

    @Test
    void removes_decorative_symbols() {
        assertThat(cleaner.clean("◆第一章◆ 风起●■►▼▲▴∆▻▷❖♡□★☆※→云涌"))
                .isEqualTo("第一章 风起云涌");
    }

    @Test
    void keeps_chinese_punctuation_and_quotes() {
        String prose = "“你来了？”他问道，声音很轻。她答：“来了！”——《山河》【序】（一）、‘好’；……～·";
        assertThat(cleaner.clean(prose)).isSameAs(prose);
    }

    @Test
    void removes_zero_width_and_control_characters_but_keeps_line_ends() {
        String dirty = "他\u200B说\u200D：\u0007“走\uFEFF吧\u2060。”\u0000\n\u200E下一行\u0085";
        assertThat(cleaner.clean(dirty)).isEqualTo("他说：“走吧。”\n下一行");
        assertThat(cleaner.collapseWhitespace(false).clean("甲\t乙\r\n丙\r丁")).isEqualTo("甲\t乙\n丙\n丁");
    }

    @Test
    void unescapes_html_entities_and_line_break_tags() {
        assertThat(cleaner.clean("他说&ldquo;好&rdquo;&amp;笑了&#12290;&#x4E2D;国<br/>第二行&nbsp;&nbsp;尾<p>段"))
                .isEqualTo("他说“好”&笑了。中国\n第二行 尾\n段");
        assertThat(cleaner.clean("&unknownentity; 与 &#9670;")).isEqualTo("&unknownentity; 与");
    }

    @Test
    void removes_web_novel_boilerplate() {
        assertThat(cleaner.clean("他转身离去。本章未完，请点击下一页继续阅读>>")).isEqualTo("他转身离去。");
        assertThat(cleaner.clean("他转身离去。（本章未完，请翻页）")).isEqualTo("他转身离去。");
        assertThat(cleaner.clean("夜深了。(本章完)")).isEqualTo("夜深了。");
        assertThat(cleaner.clean("夜深了。\n本章完\n")).isEqualTo("夜深了。");
        assertThat(cleaner.clean("雨停了。请点击下一页继续阅读。")).isEqualTo("雨停了。");
        assertThat(cleaner.clean("天才一秒记住本站地址：笔趣阁。手机版阅读网址：m.biquge.com\n正文开始。"))
                .isEqualTo("正文开始。");
        assertThat(cleaner.clean("正文。\n手机用户请浏览m.xxx.com阅读，更优质的阅读体验。\n下文。"))
                .isEqualTo("正文。\n下文。");
        assertThat(cleaner.clean("剑来最新章节 剑来全文阅读\n少年握紧了剑。")).isEqualTo("少年握紧了剑。");
    }

    @Test
    void removes_site_urls_and_keeps_ordinary_latin_text() {
        assertThat(cleaner.clean("更多请访问https://www.example.com/book/1.html谢谢")).isEqualTo("更多请访问谢谢");
        assertThat(cleaner.clean("来自www.qidian.com的小说")).isEqualTo("来自的小说");
        assertThat(cleaner.clean("来自 biquge.cc 的小说")).isEqualTo("来自 的小说");
        assertThat(cleaner.clean("ｗｗｗ．ｂｉｑｕｇｅ．ｃｏｍ 正文")).isEqualTo("正文");
        assertThat(cleaner.clean("他用 Java 17 写了 node.js 的 demo.")).isEqualTo("他用 Java 17 写了 node.js 的 demo.");
    }

    @Test
    void collapses_blank_lines_and_runs_of_spaces() {
        assertThat(cleaner.clean("　　第一段  很长\t\t的句子。  \n\n\n\n　　第二段。\n\n")).isEqualTo("第一段 很长 的句子。\n\n第二段。");
    }

    @Test
    void leaves_clean_text_as_the_same_instance() {
        String clean = "天下大势，分久必合，合久必分。\n\n周末七国分争。";
        assertThat(cleaner.clean(clean)).isSameAs(clean);
    }

    @Test
    void uses_a_configured_symbol_set_and_boilerplate_list() {
        SymbolCleaner custom = cleaner.symbols("◆").boilerplate(List.of("广告[0-9]+"));
        assertThat(custom.clean("◆●广告123正文")).isEqualTo("●正文");
        assertThat(cleaner.symbols("").boilerplate(List.of()).htmlEntities(false).collapseWhitespace(false)
                .clean("◆&amp;  本章未完")).isEqualTo("◆&amp;  本章未完");
    }

    @Test
    void runs_custom_boilerplate_only_on_texts_with_a_trigger_character() {
        SymbolCleaner triggered = cleaner.boilerplate(List.of("广告[0-9]+"), "广");
        assertThat(triggered.clean("正文广告42正文")).isEqualTo("正文正文");
        SymbolCleaner wrongTrigger = cleaner.boilerplate(List.of("广告[0-9]+"), "X");
        assertThat(wrongTrigger.clean("正文广告42正文")).isEqualTo("正文广告42正文");
    }

    @Test
    void refuses_to_treat_chinese_punctuation_or_letters_as_symbols() {
        assertThatThrownBy(() -> cleaner.symbols("◆，")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("symbols").hasMessageContaining("，");
        assertThatThrownBy(() -> cleaner.boilerplate(List.of("(unclosed"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("boilerplate[0]");
    }

    @Test
    void counts_only_truly_special_characters_as_special() {
        for (int cp : "，。！？“”‘’、；：…—《》【】（）～·,.!?%+-=<>|~天aZ9 \n".codePoints().toArray()) {
            assertThat(SymbolCleaner.isSpecial(cp)).as(Character.toString(cp)).isFalse();
        }
        for (int cp : "◆★☺😀©™∑√\u0007\uE000\u200B".codePoints().toArray()) {
            assertThat(SymbolCleaner.isSpecial(cp)).as(Integer.toHexString(cp)).isTrue();
        }
    }

    @Test
    void drops_lone_surrogates_and_keeps_characters_outside_the_bmp() {
        assertThat(cleaner.clean("𠀀字\uD800好")).isEqualTo("𠀀字好");
    }
}
