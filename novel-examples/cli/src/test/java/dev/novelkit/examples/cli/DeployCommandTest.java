package dev.novelkit.examples.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DeployCommandTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    private int run(String... args) {
        return cli.run(args);
    }

    /** Waits for "serving NAME at URL" and returns the URL, or null when the command ended first. */
    private String servingUrl(CompletableFuture<Integer> code) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Matcher m = Pattern.compile("serving novelkit at (http://127\\.0\\.0\\.1:\\d+/v1)").matcher("");
        while (!m.reset(cli.out()).find() && System.nanoTime() < deadline && !code.isDone()) {
            Thread.sleep(50);
        }
        return m.find(0) ? m.group(1) : null;
    }

    private static void killFakeSwift(Path swift) {
        ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains(swift.getParent().getParent().toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void dry_run_prints_the_swift_deploy_command_of_each_major_and_refuses_a_missing_checkpoint() {
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, FakeSwiftCli.install(dir, FakeSwiftCli.V4));
        cli.clear();

        assertThat(run("deploy", "--checkpoint", ckpt.toString(), "--port", "8000", "--dialect", "v2", "--dry-run")).isZero();
        assertThat(run("deploy", "--checkpoint", ckpt.toString(), "--dialect", "v4", "--port", "8001", "--dry-run")).isZero();
        assertThat(cli.out()).isEqualTo("# for ms-swift 2.x (dialect v2 set: the flags of 2.6.1)\n"
                + "CUDA_VISIBLE_DEVICES=0 \\\nswift deploy \\\n    --ckpt_dir " + ckpt
                + " \\\n    --host 127.0.0.1 \\\n    --port 8000 \\\n    --served_model_name novelkit\n"
                + "# for ms-swift 4.x (dialect v4 set: the flags of 4.5.2)\n"
                + "CUDA_VISIBLE_DEVICES=0 \\\nswift deploy \\\n    --adapters " + ckpt
                + " \\\n    --host 127.0.0.1 \\\n    --port 8001 \\\n    --served_model_name novelkit\n");

        assertThat(run("deploy", "--checkpoint", dir.resolve("gone").toString(), "--dry-run")).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit deploy: " + dir.resolve("gone") + ": checkpoint folder does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwiftCli.V2, FakeSwiftCli.V3, FakeSwiftCli.V4})
    void with_the_asked_port_taken_it_prints_the_url_that_answers_and_reports_a_server_that_dies(String version)
            throws Exception {
        Path swift = FakeSwiftCli.install(dir, version);
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, swift);
        cli.clear();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            byte[] body = "{\"data\": [{\"id\": \"novelkit\", \"owned_by\": \"an older deployment\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        other.start();
        int taken = other.getAddress().getPort();
        try (StderrCapture err = StderrCapture.start()) {
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> run("deploy", "--checkpoint",
                    ckpt.toString(), "--swift", swift.toString(), "--port", Integer.toString(taken), "--quiet"));
            String url = servingUrl(code);
            assertThat(url).as(cli.err()).isNotNull().isNotEqualTo("http://127.0.0.1:" + taken + "/v1");

            HttpResponse<String> models = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.body()).contains("\"id\": \"novelkit\"", "\"owned_by\": \"swift\"");
            assertThat(err.text()).contains("(" + taken + " was taken)");
            killFakeSwift(swift);

            assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(cli.err()).contains("novelkit deploy: swift: deploy stopped on its own with exit code ");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void a_server_that_fails_to_start_is_one_line_and_exit_code_3() throws IOException {
        Path swift = FakeSwiftCli.install(dir, FakeSwiftCli.V3);
        Path ckpt = FakeSwiftCli.trainedCheckpoint(dir, swift);
        cli.clear();

        int code = run("deploy", "--checkpoint", ckpt.toString(), "--swift", swift.toString(),
                "--env", "FAKE_SWIFT_FAIL=deploy", "--quiet");

        assertThat(code).isEqualTo(3);
        assertThat(cli.err()).contains("novelkit deploy: swift: deploy exited with code 1 before answering "
                + "/v1/models: CUDA out of memory");
    }
}
