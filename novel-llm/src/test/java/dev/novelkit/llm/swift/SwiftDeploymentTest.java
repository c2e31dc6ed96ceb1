package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts the fake swift's OpenAI-compatible server and talks to it over HTTP. */
class SwiftDeploymentTest {
    @TempDir
    Path dir;
    Path bin;
    Path ckpt;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws IOException {
        bin = FakeSwift.install(dir);
        ckpt = Files.createDirectories(dir.resolve("output/v0-20250422-101811/checkpoint-94"));
        Files.writeString(ckpt.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8}");
    }

    private HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writes_the_dialect_correct_command() {
        SwiftDeployment.Builder b = SwiftDeployment.builder().checkpoint(ckpt).port(8001);

        assertThat(b.toCommand().toShellString()).isEqualTo("CUDA_VISIBLE_DEVICES=0 swift deploy --ckpt_dir " + ckpt
                + " --host 127.0.0.1 --port 8001 --served_model_name novelkit");
        assertThat(b.dialect(SwiftDialect.V3).inferBackend("vllm").toCommand().args()).containsExactly("deploy",
                "--adapters", ckpt.toString(), "--host", "127.0.0.1", "--port", "8001", "--served_model_name", "novelkit",
                "--infer_backend", "vllm");
        assertThat(SwiftDeployment.builder().checkpoint(dir).dialect(SwiftDialect.V3).toCommand().args())
                .containsSequence("--model", dir.toString()); // a merged folder has no adapter_config.json
    }

    @Test
    void serves_on_a_free_port_until_closed() throws Exception {
        List<Progress> progress = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        SwiftDeployment server = SwiftDeployment.builder().checkpoint(ckpt).executable(bin.resolve("swift"))
                .environment("FAKE_SWIFT_DEPLOY_DELAY", "0.6").stopGrace(Duration.ofSeconds(2)).output(lines::add)
                .start(new ProgressListener() {
                    @Override
                    public void onProgress(Progress p) {
                        progress.add(p);
                    }
                });
        try {
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
            assertThat(server.servedModelName()).isEqualTo("novelkit");
            assertThat(progress).isNotEmpty().allMatch(p -> p.task().equals("deploy"));
            assertThat(get(server.baseUrl() + "/models", null).body()).contains("\"id\": \"novelkit\"");
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"novelkit\", \"messages\": "
                            + "[{\"role\": \"user\", \"content\": \"写一个故事\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.body()).contains("（假故事）写一个故事");
            assertThat(lines).anyMatch(l -> l.contains("Uvicorn running on http://127.0.0.1:" + server.port()));
            assertThat(server.isAlive()).isTrue();
        } finally {
            server.close();
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(server.onExit().get()).isNotNull();
        assertThatThrownBy(() -> get(server.baseUrl() + "/models", null)).isInstanceOf(ConnectException.class);
    }

    @Test
    void the_chat_model_talks_to_the_served_checkpoint_and_streams() {
        try (SwiftDeployment server = SwiftDeployment.builder().checkpoint(ckpt).executable(bin.resolve("swift"))
                .apiKey("sk-local-98765").start(ProgressListener.NONE)) {
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
    void an_api_key_is_required_from_clients_and_used_for_the_readiness_check() throws Exception {
        try (SwiftDeployment server = SwiftDeployment.builder().checkpoint(ckpt).executable(bin.resolve("swift"))
                .dialect(SwiftDialect.V3).apiKey("sk-test-123456").start(ProgressListener.NONE)) {
            assertThat(get(server.baseUrl() + "/models", null).statusCode()).isEqualTo(401);
            assertThat(get(server.baseUrl() + "/models", "sk-test-123456").statusCode()).isEqualTo(200);
            assertThat(server.toString()).doesNotContain("sk-test-123456");
            assertThat(server.command().toString()).doesNotContain("sk-test-123456");
        }
    }

    @Test
    void a_crash_during_startup_reports_the_cause_and_output() {
        SwiftDeployment.Builder b = SwiftDeployment.builder().checkpoint(ckpt).executable(bin.resolve("swift"))
                .environment("FAKE_SWIFT_FAIL", "deploy");

        assertThatThrownBy(() -> b.start(ProgressListener.NONE)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.getMessage()).startsWith("swift: deploy exited with code 1 before answering /v1/models: "
                    + "CUDA out of memory (torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.00 GiB.");
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.outputTail()).anyMatch(l -> l.startsWith("Traceback"));
        });
    }

    @Test
    void a_server_that_never_answers_is_stopped_after_the_startup_timeout() {
        List<String> lines = new CopyOnWriteArrayList<>();
        SwiftDeployment.Builder b = SwiftDeployment.builder().checkpoint(ckpt).executable(bin.resolve("swift"))
                .environment("FAKE_SWIFT_DEPLOY_DELAY", "60").startupTimeout(Duration.ofMillis(800))
                .stopGrace(Duration.ofMillis(500)).output(lines::add);

        assertThatThrownBy(() -> b.start(ProgressListener.NONE)).isInstanceOf(BackendException.class)
                .hasMessageContaining("did not answer").hasMessageContaining("within 0.8 s; stopped it")
                .matches(e -> ((BackendException) e).isRetriable());
        long pid = ProcessHandle.current().descendants().filter(h -> h.info().commandLine().orElse("").contains(dir.toString()))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        assertThat(pid).isEqualTo(-1);
    }

    @Test
    void vllm_serve_loads_the_lora_checkpoint_on_the_base_model() throws Exception {
        SwiftDeployment.Builder b = SwiftDeployment.builder().server(SwiftDeployment.Server.VLLM_SERVE)
                .checkpoint(ckpt).executable(bin.resolve("vllm"));
        assertThatThrownBy(b::toCommand).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("baseModel: ");

        try (SwiftDeployment server = b.baseModel("Qwen/Qwen2-7B-Instruct").start(ProgressListener.NONE)) {
            assertThat(server.command().args()).containsExactly("serve", "Qwen/Qwen2-7B-Instruct", "--enable-lora",
                    "--lora-modules", "novelkit=" + ckpt, "--host", "127.0.0.1", "--port", Integer.toString(server.port()));
            assertThat(get(server.baseUrl() + "/models", null).body()).contains("novelkit").contains("Qwen/Qwen2-7B-Instruct");
        }
    }

    @Test
    void a_missing_checkpoint_fails_before_starting() {
        assertThatThrownBy(() -> SwiftDeployment.builder().checkpoint(dir.resolve("nope")).executable(bin.resolve("swift"))
                .start(ProgressListener.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("nope: checkpoint folder does not exist");
    }
}
