package dev.novelkit.llm.llama.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How text is measured and cut before llama.cpp's recursive pre-tokenizer sees it (no native code here). */
class NativeTokenizerTest {
    @Test
    void a_run_is_characters_of_one_class_in_a_row_and_digits_never_run() {
        assertThat(NativeTokenizer.longestRun("ab cd")).isEqualTo(2);
        assertThat(NativeTokenizer.longestRun("天下大势，分久必合")).isEqualTo(4);
        assertThat(NativeTokenizer.longestRun("1234567890")).isEqualTo(1);
        assertThat(NativeTokenizer.longestRun("!!!?" + " \u00a0\u3000\n")).isEqualTo(4);
        assertThat(NativeTokenizer.longestRun("𠀀𠀀𠀀")).as("characters, not UTF-16 units").isEqualTo(3);
        assertThat(NativeTokenizer.longestRun("")).isZero();
    }

    @Test
    void text_without_a_long_run_stays_one_piece() {
        String text = "天下大势，分久必合，合久必分。".repeat(5000);

        assertThat(NativeTokenizer.pieces(text)).containsExactly(text);
    }

    @Test
    void a_long_run_is_cut_every_max_run_characters_and_never_inside_a_surrogate_pair() {
        String text = "x，" + "𠀀".repeat(NativeTokenizer.MAX_RUN + 10) + "。";

        List<String> pieces = NativeTokenizer.pieces(text);

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).hasSize(2);
        assertThat(pieces).allSatisfy(p -> assertThat(NativeTokenizer.longestRun(p))
                .isLessThanOrEqualTo(NativeTokenizer.MAX_RUN));
        assertThat(Character.isLowSurrogate(pieces.get(1).charAt(0))).isFalse();
    }
}
