package dev.novelkit.llm.swift;

import com.sun.net.httpserver.HttpServer;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts the fake swift's OpenAI-compatible server (2.6.1, 3.12.6, 4.5.2 installs) and talks to it over HTTP. */
class SwiftDeploymentTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SwiftDeployment deployment(String version) {
        Path swift = FakeSwift.install(dir, version);
        return SwiftDeployment.of(FakeSwift.checkpoint(dir, Integer.parseInt(version.substring(0, 1))))
                .process(FakeSwift.process(swift, dir).stopGrace(Duration.ofSeconds(2)));
    }

    /** Another server already on a port of 127.0.0.1, answering /v1/models as an earlier deployment would. */
    private static HttpServer squatter() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] body = "{\"object\": \"list\", \"data\": [{\"id\": \"other-model\", \"object\": \"model\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void writes_the_command_of_each_major() throws IOException {
        Path ckpt = FakeSwift.checkpoint(dir, 3);
        SwiftDeployment d = SwiftDeployment.of(ckpt).port(8001);

        assertThat(d.process(SwiftProcess.defaults().dialect(SwiftDialect.V2)).toCommand().toShellString())
                .isEqualTo("CUDA_VISIBLE_DEVICES=0 swift deploy --ckpt_dir " + ckpt
                        + " --host 127.0.0.1 --port 8001 --served_model_name novelkit");
        assertThat(d.inferBackend("pt").process(SwiftProcess.defaults().dialect(SwiftDialect.V3)).toCommand().args())
                .containsExactly("deploy", "--adapters", ckpt.toString(), "--host", "127.0.0.1", "--port", "8001",
                        "--served_model_name", "novelkit", "--infer_backend", "pt");
        assertThat(d.inferBackend("pt").process(SwiftProcess.defaults().dialect(SwiftDialect.V4)).toCommand().args())
                .endsWith("--infer_backend", "transformers");
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Files.writeString(merged.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        assertThat(SwiftDeployment.of(merged).process(SwiftProcess.defaults().dialect(SwiftDialect.V4)).toCommand().args())
                .containsSequence("--model", merged.toString()); // a merged folder: config.json, no adapter_config.json
        SwiftProcess old = SwiftProcess.defaults().swiftVersion(SwiftVersion.parse("2.4.2"));
        assertThat(d.process(old).toCommand().args()).doesNotContain("--served_model_name");
        assertThatThrownBy(() -> d.apiKey("sk-secret-123456789").process(SwiftProcess.defaults()
                .swiftVersion(SwiftVersion.parse("2.2.5"))).toCommand()).isInstanceOf(InvalidSettingException.class)
                .hasMessage("apiKey: needs swift 2.3 or later, found 2.2.5, was \"(set)\"");
        assertThatThrownBy(() -> d.inferBackend("sglang").process(SwiftProcess.defaults().dialect(SwiftDialect.V2))
                .toCommand()).hasMessage("inferBackend: is not a backend of swift 2.x, was \"sglang\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void serves_on_a_free_port_until_the_job_is_closed(String version) throws Exception {
        SwiftTrainerRunTest.Recorder rec = new SwiftTrainerRunTest.Recorder();
        SwiftDeployment d = deployment(version);
        d = d.process(d.process().environment("FAKE_SWIFT_DEPLOY_DELAY", "0.6"));
        DeployedModel server;
        try (Job<DeployedModel> job = d.start(rec)) {
            server = job.await();
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
            assertThat(server.servedModelName()).isEqualTo("novelkit");
            assertThat(rec.progress).isNotEmpty().allMatch(p -> p.task().equals("deploy"));
            assertThat(get(server.baseUrl() + "/models", null).body()).contains("\"id\": \"novelkit\"");
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"novelkit\", \"messages\": "
                            + "[{\"role\": \"user\", \"content\": \"写一个故事\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.body()).contains("（假故事）写一个故事");
            assertThat(rec.output).anyMatch(l -> l.contains("Uvicorn running on http://127.0.0.1:" + server.port()));
            assertThat(server.isAlive()).isTrue();
            assertThat(server.command().args()).contains(version.startsWith("2.") ? "--ckpt_dir" : "--adapters");
        }
        assertThat(server.onExit().get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(server.isAlive()).isFalse();
        assertThatThrownBy(() -> get(server.baseUrl() + "/models", null)).isInstanceOf(ConnectException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeSwift.V2, FakeSwift.V3, FakeSwift.V4})
    void with_the_asked_port_taken_it_returns_the_url_that_answers(String version) throws Exception {
        HttpServer other = squatter();
        int taken = other.getAddress().getPort();
        SwiftTrainerRunTest.Recorder rec = new SwiftTrainerRunTest.Recorder();
        try (Job<DeployedModel> job = deployment(version).port(taken).start(rec)) {
            DeployedModel server = job.await();

            assertThat(server.port()).isNotEqualTo(taken);
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
            HttpResponse<String> models = get(server.baseUrl() + "/models", null);
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"id\": \"novelkit\"", "\"owned_by\": \"swift\"");
            assertThat(rec.messages).contains("swift deploy listens on port " + server.port() + " (" + taken + " was taken)");
            if (version.startsWith("2.")) {
                assertThat(server.command().args()).containsSequence("--port", Integer.toString(server.port()));
            } else {
                assertThat(server.command().args()).containsSequence("--port", Integer.toString(taken));
                assertThat(rec.output).anyMatch(l -> l.contains("Uvicorn running on http://127.0.0.1:" + server.port()));
            }
        } finally {
            other.stop(0);
        }
    }

    @Test
    void the_chat_model_talks_to_the_served_checkpoint_and_streams() {
        try (Job<DeployedModel> job = deployment(FakeSwift.V4).apiKey("sk-local-98765").start(ProgressListener.NONE)) {
            DeployedModel server = job.await();
            ChatModel model = server.chatModel();

            ChatResponse answer = model.chat("写一个故事的开头", GenerationOptions.seedDefaults());
            StringBuilder streamed = new StringBuilder();
            ChatResponse last = model.stream(List.of(ChatMessage.user("雨夜")), GenerationOptions.seedDefaults(), streamed::append);

            assertThat(answer.text()).isEqualTo("（假故事）写一个故事的开头");
            assertThat(answer.model()).isEqualTo("novelkit");
            assertThat(streamed).hasToString("（假故事）雨夜");
            assertThat(last.text()).isEqualTo("（假故事）雨夜");
            assertThat(server.chatModel()).isSameAs(model);
        }
    }

    @Test
    void an_api_key_is_required_from_clients_used_for_the_readiness_check_and_masked_in_swifts_output() throws Exception {
        SwiftTrainerRunTest.Recorder rec = new SwiftTrainerRunTest.Recorder();
        String key = "sk-test-1234567890abcdef";
        try (Job<DeployedModel> job = deployment(FakeSwift.V3).apiKey(key).start(rec)) {
            DeployedModel server = job.await();

            assertThat(get(server.baseUrl() + "/models", null).statusCode()).isEqualTo(401);
            assertThat(get(server.baseUrl() + "/models", key).statusCode()).isEqualTo(200);
            assertThat(server.toString()).doesNotContain(key);
            assertThat(server.command().toString()).doesNotContain(key);
            assertThat(rec.output).anyMatch(l -> l.contains("api_key='****cdef'")).noneMatch(l -> l.contains(key));
            assertThat(server.outputTail()).noneMatch(l -> l.contains(key));
        }
    }

    @Test
    void a_crash_during_startup_reports_the_cause_and_output() {
        SwiftDeployment d = deployment(FakeSwift.V4);
        SwiftDeployment failing = d.process(d.process().environment("FAKE_SWIFT_FAIL", "deploy"));

        assertThatThrownBy(() -> failing.start(ProgressListener.NONE).await()).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.getMessage()).startsWith("swift: deploy exited with code 1 before answering /v1/models: "
                    + "CUDA out of memory (torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.00 GiB.");
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.outputTail()).anyMatch(l -> l.startsWith("Traceback"));
        });
    }

    @Test
    void a_server_that_never_answers_is_stopped_after_the_startup_timeout() {
        SwiftDeployment d = deployment(FakeSwift.V3).startupTimeout(Duration.ofMillis(800));
        SwiftDeployment slow = d.process(d.process().environment("FAKE_SWIFT_DEPLOY_DELAY", "60")
                .stopGrace(Duration.ofMillis(500)));

        assertThatThrownBy(() -> slow.start(ProgressListener.NONE).await()).isInstanceOf(BackendException.class)
                .hasMessageContaining("did not answer").hasMessageContaining("within 0.8 s; stopped it")
                .matches(e -> ((BackendException) e).isRetriable());
        assertThat(ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains(dir.toString()))).isEmpty();
    }

    @Test
    void cancelling_while_the_model_loads_stops_the_server() throws Exception {
        SwiftDeployment d = deployment(FakeSwift.V4);
        SwiftTrainerRunTest.Recorder rec = new SwiftTrainerRunTest.Recorder();
        Job<DeployedModel> job = d.process(d.process().environment("FAKE_SWIFT_DEPLOY_DELAY", "60")).start(rec);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rec.progress.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        job.close();

        assertThat(job.result()).isCompletedExceptionally();
        assertThat(ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains(dir.toString()))).isEmpty();
    }

    @Test
    void vllm_serve_loads_the_lora_checkpoint_on_the_base_model() throws Exception {
        Path vllm = FakeSwift.install(dir, FakeSwift.V4).resolveSibling("vllm");
        Path ckpt = FakeSwift.checkpoint(dir, 4);
        SwiftDeployment d = SwiftDeployment.of(ckpt).server(SwiftDeployment.Server.VLLM_SERVE)
                .process(SwiftProcess.defaults().executable(vllm).workingDir(dir));
        assertThatThrownBy(d::toCommand).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("baseModel: ");

        try (Job<DeployedModel> job = d.baseModel("Qwen/Qwen2-7B-Instruct").start(ProgressListener.NONE)) {
            DeployedModel server = job.await();
            assertThat(server.command().args()).containsExactly("serve", "Qwen/Qwen2-7B-Instruct", "--enable-lora",
                    "--lora-modules", "novelkit=" + ckpt, "--host", "127.0.0.1", "--port", Integer.toString(server.port()));
            assertThat(get(server.baseUrl() + "/models", null).body()).contains("novelkit").contains("Qwen/Qwen2-7B-Instruct");
        }
    }

    @Test
    void a_missing_checkpoint_fails_before_starting() {
        SwiftDeployment d = SwiftDeployment.of(dir.resolve("nope")).process(SwiftProcess.defaults().workingDir(dir));

        assertThatThrownBy(() -> d.start(ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("nope") + ": checkpoint folder does not exist");
    }
}
