package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DeployCommandTest {
    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private static Path checkpoint(Path dir) throws IOException {
        Path ckpt = Files.createDirectories(dir.resolve("output/qwen2-7b-instruct/v0-20240729-012301/checkpoint-93"));
        Files.writeString(ckpt.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        return ckpt;
    }

    @Test
    void dry_run_prints_the_swift_deploy_command(@TempDir Path dir) throws IOException {
        Path ckpt = checkpoint(dir);

        assertThat(run("deploy", "--checkpoint", ckpt.toString(), "--port", "8000", "--dry-run")).isZero();
        assertThat(run("deploy", "--checkpoint", ckpt.toString(), "--dialect", "v3", "--port", "8001", "--dry-run")).isZero();

        assertThat(cli.out()).isEqualTo("CUDA_VISIBLE_DEVICES=0 \\\nswift deploy \\\n    --ckpt_dir " + ckpt
                + " \\\n    --host 127.0.0.1 \\\n    --port 8000 \\\n    --served_model_name novelkit\n"
                + "CUDA_VISIBLE_DEVICES=0 \\\nswift deploy \\\n    --adapters " + ckpt
                + " \\\n    --host 127.0.0.1 \\\n    --port 8001 \\\n    --served_model_name novelkit\n");
    }

    @Test
    void serves_in_the_foreground_and_reports_a_server_that_dies(@TempDir Path dir) throws Exception {
        Path ckpt = checkpoint(dir);
        Path swift = FakeSwiftCli.install(dir);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() ->
                run("deploy", "--checkpoint", ckpt.toString(), "--swift", swift.toString(), "--quiet"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Matcher m = Pattern.compile("serving novelkit at (http://127\\.0\\.0\\.1:\\d+/v1)").matcher("");
        while (!m.reset(cli.out()).find() && System.nanoTime() < deadline && !code.isDone()) {
            Thread.sleep(50);
        }
        assertThat(m.find(0)).as(cli.err()).isTrue();

        HttpResponse<String> models = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "/models")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.body()).contains("\"novelkit\"");
        ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains(swift.toString()))
                .forEach(ProcessHandle::destroyForcibly);

        assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(cli.err()).contains("novelkit deploy: swift: deploy stopped on its own with exit code 137");
    }

    @Test
    void a_server_that_fails_to_start_is_one_line_and_exit_code_3(@TempDir Path dir) throws IOException {
        Path ckpt = checkpoint(dir);

        int code = run("deploy", "--checkpoint", ckpt.toString(), "--swift", FakeSwiftCli.install(dir).toString(),
                "--env", "FAKE_SWIFT_FAIL=deploy", "--quiet");

        assertThat(code).isEqualTo(3);
        assertThat(cli.err()).startsWith("novelkit deploy: swift: deploy exited with code 1 before answering "
                + "/v1/models: CUDA out of memory");
    }
}
