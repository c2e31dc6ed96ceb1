package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code novelkit video --redo-shot N}: one shot made again, everything else reused. */
class RedoShotCommandTest {
    private final CliRun cli = new CliRun();

    @Test
    void redo_shot_makes_that_shots_picture_again_reusing_the_sheets_and_writes_the_consistency_report(@TempDir Path dir)
            throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。林晚舟笑了，周伯也笑了。\n", StandardCharsets.UTF_8);
        String[] args = {"video", "--input", novel.toString(), "--out", dir.resolve("out").toString(), "--aspect",
                "180x320", "--fps", "10", "--max-shots", "2", "--voice-backend", "none", "--music", "none"};
        assertThat(cli.run(args)).as(cli.err()).isZero();
        assertThat(dir.resolve("out/consistency.json")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("out/consistency.md"))).contains("No shot drifted");
        cli.clear();

        String[] redo = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--redo-shot", "1")).toArray(String[]::new);
        assertThat(cli.run(redo)).as(cli.err()).isZero();

        assertThat(cli.out()).containsPattern("images .* made +1, reused +0 .*redone: shot-01");
        assertThat(cli.out()).containsPattern("characters .* made +0");
    }

    @Test
    void an_unknown_shot_or_a_bad_sheets_url_is_one_line_naming_it_and_exit_2(@TempDir Path dir) throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "林晚舟站在渡口。周伯点点头。", StandardCharsets.UTF_8);

        assertThat(cli.run("video", "--input", novel.toString(), "--out", dir.resolve("o").toString(), "--aspect",
                "180x320", "--voice-backend", "none", "--music", "none", "--redo-shot", "7")).isEqualTo(2);
        assertThat(cli.err()).startsWith("novelkit video: redoShots: no shot 7: the storyboard has ");
        cli.clear();
        assertThat(cli.run("video", "--input", novel.toString(), "--out", dir.resolve("o").toString(),
                "--sheets-url", "cdn.example.com")).isEqualTo(2);
        assertThat(cli.err().strip())
                .isEqualTo("novelkit video: --sheets-url: must start with http:// or https://, was \"cdn.example.com\"");
    }
}
