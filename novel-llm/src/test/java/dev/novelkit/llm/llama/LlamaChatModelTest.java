package dev.novelkit.llm.llama;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.llm.llama.internal.NativeTokenizer;
import dev.novelkit.llm.llama.internal.PromptTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mechanics of the local GGUF backend on the tiny Qwen2 model (MAKE.md in the fixture lists the expected ids and
 * greedy outputs): tokenisation, template, greedy decoding, stop, streaming, cancel, options, usage, locking.
 */
class LlamaChatModelTest {
    private static final String CHUNXIAO = "请写一句诗:春晓";
    private static final GenerationOptions GREEDY = GenerationOptions.defaults().doSample(false).maxTokens(64);

    private static LlamaChatModel model;

    @BeforeAll
    static void load() {
        model = TinyQwen.load();
    }

    @AfterAll
    static void free() {
        model.close();
    }

    private static List<ChatMessage> ask(String user) {
        return List.of(ChatMessage.system("You are a helpful assistant."), ChatMessage.user(user));
    }

    @Test
    void encodes_the_tokenizer_test_vector_to_the_same_ids_as_the_hf_tokenizer() {
        assertThat(model.encode("天下大势,分久必合,合久必分。")).containsExactly(
                104128, 26288, 99272, 11, 17177, 99379, 58514, 39762, 11, 39762, 99379, 58514, 17177, 1773);
    }

    @Test
    void renders_the_qwen2_chatml_prompt_and_it_encodes_to_20_tokens() {
        String prompt = model.prompt(List.of(ChatMessage.user("你好")));

        assertThat(prompt).isEqualTo("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n");
        assertThat(model.encode(prompt)).hasSize(20).startsWith(151644).endsWith(198);
    }

    @Test
    void tokenizes_prompts_piece_by_piece_exactly_as_the_whole_prompt_encodes() {
        PromptTokens tokenizer = new PromptTokens(model::encode);
        List<List<ChatMessage>> conversations = List.of(
                List.of(ChatMessage.user("你好")),
                ask(CHUNXIAO),
                List.of(ChatMessage.system(" leading space and trailing\n"), ChatMessage.user("a <think>x</think> b"),
                        ChatMessage.assistant("  \n\n"), ChatMessage.user("天下大势,分久必合,合久必分。".repeat(3))));

        for (List<ChatMessage> messages : conversations) {
            String prompt = model.prompt(messages);
            assertThat(tokenizer.tokenize(prompt)).as(prompt).containsExactly(model.encode(prompt));
            assertThat(tokenizer.tokenize(prompt)).as("again, from the cache").containsExactly(model.encode(prompt));
        }
    }

    @Test
    void a_model_without_single_token_chatml_controls_gets_the_whole_prompt_encoded() {
        PromptTokens byCodePoints = new PromptTokens(text -> text.codePoints().toArray());

        assertThat(byCodePoints.tokenize("<|im_start|>user\n你好<|im_end|>")).hasSize(12 + 5 + 2 + 10);
    }

    @Test
    void greedy_answer_is_the_memorised_line_and_stops_at_im_end() {
        ChatResponse r = model.chat(ask(CHUNXIAO), GREEDY);

        assertThat(r.text()).isEqualTo("春眠不觉晓，处处闻啼鸟。");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        // 11 text tokens and <|im_end|>, as transformers counts them (MAKE.md: 12 tokens)
        assertThat(r.usage()).isEqualTo(new TokenUsage(26, 12));
        assertThat(r.model()).isEqualTo("tiny-qwen2.gguf");
    }

    @Test
    void streamed_pieces_concatenate_to_the_full_text() {
        List<String> pieces = new ArrayList<>();
        ChatResponse r;
        try (ChatStream stream = model.stream(ask("你好"), GREEDY)) {
            stream.forEach(pieces::add);
            r = stream.response();
        }

        assertThat(pieces).hasSizeGreaterThan(30).allSatisfy(p -> assertThat(p).isNotEmpty());
        assertThat(String.join("", pieces)).isEqualTo(r.text());
        assertThat(r.text()).startsWith("国，行与马客岁。").endsWith("随古江上时。").doesNotContain("<|im_end|>");
        assertThat(r.usage()).isEqualTo(new TokenUsage(20, 46));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void closing_the_stream_after_three_pieces_cancels_and_frees_the_model() {
        List<String> pieces = new ArrayList<>();
        ChatStream stream = model.stream(ask("你好"), GREEDY);
        Iterator<String> it = stream.iterator();
        for (int i = 0; i < 3; i++) {
            pieces.add(it.next());
        }
        stream.close();

        ChatResponse r = stream.response();
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.text()).isEqualTo(String.join("", pieces)).isEqualTo("国，行");
        assertThat(r.usage().completionTokens()).isEqualTo(3);
        assertThat(it.hasNext()).isFalse();
        // the model is free again and the cancelled task left nothing behind
        assertThat(model.chat(ask(CHUNXIAO), GREEDY).text()).isEqualTo("春眠不觉晓，处处闻啼鸟。");
    }

    @Test
    void closing_from_another_thread_stops_the_reader_within_a_token() throws Exception {
        ChatStream stream = model.stream(ask("你好"), GREEDY);
        Iterator<String> it = stream.iterator();
        it.next();
        CompletableFuture.runAsync(stream::close).get(10, TimeUnit.SECONDS);
        int more = 0;
        while (it.hasNext()) {
            it.next();
            more++;
        }

        assertThat(more).isLessThanOrEqualTo(1);
        assertThat(stream.response().finishReason()).isEqualTo(FinishReason.CANCELLED);
    }

    @Test
    void max_tokens_ends_with_length() {
        ChatResponse r = model.chat(ask(CHUNXIAO), GREEDY.maxTokens(3));

        assertThat(r.text()).isEqualTo("春眠不");
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void a_caller_stop_string_ends_the_text_before_it() {
        ChatResponse r = model.chat(ask(CHUNXIAO), GREEDY.stop(List.of("，")));

        assertThat(r.text()).isEqualTo("春眠不觉晓");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void the_same_seed_samples_the_same_text_and_another_seed_another() {
        GenerationOptions sampling = GenerationOptions.seedDefaults().temperature(1.0).maxTokens(20);

        String first = model.chat(ask("你好"), sampling.seed(1)).text();
        String again = model.chat(ask("你好"), sampling.seed(1)).text();
        String other = model.chat(ask("你好"), sampling.seed(2)).text();

        assertThat(first).isNotEmpty().isEqualTo(again);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void counts_usage_over_calls() {
        TokenUsage before = model.totalUsage();
        ChatResponse r = model.chat(ask(CHUNXIAO), GREEDY.maxTokens(2));

        assertThat(model.totalUsage()).isEqualTo(before.plus(r.usage()));
    }

    @Test
    void generations_from_two_threads_run_one_after_the_other() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return model.chat(ask(CHUNXIAO), GREEDY).text();
            }));
        }
        start.countDown();

        for (CompletableFuture<String> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("春眠不觉晓，处处闻啼鸟。");
        }
    }

    @Test
    void a_second_stream_on_the_same_thread_fails_instead_of_deadlocking() {
        try (ChatStream first = model.stream(ask(CHUNXIAO), GREEDY)) {
            assertThatThrownBy(() -> model.stream(ask(CHUNXIAO), GREEDY))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("open ChatStream");
            assertThat(first.response().text()).isEqualTo("春眠不觉晓，处处闻啼鸟。");
        }
    }

    @Test
    void a_prompt_longer_than_the_context_is_rejected_before_generation() {
        String huge = "天下大势,分久必合,合久必分。".repeat(40);

        assertThatThrownBy(() -> model.chat(ask(huge), GREEDY))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context holds 512");
        assertThat(model.chat(ask(CHUNXIAO), GREEDY.maxTokens(1)).text()).isEqualTo("春");
    }

    @Test
    void a_run_of_5000_letters_without_punctuation_is_tokenized_even_from_a_thread_with_a_small_stack()
            throws Exception {
        String run = "a".repeat(5000);
        int[][] ids = new int[1][];
        Thread small = new Thread(null, () -> ids[0] = model.encode(run), "small-stack", 256L << 10);

        small.start();
        small.join(60_000);

        assertThat(ids[0]).hasSize(625);
        assertThat(model.decode(ids[0])).isEqualTo(run);
        assertThat(model.encode("中".repeat(8000))).isNotEmpty();
        assertThat(model.encode(" ".repeat(8000) + "。".repeat(8000))).isNotEmpty();
    }

    @Test
    void a_run_longer_than_one_tokenizer_piece_is_tokenized_in_pieces_that_decode_to_the_same_text() {
        String text = "开头，" + "a".repeat(NativeTokenizer.MAX_RUN * 3 + 5) + "，结尾。";

        int[] ids = model.encode(text);

        assertThat(model.decode(ids)).isEqualTo(text);
    }

    @Test
    void a_long_run_without_punctuation_is_answered_when_it_fits_the_context_and_refused_clearly_when_not() {
        String run = "a".repeat(5000);

        assertThatThrownBy(() -> model.chat(ask(run), GREEDY))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context holds 512");
        try (LlamaChatModel wide = LlamaChatModel.load(LlamaSettings.of(TinyQwen.gguf()).contextSize(1024)
                .threads(2))) {
            ChatResponse r = wide.chat(ask(run), GREEDY.maxTokens(4));

            assertThat(r.usage().promptTokens()).isGreaterThan(625L);
            assertThat(r.usage().completionTokens()).isBetween(1L, 4L);
        }
    }
}
