package dev.novelkit.examples.cli;

import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.examples.bench.FakeOpenAiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code novelkit generate} on the tiny GGUF model and against a loopback OpenAI-compatible server. */
class GenerateCommandTest {
    /** The tiny Qwen2 model kept in novel-llm's test resources (tests run in the module folder). */
    private static final Path TINY = Path.of("../../novel-llm/src/test/resources/tiny-qwen2/tiny-qwen2.gguf");

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private static String[] llama(String... args) {
        List<String> all = new ArrayList<>(List.of("generate", "--backend", "llama",
                "--model-path", TINY.toString(), "--context-size", "512", "--threads", "2"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void streams_a_story_from_a_brief_with_the_tiny_gguf() {
        int code = run(llama("--brief", "春晓", "--seed", "1", "--max-tokens", "48"));

        assertThat(code).isZero();
        assertThat(cli.out().strip()).isNotEmpty().doesNotContain("<|im_end|>").doesNotContain("Extracted");
        assertThat(cli.err()).containsPattern("generate: \\d+ chars, (finished|stopped at --max-tokens), "
                + "\\d+ prompt \\+ \\d+ completion tokens \\(llama\\)");
    }

    @Test
    void greedy_runs_repeat_exactly() {
        run(llama("--brief", "春晓", "--greedy", "--max-tokens", "24"));
        String first = cli.out();
        cli.clear();
        run(llama("--brief", "春晓", "--greedy", "--max-tokens", "24"));

        assertThat(cli.out()).isEqualTo(first).isNotBlank();
    }

    @Test
    void writes_chapters_from_a_file_within_the_length_bound(@TempDir Path dir) throws IOException {
        Path previous = Files.writeString(dir.resolve("previous.txt"), "\uFEFF天下大势,分久必合,合久必分。\n",
                StandardCharsets.UTF_8);

        int code = run(llama("--continue", previous.toString(), "--chapters", "3", "--max-chars", "40",
                "--seed", "2", "--max-tokens", "48"));

        assertThat(code).isZero();
        assertThat(cli.out().strip().replace("\n", "").length()).isBetween(1, 40);
        assertThat(cli.err()).containsPattern("generate: [1-3]/3 chapters, \\d+ chars, (complete|length bound)");
    }

    @Test
    void a_missing_model_file_is_one_line_and_exit_2(@TempDir Path dir) {
        Path missing = dir.resolve("nope.gguf");

        int code = run("generate", "--backend", "llama", "--model-path", missing.toString(), "--brief", "春晓");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip())
                .isEqualTo("novelkit generate: " + missing + ": no such file (a GGUF model file was expected)");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void an_input_file_that_is_not_utf8_is_named_before_any_model_loads(@TempDir Path dir) throws IOException {
        Path gbk = Files.write(dir.resolve("summary.txt"), "林冲雪夜上梁山".getBytes("GB18030"));

        int code = run("generate", "--model-path", dir.resolve("never-loaded.gguf").toString(),
                "--summary", gbk.toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).startsWith("novelkit generate: " + gbk + ": is not UTF-8 text");
    }

    @Test
    void one_starting_point_is_required() {
        assertThat(run("generate", "--brief", "春晓", "--continue", "x.txt")).isEqualTo(2);
        assertThat(cli.err()).contains("mutually exclusive");
        assertThat(run("generate", "--model-path", TINY.toString())).isEqualTo(2);
    }

    @Test
    void out_of_range_sampling_values_are_usage_errors() {
        assertThat(run(llama("--brief", "春晓", "--top-p", "1.5"))).isEqualTo(2);
        assertThat(cli.err()).contains("novelkit generate: --top-p: must be (0, 1], was 1.5");
    }

    @Test
    void the_openai_backend_streams_from_an_openai_compatible_server() {
        List<List<ChatMessage>> requests = new CopyOnWriteArrayList<>();
        try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 0, 0, messages -> {
            requests.add(messages);
            return "江边的渡口，灯火一盏一盏亮起来。";
        })) {
            int code = run("generate", "--backend", "openai", "--llm-base-url", server.baseUrl(),
                    "--llm-model", FakeOpenAiServer.MODEL, "--brief", "渡口的灯火", "--max-tokens", "100");

            assertThat(code).isZero();
            assertThat(cli.out().strip()).isEqualTo("江边的渡口，灯火一盏一盏亮起来。");
            assertThat(cli.err()).contains("(openai)");
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).get(1).content())
                    .isEqualTo(StoryPrompts.defaults().queryFor(SampleKind.BRIEF, "渡口的灯火"));
        }
    }

    @Test
    void an_unset_api_key_variable_is_named() {
        int code = run("generate", "--backend", "openai", "--llm-base-url", "http://127.0.0.1:9/v1",
                "--api-key-env", "NOVELKIT_TEST_UNSET_KEY_VARIABLE", "--brief", "春晓");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit generate: --api-key-env: the environment variable "
                + "NOVELKIT_TEST_UNSET_KEY_VARIABLE is not set");
    }
}
