package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwiftExportTest {
    @TempDir
    Path dir;
    Path swift;
    Path ckpt;

    @BeforeEach
    void setUp() throws IOException {
        swift = FakeSwift.install(dir).resolve("swift");
        ckpt = Files.createDirectories(dir.resolve("output/qwen2-7b-instruct/v0-20240729-012301/checkpoint-93"));
        Files.writeString(ckpt.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8}");
    }

    @Test
    void v2_merges_into_the_checkpoint_name_with_merged_appended() {
        SwiftExport export = SwiftExport.builder().checkpoint(ckpt).executable(swift).workingDir(dir).build();

        Path merged = export.run(ProgressListener.NONE);

        assertThat(export.toCommand().args()).containsExactly("export", "--ckpt_dir", ckpt.toString(), "--merge_lora", "true");
        assertThat(merged).isEqualTo(ckpt.resolveSibling("checkpoint-93-merged"));
        assertThat(merged.resolve("config.json")).exists();
        assertThat(merged.resolve("model.safetensors")).exists();
    }

    @Test
    void v3_merges_adapters_into_the_chosen_output_folder() {
        Path out = dir.resolve("merged/qwen2-novel");
        SwiftExport export = SwiftExport.builder().dialect(SwiftDialect.V3).checkpoint(ckpt).outputDir(out)
                .executable(swift).build();

        Path merged = export.run(ProgressListener.NONE);

        assertThat(export.toCommand().args()).containsExactly("export", "--adapters", ckpt.toString(), "--merge_lora",
                "true", "--output_dir", out.toString());
        assertThat(merged).isEqualTo(out);
        assertThat(out.resolve("config.json")).exists();
    }

    @Test
    void v3_refuses_an_existing_output_folder_before_starting() throws IOException {
        Files.createDirectories(ckpt.resolveSibling("checkpoint-93-merged"));
        SwiftExport export = SwiftExport.builder().dialect(SwiftDialect.V3).checkpoint(ckpt).executable(swift).build();

        assertThatThrownBy(() -> export.run(ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("checkpoint-93-merged: output folder exists already");
    }

    @Test
    void a_failed_export_reports_the_traceback_line_and_a_missing_checkpoint_is_bad_input() {
        SwiftExport failing = SwiftExport.builder().checkpoint(ckpt).executable(swift)
                .environment("FAKE_SWIFT_FAIL", "export").build();
        SwiftExport missing = SwiftExport.builder().checkpoint(dir.resolve("nope")).executable(swift).build();

        assertThatThrownBy(() -> failing.run(ProgressListener.NONE)).isInstanceOf(BackendException.class)
                .hasMessage("swift: export failed with exit code 1: RuntimeError: fake export failure requested");
        assertThatThrownBy(() -> missing.run(ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("nope") + ": checkpoint folder does not exist");
    }

    @Test
    void build_rejects_settings_swift_2x_cannot_do() {
        assertThatThrownBy(() -> SwiftExport.builder().build()).hasMessageStartingWith("checkpoint: ");
        assertThatThrownBy(() -> SwiftExport.builder().checkpoint(ckpt).outputDir(dir).build())
                .hasMessageStartingWith("outputDir: swift 2.x always writes <checkpoint>-merged");
        assertThatThrownBy(() -> SwiftExport.builder().checkpoint(ckpt).mergeLora(false).build())
                .hasMessageStartingWith("mergeLora: ");
    }
}
