package dev.novelkit.examples.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code novelkit infer} and {@code novelkit app} pass the user's terminal through to swift, so they run here in a
 * JVM of their own whose standard input, output and error the test holds (the test JVM's own streams belong to the
 * test runner).
 */
class InferAndAppCommandTest {
    @TempDir
    Path dir;

    /** {@code novelkit args...} in a new JVM with this test's class path. */
    private static Process novelkit(Path workDir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NovelKitCli.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwiftCli.V2, FakeSwiftCli.V3, FakeSwiftCli.V4})
    void infer_chats_with_the_checkpoint_on_the_users_terminal(String version) throws Exception {
        Path swift = FakeSwiftCli.install(dir, version);
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, swift);
        Path record = dir.resolve("record.jsonl");

        Process p = novelkit(dir, List.of("infer", "--checkpoint", ckpt.toString(), "--swift", swift.toString(),
                "--env", "FAKE_SWIFT_RECORD=" + record));
        try (OutputStream in = p.getOutputStream()) {
            in.write("雨夜\nexit\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = readAll(p.getInputStream());

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("<<< （假故事）雨夜");
        assertThat(Files.readString(record)).contains("\"command\": \"infer\"")
                .contains("\"argv\": [\"" + (version.startsWith("2.") ? "--ckpt_dir" : "--adapters") + "\", \"" + ckpt + "\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwiftCli.V2, FakeSwiftCli.V3, FakeSwiftCli.V4})
    void app_opens_the_web_ui_of_the_installed_swift_until_stopped(String version) throws Exception {
        Path swift = FakeSwiftCli.install(dir, version);
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, swift);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        Process p = novelkit(dir, List.of("app", "--checkpoint", ckpt.toString(), "--swift", swift.toString(),
                "--port", Integer.toString(port)));
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                InputStream in = p.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (out) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        String url = "http://127.0.0.1:" + port + "/";
        HttpResponse<String> page = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (page == null && System.nanoTime() < deadline && p.isAlive()) {
            try {
                page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        List<ProcessHandle> tree = p.descendants().toList();

        p.destroy(); // SIGTERM, as Ctrl-C or a kill would: the CLI stops swift's whole process tree on its way out
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);

        assertThat(page).as(out.toString()).isNotNull();
        assertThat(page.body()).contains("swift " + (version.startsWith("2.") ? "app-ui" : "app") + ": " + ckpt);
        synchronized (out) {
            assertThat(out.toString()).contains("Running on local URL:  http://127.0.0.1:" + port);
        }
        assertThat(tree).isNotEmpty();
        for (ProcessHandle h : tree) {
            assertThat(h.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }
}
