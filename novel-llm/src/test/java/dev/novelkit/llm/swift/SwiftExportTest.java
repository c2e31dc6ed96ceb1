package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SwiftExport} against fake installs of ms-swift 2.6.1, 3.12.6 and 4.5.2, no version set. */
class SwiftExportTest {
    @TempDir
    Path dir;

    private SwiftExport export(String version, Path ckpt) {
        return SwiftExport.of(ckpt).process(FakeSwift.process(FakeSwift.install(dir, version), dir));
    }

    private static int major(String version) {
        return Integer.parseInt(version.substring(0, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void merges_into_the_checkpoint_name_with_merged_appended_in_the_installed_swifts_flags(String version) {
        Path ckpt = FakeSwift.checkpoint(dir, major(version));
        SwiftExport export = export(version, ckpt);

        Path merged = export.run(ProgressListener.NONE);

        assertThat(export.toCommand().args()).containsExactly("export", version.startsWith("2.") ? "--ckpt_dir"
                : "--adapters", ckpt.toString(), "--merge_lora", "true");
        assertThat(merged).isEqualTo(ckpt.resolveSibling(ckpt.getFileName() + "-merged"));
        assertThat(merged.resolve("config.json")).exists();
        assertThat(merged.resolve("model.safetensors")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V3, FakeSwift.V4})
    void v3_and_v4_merge_adapters_into_the_chosen_output_folder(String version) {
        Path ckpt = FakeSwift.checkpoint(dir, 3);
        Path out = dir.resolve("merged/qwen2-novel");
        SwiftExport export = export(version, ckpt).outputDir(out);

        Path merged = export.run(ProgressListener.NONE);

        assertThat(export.toCommand().args()).containsExactly("export", "--adapters", ckpt.toString(), "--merge_lora",
                "true", "--output_dir", out.toString());
        assertThat(merged).isEqualTo(out);
        assertThat(out.resolve("config.json")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void an_existing_output_folder_is_refused_before_starting_and_replaced_with_overwrite(String version)
            throws IOException {
        Path ckpt = FakeSwift.checkpoint(dir, major(version));
        Path old = Files.createDirectories(ckpt.resolveSibling(ckpt.getFileName() + "-merged"));
        Files.writeString(old.resolve("stale.txt"), "from an older merge");
        SwiftExport export = export(version, ckpt);
        List<String> messages = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> export.run(ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessage(old + ": output folder exists already; delete it, choose another outputDir, or "
                        + "overwrite(true) (--overwrite) to replace it");
        Path merged = export.overwrite(true).run(new ProgressListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        });

        assertThat(merged).isEqualTo(old);
        assertThat(old.resolve("config.json")).exists();
        if (version.startsWith("2.")) {
            assertThat(old.resolve("stale.txt")).doesNotExist();
            assertThat(messages).contains("removing the old " + old + " (swift 2.x would keep it)");
            assertThat(export.overwrite(true).toCommand().notes()).contains("swift 2.x keeps an existing " + old
                    + " and merges nothing: NovelKit removes it first (overwrite)");
        } else {
            assertThat(export.overwrite(true).toCommand().args()).endsWith("--exist_ok", "true");
        }
    }

    @Test
    void a_failed_export_reports_the_traceback_line_and_a_missing_checkpoint_is_bad_input() {
        Path ckpt = FakeSwift.checkpoint(dir, 4);
        SwiftExport failing = export(FakeSwift.V4, ckpt);
        SwiftExport missing = SwiftExport.of(dir.resolve("nope")).process(failing.process());

        assertThatThrownBy(() -> failing.process(failing.process().environment("FAKE_SWIFT_FAIL", "export"))
                .run(ProgressListener.NONE)).isInstanceOf(BackendException.class)
                .hasMessage("swift: export failed with exit code 1: RuntimeError: fake export failure requested");
        assertThatThrownBy(() -> missing.run(ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("nope") + ": checkpoint folder does not exist");
    }

    @Test
    void settings_swift_2x_cannot_do_are_refused_naming_the_setting() {
        Path ckpt = FakeSwift.checkpoint(dir, 2);
        SwiftExport v2 = SwiftExport.of(ckpt).process(SwiftProcess.defaults().dialect(SwiftDialect.V2));

        assertThatThrownBy(() -> SwiftExport.of(null)).hasMessage("checkpoint: must be set, was null");
        assertThatThrownBy(() -> v2.outputDir(dir).toCommand()).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("outputDir: cannot be chosen on swift 2.x, which always writes <checkpoint>-merged");
        assertThatThrownBy(() -> v2.mergeLora(false).toCommand()).hasMessageStartingWith("mergeLora: ");
    }
}
