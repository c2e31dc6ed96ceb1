package dev.novelkit.dataset.tokenizer;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QwenTokenizerTest {
    private static final String KNOWN = "天下大势,分久必合,合久必分。";

    @Test
    void counts_the_known_value_from_a_model_folder(@TempDir Path dir) {
        QwenFixture.unpackTo(dir);
        try (QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
            assertThat(tokenizer.count(KNOWN)).isEqualTo(14);
            assertThat(tokenizer.source()).isEqualTo(dir.resolve("tokenizer.json"));
        }
    }

    @Test
    void loads_a_tokenizer_json_file_directly(@TempDir Path dir) {
        QwenFixture.unpackTo(dir);
        try (QwenTokenizer tokenizer = QwenTokenizer.load(dir.resolve("tokenizer.json"))) {
            assertThat(tokenizer.count(KNOWN)).isEqualTo(14);
            assertThat(tokenizer.encode(KNOWN)).hasSize(14);
        }
    }

    @Test
    void adds_no_special_tokens_and_never_truncates() {
        QwenTokenizer tokenizer = QwenFixture.shared();
        assertThat(tokenizer.count("")).isZero();
        assertThat(tokenizer.count("<|im_start|>")).isEqualTo(1);
        String longText = KNOWN.repeat(2000);
        assertThat(tokenizer.count(longText)).isGreaterThan(2000 * 13).isLessThanOrEqualTo(2000 * 14);
    }

    @Test
    void batch_counts_equal_single_counts_in_order() {
        QwenTokenizer tokenizer = QwenFixture.shared();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            texts.add(i % 7 == 0 ? "" : KNOWN.substring(0, 1 + i % KNOWN.length()) + " hello " + i);
        }
        int[] batch = tokenizer.countAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch[i]).as(texts.get(i)).isEqualTo(tokenizer.count(texts.get(i)));
        }
        assertThat(batch[0]).isZero();
    }

    @Test
    void opts_out_of_djl_telemetry_so_loading_makes_no_network_call() {
        QwenFixture.shared();
        if (System.getenv("OPT_OUT_TRACKING") == null) {
            assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        }
    }

    @Test
    void rejects_a_missing_file_naming_it(@TempDir Path dir) {
        Path missing = dir.resolve("nope/tokenizer.json");
        assertThatThrownBy(() -> QwenTokenizer.load(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such tokenizer file");
    }

    @Test
    void rejects_a_folder_without_tokenizer_json(@TempDir Path dir) {
        assertThatThrownBy(() -> QwenTokenizer.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("folder has no tokenizer.json");
    }

    @Test
    void rejects_a_file_that_is_not_a_tokenizer(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("tokenizer.json"), "这不是 JSON", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QwenTokenizer.load(notJson))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(notJson.toString()).hasMessageContaining("not a HuggingFace tokenizer.json");
        Path otherJson = Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}");
        assertThatThrownBy(() -> QwenTokenizer.load(otherJson))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a HuggingFace tokenizer.json");
        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertThatThrownBy(() -> QwenTokenizer.load(empty))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty file");
    }

    @Test
    void refuses_to_count_after_close(@TempDir Path dir) {
        QwenTokenizer tokenizer = QwenTokenizer.load(QwenFixture.unpackTo(dir));
        tokenizer.close();
        assertThatThrownBy(() -> tokenizer.count(KNOWN)).isInstanceOf(IllegalStateException.class);
    }
}
