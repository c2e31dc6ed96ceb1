package dev.novelkit.core.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentencesTest {
    @Test
    void splits_at_sentence_end_and_keeps_closing_quote() {
        assertThat(Sentences.split("他说：“走吧。”她没有回答……雨停了！真的？\n第二行"))
                .containsExactly("他说：“走吧。”", "她没有回答……", "雨停了！", "真的？", "第二行");
    }

    @Test
    void trims_at_the_last_sentence_end_that_fits() {
        String text = "林晚秋冒雨给陈伯送药。路上遇到自称故人的黑衣人苏远山，得知有人要杀陈伯。两人赶到河边小屋却扑了空。";
        String trimmed = Sentences.trim(text, 40);
        assertThat(trimmed).isEqualTo("林晚秋冒雨给陈伯送药。路上遇到自称故人的黑衣人苏远山，得知有人要杀陈伯。");
        assertThat(Sentences.length(trimmed)).isLessThanOrEqualTo(40);
    }

    @Test
    void trims_at_a_comma_when_no_sentence_end_fits_and_ends_it_with_a_full_stop() {
        String text = "林晚秋在雨夜里撑着伞穿过青石镇的长街，替师父给住在河边小屋的老更夫陈伯送去新配的止咳药";
        String trimmed = Sentences.trim(text, 30);
        assertThat(trimmed).isEqualTo("林晚秋在雨夜里撑着伞穿过青石镇的长街。");
    }

    @Test
    void cuts_hard_when_there_is_no_boundary_and_counts_code_points() {
        String text = "𠀀".repeat(100);
        String trimmed = Sentences.trim(text, 60);
        assertThat(trimmed.codePointCount(0, trimmed.length())).isEqualTo(60);
        assertThat(Sentences.tail("ab𠀀cd", 3)).isEqualTo("𠀀cd");
    }

    @Test
    void drops_a_quotation_mark_left_alone() {
        assertThat(Sentences.balanceQuotes("“我叫苏远山，是陈伯的故人。")).isEqualTo("我叫苏远山，是陈伯的故人。");
        assertThat(Sentences.balanceQuotes("二十年前，他救过我一命。”")).isEqualTo("二十年前，他救过我一命。");
        assertThat(Sentences.balanceQuotes("他说：“走。”")).isEqualTo("他说：“走。”");
    }
}
