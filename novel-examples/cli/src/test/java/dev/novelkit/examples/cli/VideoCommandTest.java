package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VideoCommandTest {
    private final CliRun cli = new CliRun();

    @Test
    void turns_a_novel_into_a_video_and_prints_the_summary(@TempDir Path dir) throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。林晚舟笑了，周伯也笑了。\n", StandardCharsets.UTF_8);

        int code = cli.run("video", "--input", novel.toString(), "--out", dir.resolve("out").toString(),
                "--aspect", "180x320", "--fps", "10", "--max-shots", "2", "--voice-backend", "none", "--music", "none");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("video: ", "storyboard", "estimated API cost $0 (all offline)");
        assertThat(dir.resolve("out/video.mp4")).isNotEmptyFile();
        assertThat(dir.resolve("out/video.srt")).isNotEmptyFile();
        assertThat(dir.resolve("out/storyboard.json")).isNotEmptyFile();
    }

    @Test
    void bad_settings_are_one_line_naming_the_flag_and_exit_2(@TempDir Path dir) throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "雨下了一夜。", StandardCharsets.UTF_8);

        assertThat(cli.run("video", "--input", novel.toString(), "--out", dir.toString(), "--aspect", "wide"))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit video: --aspect: expected 9:16, 16:9, 1:1 or WxH, was wide");
        assertThat(cli.run("video", "--input", novel.toString(), "--out", dir.toString(), "--image-backend", "paint"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("unknown image backend \"paint\"");
    }

    @Test
    void a_missing_novel_is_one_line_and_exit_2(@TempDir Path dir) {
        assertThat(cli.run("video", "--input", dir.resolve("none.txt").toString(), "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(cli.err()).startsWith("novelkit video: ").contains("none.txt");
        assertThat(cli.err().strip().lines()).hasSize(1);
    }
}
