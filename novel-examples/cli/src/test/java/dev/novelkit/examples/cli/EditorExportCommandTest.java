package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code video --export}, {@code assemble --export} and {@code assemble --from-mlt} as a user types them. */
class EditorExportCommandTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @Test
    void video_writes_the_three_projects_beside_the_mp4_and_melt_renders_the_same_length() throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。林晚舟笑了，周伯也笑了。\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");

        int code = cli.run("video", "--input", novel.toString(), "--out", out.toString(), "--aspect", "180x320",
                "--fps", "10", "--max-shots", "2", "--voice-backend", "none", "--export", "mlt,fcpxml,otio");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("project: " + out.resolve("project.mlt"), "project.fcpxml", "project.otio",
                "shots rendered from stills");
        for (String f : new String[]{"video.mp4", "project.mlt", "project.fcpxml", "project.otio", "project.srt"}) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        Path melted = dir.resolve("melt.mp4");
        Process p = new ProcessBuilder("melt", out.resolve("project.mlt").toString(), "-consumer", "avformat:" + melted)
                .redirectErrorStream(true).redirectOutput(dir.resolve("melt.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("melt.log"))).isZero();
        assertThat(Math.abs(frames(melted) - frames(out.resolve("video.mp4")))).isLessThanOrEqualTo(1);

        cli.clear();
        assertThat(cli.run("video", "--input", novel.toString(), "--out", out.toString(), "--aspect", "180x320",
                "--fps", "10", "--max-shots", "2", "--voice-backend", "none", "--export", "mlt")).isZero();
        assertThat(cli.out()).as("a second run reuses the rendered shots").containsPattern("0 shots rendered from stills, [1-9] reused");
    }

    @Test
    void an_unknown_editor_format_is_one_line_naming_the_flag() throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "雨下了一夜。", StandardCharsets.UTF_8);

        assertThat(cli.run("video", "--input", novel.toString(), "--out", dir.toString(), "--export", "mlt,premiere"))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit video: --export: unknown editor format 'premiere' "
                + "(expected mlt, fcpxml or otio)");
        assertThat(dir.resolve("video.mp4")).doesNotExist();
    }

    @Test
    void assemble_exports_and_renders_back_an_mlt_where_a_voice_line_was_moved() throws Exception {
        Path json = timelineJson();
        Path mp4 = dir.resolve("cut/video.mp4");
        assertThat(cli.run("assemble", "--timeline", json.toString(), "--out", mp4.toString(), "--export", "mlt"))
                .as(cli.err()).isZero();
        Path mlt = dir.resolve("cut/project.mlt");
        assertThat(cli.out()).contains("project: " + mlt);
        // the user moves the voice line 5 frames (0.2 s at 25 fps) later: its blank grows
        String text = Files.readString(mlt, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(<playlist id=\"voices\">(?:\\s*<property[^>]*>[^<]*</property>)*\\s*<blank length=\")(\\d+)\"")
                .matcher(text);
        assertThat(m.find()).isTrue();
        Files.writeString(mlt, m.replaceFirst(m.group(1) + (Integer.parseInt(m.group(2)) + 5) + "\""), StandardCharsets.UTF_8);
        cli.clear();

        int code = cli.run("assemble", "--from-mlt", mlt.toString(), "--out", dir.resolve("again.mp4").toString());

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("voice line '你来了。' moved to 0.52 s");
        assertThat(Files.readString(dir.resolve("again.srt"))).contains("00:00:00,520 --> ");
    }

    @Test
    void assemble_from_mlt_lists_what_it_cannot_take_over_and_renders_only_when_asked() throws Exception {
        Path json = timelineJson();
        assertThat(cli.run("assemble", "--timeline", json.toString(), "--out", dir.resolve("cut/video.mp4").toString(),
                "--export", "mlt")).isZero();
        Path mlt = dir.resolve("cut/project.mlt");
        String text = Files.readString(mlt, StandardCharsets.UTF_8);
        Files.writeString(mlt, text.replaceFirst("(<producer id=\"shot1\"[^>]*>)",
                "$1<filter><property name=\"mlt_service\">sepia</property></filter>"), StandardCharsets.UTF_8);
        cli.clear();

        assertThat(cli.run("assemble", "--from-mlt", mlt.toString(), "--out", dir.resolve("no.mp4").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("1 edit cannot be taken over", "nothing rendered", "- filter 'sepia' on shot 1");
        assertThat(dir.resolve("no.mp4")).doesNotExist();

        cli.clear();
        assertThat(cli.run("assemble", "--from-mlt", mlt.toString(), "--out", dir.resolve("yes.mp4").toString(),
                "--skip-unsupported")).as(cli.err()).isZero();
        assertThat(cli.err()).contains("rendering without them", "- filter 'sepia' on shot 1");
        assertThat(dir.resolve("yes.mp4")).isNotEmptyFile();
    }

    private Path timelineJson() throws Exception {
        ShotAndAssembleCommandTest.png(dir, "a.png", 300, 500);
        ShotAndAssembleCommandTest.png(dir, "b.png", 500, 300);
        ShotAndAssembleCommandTest.wav(dir, "v.wav", 0.8);
        return Files.writeString(dir.resolve("timeline.json"), """
                {"format": {"width": 160, "height": 288, "fps": 25},
                 "shots": [{"image": "a.png", "seconds": 1.0},
                           {"image": "b.png", "seconds": 1.2, "kenBurns": "zoom-out", "transition": {"type": "crossfade", "seconds": 0.25}}],
                 "voices": [{"file": "v.wav", "start": 0.32, "text": "你来了。"}],
                 "subtitles": {"fromVoices": true}}
                """);
    }

    private long frames(Path mp4) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mp4.toString()).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Long.parseLong(text);
    }
}
