package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCommandTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {FakeSwiftCli.V2, FakeSwiftCli.V3, FakeSwiftCli.V4})
    void merges_a_trained_checkpoint_and_handles_an_existing_folder_per_major(String version) {
        Path swift = FakeSwiftCli.install(dir, version);
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, swift);
        Path merged = ckpt.resolveSibling(ckpt.getFileName() + "-merged");

        int first = cli.run("export", "--checkpoint", ckpt.toString(), "--swift", swift.toString());
        String firstOut = cli.out();
        cli.clear();
        int again = cli.run("export", "--checkpoint", ckpt.toString(), "--swift", swift.toString());
        String againErr = cli.err();
        cli.clear();
        int overwrite;
        String progress;
        try (StderrCapture err = StderrCapture.start()) {
            overwrite = cli.run("export", "--checkpoint", ckpt.toString(), "--swift", swift.toString(), "--overwrite");
            progress = err.text();
        }

        assertThat(first).as(cli.err()).isZero();
        assertThat(firstOut).isEqualTo("merged model: " + merged + "\n");
        assertThat(merged.resolve("config.json")).exists();
        assertThat(again).isEqualTo(2);
        assertThat(againErr.strip()).isEqualTo("novelkit export: " + merged + ": output folder exists already; delete "
                + "it, choose another outputDir, or overwrite(true) (--overwrite) to replace it");
        assertThat(overwrite).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("merged model: " + merged + "\n");
        assertThat(progress).contains(version.startsWith("2.") ? "removing the old " + merged + " (swift 2.x would keep it)"
                : "--exist_ok true replaces " + merged);
    }

    @Test
    void dry_run_prints_the_command_and_refuses_a_checkpoint_that_does_not_exist() {
        Path swift = FakeSwiftCli.install(dir, FakeSwiftCli.V3);
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, swift);

        int code = cli.run("export", "--checkpoint", ckpt.toString(), "--swift", swift.toString(), "--output",
                dir.resolve("merged").toString(), "--dry-run");
        String out = cli.out();
        int missing = cli.run("export", "--checkpoint", dir.resolve("gone").toString(), "--dry-run");

        assertThat(code).as(cli.err()).isZero();
        assertThat(out).isEqualTo("# for ms-swift 3.12.6, found at " + swift + "\n" + swift + " export \\\n    --adapters "
                + ckpt + " \\\n    --merge_lora true \\\n    --output_dir " + dir.resolve("merged") + "\n");
        assertThat(missing).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit export: " + dir.resolve("gone") + ": checkpoint folder does not exist");
    }
}
