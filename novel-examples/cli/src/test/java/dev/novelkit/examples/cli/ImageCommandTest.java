package dev.novelkit.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCommandTest {
    @TempDir
    Path dir;
    @StartStop
    final MockWebServer server = new MockWebServer();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        var cl = NovelKitCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void renders_an_offline_story_card_of_the_requested_size() throws Exception {
        Path png = dir.resolve("cards/s1.png");

        int code = run("image", "--scene", "细雨中的渡口", "--place", "江南渡口", "--time", "夜", "--caption",
                "灵儿，等我回来。", "--character", "李逍遥:剑眉星目", "--character", "赵灵儿:长发少女",
                "--size", "540x960", "--out", png.toString());

        assertThat(code).as(err.toString()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(540);
        assertThat(image.getHeight()).isEqualTo(960);
        assertThat(out.toString()).startsWith("wrote " + png).contains("540x960, card");
    }

    @Test
    void sends_the_scene_to_a_stable_diffusion_webui() throws Exception {
        server.enqueue(sdWebUiPicture());
        Path png = dir.resolve("sd.png");

        int code = run("image", "--scene", "月下竹林", "--backend", "sdwebui", "--base-url",
                server.url("/").toString(), "--size", "512x768", "--seed", "7", "--out", png.toString());

        assertThat(code).as(err.toString()).isZero();
        var body = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(body.path("prompt").asText()).contains("月下竹林");
        assertThat(body.path("width").asInt()).isEqualTo(512);
        assertThat(body.path("seed").asLong()).isEqualTo(7);
        assertThat(out.toString()).contains("sdwebui").contains("seed=7");
    }

    @Test
    void a_failing_backend_exits_with_3() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        }

        int code = run("image", "--scene", "x", "--backend", "sdwebui", "--base-url", server.url("/").toString(),
                "--out", dir.resolve("never.png").toString());

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("sdwebui").contains("503");
        assertThat(dir.resolve("never.png")).doesNotExist();
    }

    @Test
    void an_empty_scene_is_blamed_on_its_flag() {
        assertThat(run("image", "--scene", " ", "--out", dir.resolve("e.png").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("image: --scene: nothing to draw");
    }

    @Test
    void bad_size_and_unknown_backend_are_bad_input() {
        assertThat(run("image", "--scene", "x", "--size", "big", "--out", dir.resolve("a.png").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("size");
        assertThat(run("image", "--scene", "x", "--backend", "midjourney", "--out", dir.resolve("b.png").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown image backend");
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
    void openai_without_a_key_names_the_variable() {
        assertThat(run("image", "--scene", "x", "--backend", "openai", "--out", dir.resolve("o.png").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("OPENAI_API_KEY");
    }

    @Test
    void the_backend_and_its_server_come_from_the_properties_file_like_the_video_command() throws Exception {
        server.enqueue(sdWebUiPicture());
        Path config = java.nio.file.Files.writeString(dir.resolve("novelkit.properties"),
                "image.backend=sdwebui\nsd.webui.url=" + server.url("/") + "\n");

        int code = run("image", "--scene", "月下竹林", "--config", config.toString(), "--size", "512x768",
                "--out", dir.resolve("sd.png").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(server.takeRequest().getTarget()).isEqualTo("/sdapi/v1/txt2img");
        assertThat(out.toString()).contains("sdwebui");
    }

    @Test
    void a_missing_config_file_or_a_bad_backend_in_it_is_named() throws Exception {
        Path missing = dir.resolve("nope.properties");
        assertThat(run("image", "--scene", "x", "--config", missing.toString(), "--out",
                dir.resolve("a.png").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("novelkit image: " + missing + ": no such properties file");

        Path config = java.nio.file.Files.writeString(dir.resolve("bad.properties"), "image.backend=midjourney\n");
        err.getBuffer().setLength(0);
        assertThat(run("image", "--scene", "x", "--config", config.toString(), "--out",
                dir.resolve("a.png").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("novelkit image: bad.properties (image.backend): unknown image backend");
        assertThat(dir.resolve("a.png")).doesNotExist();
    }

    /** An SD WebUI txt2img answer with one 64x64 PNG, seed 7. */
    private static MockResponse sdWebUiPicture() throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"images\":[\"" + Base64.getEncoder().encodeToString(bytes.toByteArray())
                        + "\"],\"parameters\":{},\"info\":\"{\\\"seed\\\": 7}\"}").build();
    }
}
