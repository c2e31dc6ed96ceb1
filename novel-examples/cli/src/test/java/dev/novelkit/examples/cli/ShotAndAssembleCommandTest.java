package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ShotAndAssembleCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cl = NovelKitCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path png(String name, int w, int h) throws Exception {
        return png(dir, name, w, h);
    }

    private Path wav(String name, double seconds) throws Exception {
        return wav(dir, name, seconds);
    }

    /** A gradient picture with a white disc, {@code w} x {@code h}, as {@code dir/name}. */
    static Path png(Path dir, String name, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, w, h, Color.BLUE));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    /** A 440 Hz tone of {@code seconds} as a 16 kHz mono WAV {@code dir/name}. */
    static Path wav(Path dir, String name, double seconds) throws Exception {
        int rate = 16000;
        int n = (int) (seconds * rate);
        byte[] b = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000);
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        Path p = dir.resolve(name);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(b), new AudioFormat(rate, 16, 1, true, false), n),
                AudioFileFormat.Type.WAVE, p.toFile());
        return p;
    }

    @Test
    void shot_renders_a_ken_burns_clip_offline() throws Exception {
        Path img = png("s.png", 400, 600);
        Path mp4 = dir.resolve("s.mp4");
        int code = run("shot", "--image", img.toString(), "--out", mp4.toString(), "--seconds", "1", "--size", "120x200",
                "--fps", "10", "--move", "pan-left");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("by kenburns");
        assertThat(Files.size(mp4)).isGreaterThan(500);
    }

    @Test
    void shot_with_kling_but_no_keys_names_the_missing_variable() throws Exception {
        Assumptions.assumeTrue(System.getenv("KLING_ACCESS_KEY") == null);
        Path img = png("s.png", 400, 600);
        int code = run("shot", "--image", img.toString(), "--out", dir.resolve("k.mp4").toString(), "--backend", "kling");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("KLING_ACCESS_KEY");
    }

    @Test
    void shot_refuses_an_unknown_move() throws Exception {
        Path img = png("s.png", 400, 600);
        int code = run("shot", "--image", img.toString(), "--out", dir.resolve("k.mp4").toString(), "--move", "spin");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("spin");
    }

    @Test
    void assemble_builds_the_video_and_prints_the_encoder_and_timing() throws Exception {
        png("a.png", 300, 500);
        png("b.png", 500, 300);
        wav("v.wav", 0.8);
        Path json = dir.resolve("timeline.json");
        Files.writeString(json, """
                {"format": {"width": 160, "height": 288, "fps": 24},
                 "shots": [{"image": "a.png", "seconds": 1.0},
                           {"image": "b.png", "seconds": 1.0, "kenBurns": "zoom-out", "transition": {"type": "crossfade", "seconds": 0.25}}],
                 "voices": [{"file": "v.wav", "start": 0.3, "text": "你来了。"}],
                 "subtitles": {"fromVoices": true}}
                """);
        Path mp4 = dir.resolve("out.mp4");
        int code = run("assemble", "--timeline", json.toString(), "--out", mp4.toString(), "--encoder", "libx264");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("encoder libx264").contains("42 frames").contains("real time")
                .contains("subtitles: " + dir.resolve("out.srt"));
        assertThat(Files.readString(dir.resolve("out.srt"))).contains("00:00:00,300 --> 00:00:01,100").contains("你来了。");
    }

    @Test
    void assemble_reports_a_bad_timeline_field_with_exit_code_2() throws Exception {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"shots\": [{\"image\": \"a.png\", \"seconds\": \"five\"}]}");
        int code = run("assemble", "--timeline", json.toString(), "--out", dir.resolve("x.mp4").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("shots[0].seconds");
        assertThat(run("assemble", "--timeline", json.toString(), "--out", "x.mp4", "--encoder", "mpeg4")).isEqualTo(2);
    }

    @Test
    void assemble_takes_again_the_timeline_that_video_wrote_with_a_relative_out() throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。\n", java.nio.charset.StandardCharsets.UTF_8);
        Path relativeOut = Path.of("").toAbsolutePath().relativize(dir.resolve("demo")); // as `--out novelkit-demo`
        assertThat(relativeOut.isAbsolute()).isFalse();
        assertThat(run("video", "--input", novel.toString(), "--out", relativeOut.toString(), "--aspect", "180x320",
                "--fps", "10", "--max-shots", "2", "--voice-backend", "none", "--music", "none")).as(err.toString()).isZero();
        Path timeline = relativeOut.resolve("timeline.json");
        assertThat(Files.readString(timeline)).contains("\"image\" : \"work/").doesNotContain("..");

        int code = run("assemble", "--timeline", timeline.toString(), "--out", dir.resolve("again.mp4").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(dir.resolve("again.mp4")).isNotEmptyFile();
    }

    @Test
    void assemble_accepts_a_timeline_with_a_byte_order_mark() throws Exception {
        png("a.png", 200, 300);
        Path json = dir.resolve("bom.json");
        Files.write(json, ("\uFEFF{\"format\": {\"width\": 120, \"height\": 160, \"fps\": 10},"
                + " \"shots\": [{\"image\": \"a.png\", \"seconds\": 0.5}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        int code = run("assemble", "--timeline", json.toString(), "--out", dir.resolve("bom.mp4").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("5 frames");
    }

    @Test
    void assemble_help_describes_the_timeline_format() {
        assertThat(run("assemble", "--help")).isZero();
        assertThat(out.toString()).contains("Timeline JSON", "\"shots\"", "\"kenBurns\"", "\"transition\"", "\"voices\"",
                "\"music\"", "\"effects\"", "\"subtitles\"", "relative to the timeline file's folder");
    }
}
