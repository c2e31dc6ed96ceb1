package dev.novelkit.examples.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of remote call (chat, model discovery, images, voices, shots) against a server that accepts the
 * connection and never answers: the command says what it is waiting for while it waits, says each retry, and gives
 * up naming the server and the deadline; then the process has ended. Counts and order are asserted, not seconds
 * (the bound on each run only stops a hung test).
 */
class SilentServerTest {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final String DEADLINE = "7s";

    @TempDir
    Path dir;
    private ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        base = "http://127.0.0.1:" + server.getLocalPort();
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-server");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }

    /** Runs the command; checks it waited visibly on {@code request}, retried once and gave up naming both. */
    private CliProcess gaveUpOn(String service, String request, Map<String, String> env, String... args)
            throws Exception {
        CliProcess run = CliProcess.run(dir.resolve("cwd"), env, LIMIT, args);
        String err = run.err();
        assertThat(run.exitCode()).as(err).isEqualTo(3);
        assertThat(held).as("connections the server accepted").hasSizeGreaterThanOrEqualTo(2);
        List<String> lines = err.lines().toList();
        String waiting = "waiting for " + service + ": " + request + " (";
        assertThat(lines.stream().filter(l -> l.startsWith(waiting))).as(err).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines.stream().filter(l -> l.contains(request) && l.contains("retry 1 of 1"))).as(err).hasSize(1);
        String last = lines.get(lines.size() - 1);
        assertThat(last).as(err).contains("answer from " + request + " within the ", " deadline of 7 s");
        int firstWait = indexOf(lines, waiting);
        assertThat(firstWait).as("said it was waiting before giving up").isLessThan(lines.size() - 1);
        assertThat(run.isAlive()).isFalse();
        return run;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void chat_against_a_server_that_never_answers_gives_up_naming_it_and_the_deadline() throws Exception {
        gaveUpOn("openai", "POST " + base + "/v1/chat/completions", Map.of(),
                "generate", "--backend", "openai", "--llm-base-url", base + "/v1", "--llm-model", "m",
                "--brief", "渡口的故事", "--timeout", DEADLINE, "--retries", "1");
    }

    @Test
    void model_discovery_against_a_server_that_never_answers_has_the_same_deadlines() throws Exception {
        gaveUpOn("openai", "GET " + base + "/v1/models", Map.of(),
                "generate", "--backend", "openai", "--llm-base-url", base + "/v1",
                "--brief", "渡口的故事", "--timeout", DEADLINE, "--retries", "1");
    }

    @Test
    void images_against_a_server_that_never_answers_give_up_naming_it_and_the_deadline() throws Exception {
        gaveUpOn("openai-images", "POST " + base + "/v1/images/generations", Map.of(),
                "image", "--backend", "openai", "--base-url", base + "/v1", "--scene", "江南渡口",
                "--out", dir.resolve("x.png").toString(), "--timeout", DEADLINE, "--retries", "1");
    }

    @Test
    void voices_against_a_server_that_never_answers_give_up_naming_it_and_the_deadline() throws Exception {
        gaveUpOn("openai-speech", "POST " + base + "/v1/audio/speech", Map.of("OPENAI_BASE_URL", base + "/v1"),
                "voice", "--backend", "openai", "--text", "再等一等吧。", "--out", dir.resolve("x.wav").toString(),
                "--timeout", DEADLINE, "--retries", "1");
    }

    @Test
    void shots_against_a_server_that_never_answers_give_up_naming_it_and_the_deadline() throws Exception {
        Path still = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(540, 960, BufferedImage.TYPE_INT_RGB), "png", still.toFile());
        gaveUpOn("kling", "POST " + base + "/v1/videos/image2video", Map.of("KLING_BASE_URL", base,
                        "KLING_ACCESS_KEY", "ak-silent-0123456789abcdef", "KLING_SECRET_KEY", "sk-silent-0123456789abcdef"),
                "shot", "--backend", "kling", "--image", still.toString(), "--out", dir.resolve("x.mp4").toString(),
                "--timeout", DEADLINE, "--retries", "1", "--no-fallback");
    }
}
