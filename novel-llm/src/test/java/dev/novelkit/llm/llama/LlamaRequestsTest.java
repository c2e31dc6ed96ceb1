package dev.novelkit.llm.llama;

import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.llm.llama.internal.LlamaRequests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON java-llama.cpp sends to llama.cpp's completion handler for each sampling option. */
class LlamaRequestsTest {
    private static String json(GenerationOptions options, int nPredict) {
        return LlamaRequests.completion("P", options, nPredict).toString().replaceAll("\\s+", "");
    }

    @Test
    void maps_the_seed_sampling_options() {
        String json = json(GenerationOptions.seedDefaults().temperature(0.7).repetitionPenalty(1.05).seed(42), 100);

        assertThat(json).contains("\"n_predict\":100", "\"top_k\":20", "\"top_p\":0.9", "\"temperature\":0.7",
                "\"repeat_penalty\":1.05", "\"seed\":42", "\"stop\":[\"<|im_end|>\"]", "\"prompt\":\"P\"");
    }

    @Test
    void sends_the_prompt_as_token_ids_when_given_them() {
        String json = LlamaRequests.completion("<|im_start|>", new int[]{151644, 872, 198},
                GenerationOptions.defaults(), 3).toString().replaceAll("\\s+", "");

        assertThat(json).contains("\"prompt\":[151644,872,198]").doesNotContain("im_start");
    }

    @Test
    void do_sample_false_means_greedy_whatever_the_temperature() {
        assertThat(json(GenerationOptions.defaults().temperature(1.5).doSample(false), 5))
                .contains("\"temperature\":0.0").doesNotContain("1.5");
    }

    @Test
    void unset_options_are_not_sent_so_llama_cpp_defaults_apply() {
        assertThat(json(GenerationOptions.defaults(), 7)).doesNotContain("top_k", "top_p", "temperature",
                "repeat_penalty", "seed").contains("\"n_predict\":7");
    }

    @Test
    void caller_stop_strings_come_first_and_im_end_is_added_once() {
        assertThat(LlamaRequests.stopStrings(GenerationOptions.defaults().stop(List.of("。", "<|im_end|>"))))
                .containsExactly("。", "<|im_end|>");
        assertThat(LlamaRequests.stopStrings(GenerationOptions.defaults().stop(List.of("END"))))
                .containsExactly("END", "<|im_end|>");
    }

    @Test
    void seeds_keep_their_value_when_they_fit_and_fold_otherwise() {
        assertThat(LlamaRequests.seed(42)).isEqualTo(42);
        assertThat(LlamaRequests.seed(Integer.MAX_VALUE - 1L)).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(LlamaRequests.seed(-1)).isBetween(0, Integer.MAX_VALUE - 1);
        assertThat(LlamaRequests.seed(Long.MAX_VALUE)).isBetween(0, Integer.MAX_VALUE - 1);
        assertThat(LlamaRequests.seed(Long.MAX_VALUE)).isEqualTo(LlamaRequests.seed(Long.MAX_VALUE));
    }
}
