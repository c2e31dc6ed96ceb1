package dev.novelkit.examples.cli;

import dev.novelkit.core.Secrets;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against servers that echo every request header back in their error bodies, with
 * {@code NOVELKIT_DEBUG} set so stack traces are printed: the planted keys, the bearer tokens and Kling's JWT (whole
 * and in parts) appear nowhere in what the commands print or in any file they write.
 */
class SecretsCliTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final String OPENAI_KEY = "sk-planted-cli-openai-0123456789abcdef";
    private static final String AK = "ak-planted-cli-access-0123456789abcdef";
    private static final String SK = "sk-planted-cli-secret-fedcba9876543210";
    private static final String AZURE_KEY = "planted-azure-key-0123456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("NOVELKIT_DEBUG", "1");
        env.put("OPENAI_API_KEY", OPENAI_KEY);
        env.put("OPENAI_BASE_URL", server.url("/v1").toString());
        env.put("KLING_ACCESS_KEY", AK);
        env.put("KLING_SECRET_KEY", SK);
        env.put("KLING_BASE_URL", server.url("/").toString());
        env.put("AZURE_SPEECH_KEY", AZURE_KEY);
        env.put("AZURE_SPEECH_ENDPOINT", server.url("/tts").toString());
        return env;
    }

    private void echoHeaders() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                StringBuilder h = new StringBuilder();
                for (String name : request.getHeaders().names()) {
                    request.getHeaders().values(name).forEach(v -> h.append(name).append(": ").append(v).append("; "));
                }
                String echoed = h.toString().replace("\"", "'");
                String body = request.getUrl().encodedPath().startsWith("/v1/videos")
                        ? "{\"code\":1200,\"message\":\"you sent " + echoed + "\",\"request_id\":\"r\"}"
                        : "{\"error\":{\"message\":\"you sent " + echoed + "\"}}";
                return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body(body)
                        .build();
            }
        });
    }

    @Test
    void no_key_or_token_in_any_output_or_file_of_any_remote_command() throws Exception {
        echoHeaders();
        Path still = dir.resolve("out/still.png");
        Files.createDirectories(still.getParent());
        ImageIO.write(new BufferedImage(540, 960, BufferedImage.TYPE_INT_RGB), "png", still.toFile());
        Path novel = Files.writeString(dir.resolve("out/novel.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。\n", StandardCharsets.UTF_8);
        Path cwd = dir.resolve("cwd");
        List<CliProcess> runs = new ArrayList<>();
        runs.add(CliProcess.run(cwd, env(), LIMIT, "shot", "--backend", "kling", "--image", still.toString(),
                "--out", dir.resolve("out/shot.mp4").toString(), "--retries", "0", "--no-fallback"));
        runs.add(CliProcess.run(cwd, env(), LIMIT, "image", "--backend", "openai", "--scene", "渡口",
                "--out", dir.resolve("out/x.png").toString(), "--retries", "0"));
        runs.add(CliProcess.run(cwd, env(), LIMIT, "voice", "--backend", "openai", "--text", "你好",
                "--out", dir.resolve("out/x.wav").toString(), "--retries", "0"));
        runs.add(CliProcess.run(cwd, env(), LIMIT, "voice", "--backend", "azure", "--text", "你好",
                "--out", dir.resolve("out/y.wav").toString(), "--retries", "0"));
        runs.add(CliProcess.run(cwd, env(), LIMIT, "generate", "--backend", "openai", "--llm-model", "m",
                "--brief", "渡口", "--retries", "0"));
        // the video job: Kling refuses every shot, so each falls back to Ken Burns and the report says why
        runs.add(CliProcess.run(cwd, env(), LIMIT, "video", "--input", novel.toString(), "--out",
                dir.resolve("out/video").toString(), "--shot-backend", "kling", "--voice-backend", "none",
                "--music", "none", "--aspect", "360x640", "--fps", "8", "--max-shots", "2"));

        assertThat(runs.subList(0, 5)).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isEqualTo(3));
        CliProcess video = runs.get(5);
        assertThat(video.exitCode()).as(video.err()).isZero();
        assertThat(video.out()).contains("fell back to Ken Burns", "code 1200", "****");

        List<String> secrets = secrets();
        List<String> texts = new ArrayList<>();
        for (CliProcess r : runs) {
            texts.add(r.out());
            texts.add(r.err());
        }
        try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(String.join("\n", texts)).contains("you sent", "Authorization: ****");
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    /** The planted keys and every credential header the server received, whole and in parts. */
    private List<String> secrets() throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(OPENAI_KEY, AK, SK, AZURE_KEY));
        int n = server.getRequestCount();
        boolean sawJwt = false;
        for (int i = 0; i < n; i++) {
            RecordedRequest r = server.takeRequest();
            for (String name : r.getHeaders().names()) {
                if (Secrets.isCredentialHeader(name)) {
                    for (String value : r.getHeaders().values(name)) {
                        all.add(value);
                        for (String word : value.split(" ")) {
                            String[] parts = word.split("\\.");
                            sawJwt |= parts.length == 3;
                            for (String p : parts) {
                                if (p.length() >= 8 && !p.startsWith("eyJhbGci")) {
                                    all.add(p);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(sawJwt).as("Kling's JWT was sent").isTrue();
        return all;
    }
}
