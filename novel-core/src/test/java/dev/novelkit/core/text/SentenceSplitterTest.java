package dev.novelkit.core.text;

import dev.novelkit.core.text.internal.CharClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SentenceSplitterTest {
    private static List<String> texts(List<Paragraph> ps) {
        return ps.stream().map(Paragraph::text).toList();
    }

    @Test
    void splits_at_sentence_end_and_keeps_closing_quote() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(12).split("他说：“你好。”她笑了笑。走吧！");

        assertThat(texts(ps)).containsExactly("他说：“你好。”", "她笑了笑。走吧！");
    }

    @Test
    void keeps_a_run_of_terminators_and_brackets_together() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(10).split("真的吗？！……」』】后来呢。");

        assertThat(texts(ps)).containsExactly("真的吗？！……」』】", "后来呢。");
    }

    @Test
    void packs_sentences_greedily_up_to_the_limit() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(10).split("一二三。四五六。七八九。十。");

        assertThat(texts(ps)).containsExactly("一二三。四五六。", "七八九。十。");
    }

    @Test
    void cuts_an_over_long_sentence_at_the_last_comma_before_the_limit() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(10).split("一二三四五，六七八九十一二三。");

        assertThat(texts(ps)).containsExactly("一二三四五，", "六七八九十一二三。");
    }

    @Test
    void cuts_at_a_space_and_drops_it() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(12).split("the quick brown fox jumps over");

        assertThat(texts(ps)).containsExactly("the quick", "brown fox", "jumps over");
    }

    @Test
    void hard_cuts_when_there_is_no_break_and_never_splits_a_surrogate_pair() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(4).split("😀😀😀😀😀😀😀😀😀。");

        assertThat(texts(ps)).containsExactly("😀😀😀😀", "😀😀😀😀", "😀。");
    }

    @Test
    void never_crosses_a_chapter_heading_and_records_its_title() {
        String text = "前言一句。\n\n第一章 起\n　　甲句。乙句。\n第二章 承\n丙句。";
        List<Paragraph> ps = NovelSplitter.sentences().split(Novel.of(text));

        assertThat(texts(ps)).containsExactly("前言一句。", "甲句。乙句。", "丙句。");
        assertThat(ps).extracting(Paragraph::chapter).containsExactly(0, 1, 2);
        assertThat(ps).extracting(Paragraph::chapterTitle).containsExactly("", "第一章 起", "第二章 承");
        assertThat(ps).extracting(Paragraph::index).containsExactly(0, 1, 2);
    }

    @Test
    void a_blank_text_has_no_paragraphs() {
        assertThat(NovelSplitter.sentences().split(" \n\u3000 ")).isEmpty();
        assertThat(NovelSplitter.sentences().split("")).isEmpty();
    }

    @Test
    void overlap_repeats_the_end_of_the_previous_paragraph_from_a_sentence_start() {
        String text = "甲乙。丙丁戊。己庚。辛壬癸。子丑。";
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(8).overlap(4).split(text);

        assertThat(texts(ps)).containsExactly("甲乙。丙丁戊。", "丙丁戊。己庚。", "己庚。辛壬癸。", "辛壬癸。子丑。");
        for (Paragraph p : ps) {
            assertThat(text.substring((int) p.start(), (int) p.end())).isEqualTo(p.text());
        }
    }

    @Test
    void overlap_falls_back_to_the_last_characters_inside_a_long_sentence() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(10).overlap(3).split("一二三四五六七八。九十。");

        assertThat(texts(ps)).containsExactly("一二三四五六七八。", "七八。九十。");
    }

    @Test
    void overlap_does_not_cross_chapters() {
        List<Paragraph> ps = NovelSplitter.sentences().maxChars(20).overlap(5)
                .split(Novel.of("第一章\n甲乙丙。\n第二章\n丁戊己。"));

        assertThat(texts(ps)).containsExactly("甲乙丙。", "丁戊己。");
    }

    @Test
    void rejects_bad_settings_naming_the_value() {
        assertThatThrownBy(() -> NovelSplitter.sentences().maxChars(0)).hasMessageContaining("maxChars").hasMessageContaining("0");
        assertThatThrownBy(() -> NovelSplitter.sentences().maxChars(100).overlap(51)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> NovelSplitter.sentences().overlap(600).maxChars(1000)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> NovelSplitter.seedCompatible().overlap(10)).hasMessageContaining("seed");
    }

    @Test
    void settings_return_new_splitters() {
        NovelSplitter base = NovelSplitter.sentences();
        NovelSplitter small = base.maxChars(100).overlap(20);

        assertThat(base.maxChars()).isEqualTo(2200);
        assertThat(base.overlap()).isZero();
        assertThat(small.maxChars()).isEqualTo(100);
        assertThat(small.overlap()).isEqualTo(20);
        assertThat(small.mode()).isEqualTo(NovelSplitter.Mode.SENTENCES);
    }

    @Test
    void properties_hold_on_random_texts() {
        Random rng = new Random(7);
        int[] limits = {2200, 300, 40, 7, 2, 1};
        for (int round = 0; round < 300; round++) {
            String raw = TextSamples.fuzz(rng, round % 10 == 0 ? 20_000 : 3_000);
            Novel novel = Novel.of(raw);
            int max = limits[rng.nextInt(limits.length)];
            int overlap = rng.nextInt(3) == 0 ? rng.nextInt(max / 2 + 1) : 0;
            List<Paragraph> ps = NovelSplitter.sentences().maxChars(max).overlap(overlap).split(novel);
            String ctx = "round " + round + " max " + max + " overlap " + overlap;
            String text = novel.text();
            boolean[] ends = sentenceEnds(text);
            for (int i = 0; i < ps.size(); i++) {
                Paragraph p = ps.get(i);
                assertThat(p.index()).as(ctx).isEqualTo(i);
                assertThat(p.length()).as(ctx).isBetween(1, max);
                assertThat(text.substring((int) p.start(), (int) p.end())).as(ctx).isEqualTo(p.text());
                assertThat(CharClass.isSpace(p.text().charAt(0))).as(ctx).isFalse();
                assertThat(CharClass.isSpace(p.text().charAt(p.text().length() - 1))).as(ctx).isFalse();
                assertThat(p.text()).as(ctx).doesNotContain(p.chapterTitle().isEmpty() ? "\u0000" : "\n" + p.chapterTitle() + "\n");
                if (i + 1 < ps.size() && ps.get(i + 1).chapter() == p.chapter() && !endsSentence(text, ends, p)) {
                    // Only a sentence too long for a paragraph may be cut.
                    assertThat(sentenceLength(text, ends, p)).as(ctx + " paragraph " + i).isGreaterThan(max);
                }
            }
            if (overlap == 0) {
                for (Chapter c : novel.chapters()) {
                    String joined = String.join("", ps.stream().filter(p -> p.chapter() == c.index()).map(Paragraph::text).toList());
                    assertThat(noSpace(joined)).as(ctx + " chapter " + c.index()).isEqualTo(noSpace(c.text()));
                }
                assertThat(ps).allSatisfy(p -> assertThat(p.chapter()).isLessThan(Math.max(1, novel.chapters().size())));
            }
        }
    }

    /** Sentence ends, computed the slow obvious way: after a terminator run and its closers, and at line feeds. */
    private static boolean[] sentenceEnds(String text) {
        boolean[] ends = new boolean[text.length() + 1];
        ends[text.length()] = true;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                ends[i] = true;
            } else if (CharClass.isTerminator(text.charAt(i))) {
                int j = i;
                while (j < text.length() && CharClass.isTerminator(text.charAt(j))) {
                    j++;
                }
                while (j < text.length() && CharClass.isCloser(text.charAt(j))) {
                    j++;
                }
                ends[j] = true;
                i = j - 1;
            }
        }
        return ends;
    }

    /** The paragraph ends at a sentence end (trailing spaces before a line feed do not count). */
    private static boolean endsSentence(String text, boolean[] ends, Paragraph p) {
        int end = (int) p.end();
        while (!ends[end] && CharClass.isSpace(text.charAt(end))) {
            end++;
        }
        return ends[end];
    }

    /** Code points of the sentence the paragraph's end falls in, leading whitespace excluded. */
    private static int sentenceLength(String text, boolean[] ends, Paragraph p) {
        int begin = (int) p.end() - 1;
        while (begin > 0 && !ends[begin]) {
            begin--;
        }
        while (CharClass.isSpace(text.charAt(begin))) {
            begin++;
        }
        int end = (int) p.end();
        while (!ends[end]) {
            end++;
        }
        return text.codePointCount(begin, end);
    }

    private static String noSpace(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().filter(c -> !CharClass.isSpace(c)).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
