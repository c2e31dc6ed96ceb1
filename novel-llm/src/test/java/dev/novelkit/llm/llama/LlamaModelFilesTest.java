package dev.novelkit.llm.llama;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.GenerationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad model files are refused with an error naming the file; a closed model refuses work. */
class LlamaModelFilesTest {
    @TempDir
    Path dir;

    private static InvalidInputException buildFails(Path file) {
        return (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> LlamaChatModel.load(LlamaSettings.of(file).contextSize(64).threads(1)));
    }

    @Test
    void a_missing_file_is_named() {
        Path missing = dir.resolve("nope.gguf");

        InvalidInputException e = buildFails(missing);

        assertThat(e.input()).isEqualTo(missing.toString());
        assertThat(e.getMessage()).contains("nope.gguf").contains("no such file");
    }

    @Test
    void a_directory_is_not_a_model() {
        assertThat(buildFails(dir).problem()).contains("is a directory");
    }

    @Test
    void a_file_without_the_gguf_magic_is_refused_before_native_code_sees_it() throws IOException {
        Path text = Files.writeString(dir.resolve("model.gguf"), "{\"not\": \"a model\"}", StandardCharsets.UTF_8);

        InvalidInputException e = buildFails(text);

        assertThat(e.input()).isEqualTo(text.toString());
        assertThat(e.problem()).contains("not a GGUF file").contains("7b 22 6e 6f");
    }

    @Test
    void an_unsupported_gguf_version_is_refused() throws IOException {
        byte[] header = new byte[24];
        header[0] = 'G';
        header[1] = 'G';
        header[2] = 'U';
        header[3] = 'F';
        header[4] = 99;
        Path file = Files.write(dir.resolve("future.gguf"), header);

        assertThat(buildFails(file).problem()).contains("GGUF version 99 is not supported");
    }

    @Test
    void an_empty_file_is_refused() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.gguf"));

        assertThat(buildFails(empty).problem()).contains("not a GGUF file");
    }

    @Test
    void a_truncated_gguf_is_refused_by_llama_cpp_with_the_file_named() throws IOException {
        Path truncated = dir.resolve("truncated.gguf");
        try (InputStream in = Files.newInputStream(TinyQwen.gguf())) {
            Files.write(truncated, in.readNBytes(1_000_000));
        }

        InvalidInputException e = buildFails(truncated);

        assertThat(e.input()).isEqualTo(truncated.toString());
        assertThat(e.problem()).contains("llama.cpp could not load it");
    }

    @Test
    void a_closed_model_refuses_work_and_closes_once() {
        LlamaChatModel model = TinyQwen.load();
        model.close();
        model.close();

        assertThatThrownBy(() -> model.chat(List.of(ChatMessage.user("你好")), GenerationOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> model.encode("你好")).isInstanceOf(IllegalStateException.class);
    }
}
