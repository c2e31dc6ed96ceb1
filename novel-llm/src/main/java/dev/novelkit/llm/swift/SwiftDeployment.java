package dev.novelkit.llm.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.llm.swift.internal.ChildProcess;
import dev.novelkit.llm.swift.internal.Failures;
import dev.novelkit.llm.swift.internal.Gpus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A checkpoint served as an OpenAI-compatible API by a managed child process: {@code swift deploy} (2.x
 * {@code --ckpt_dir}, 3.x {@code --adapters} or {@code --model}) or {@code vllm serve}, on a free port of
 * 127.0.0.1 by default. {@link Builder#start} returns once {@code GET /v1/models} answers; {@link #close()} stops
 * the whole process tree. This is the local-GPU backend for story generation.
 *
 * <pre>{@code
 * try (SwiftDeployment server = SwiftDeployment.builder().checkpoint(result.bestCheckpoint()).start(listener)) {
 *     ChatModel model = server.chatModel();
 * }
 * }</pre>
 */
public final class SwiftDeployment implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which program serves the model. */
    public enum Server {
        /** {@code swift deploy} (ms-swift's own server; backends pt, vllm, lmdeploy). */
        SWIFT_DEPLOY,
        /** {@code vllm serve}: a merged model folder, or a base model plus the LoRA checkpoint. */
        VLLM_SERVE
    }

    private final ChildProcess process;
    private final SwiftCommand command;
    private final int port;
    private final String baseUrl;
    private final String servedModelName;
    private final String apiKey;
    private final Duration stopGrace;
    private final CompletableFuture<Integer> exit;
    private OpenAiChatModel chatModel;

    private SwiftDeployment(ChildProcess process, SwiftCommand command, int port, String baseUrl, String served,
                            String apiKey, Duration stopGrace, CompletableFuture<Integer> exit) {
        this.process = process;
        this.command = command;
        this.port = port;
        this.baseUrl = baseUrl;
        this.servedModelName = served;
        this.apiKey = apiKey;
        this.stopGrace = stopGrace;
        this.exit = exit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The OpenAI-compatible base URL, {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return port;
    }

    /** The model name to put in requests (as listed by {@code /v1/models}). */
    public String servedModelName() {
        return servedModelName;
    }

    /**
     * The served model as a {@link ChatModel}: an {@link OpenAiChatModel} on {@link #baseUrl()} with
     * {@link #servedModelName()} (and the API key, if one was set). One shared instance, closed with the deployment.
     */
    public synchronized ChatModel chatModel() {
        if (chatModel == null) {
            chatModel = OpenAiChatModel.of(baseUrl).model(servedModelName).apiKey(apiKey);
        }
        return chatModel;
    }

    /** Whether the server process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the server's exit code when it ends (after {@link #close()}, a crash or Ctrl-C). */
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    /** The last 50 lines the server printed. */
    public List<String> outputTail() {
        return process.tail();
    }

    /** The command that runs. */
    public SwiftCommand command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server and every process it started; waits until they are gone. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (chatModel != null) {
                chatModel.close();
            }
        }
        if (process.isAlive()) {
            process.destroyTree(stopGrace);
        }
    }

    @Override
    public String toString() {
        return "SwiftDeployment[" + baseUrl + ", model " + servedModelName
                + (apiKey == null ? "" : ", key " + Secrets.mask(apiKey)) + "]";
    }

    /** Fluent settings for a deployment; {@link #start} launches it. Not thread-safe. */
    public static final class Builder {
        private Path checkpoint;
        private SwiftDialect dialect = SwiftDialect.V2;
        private Server server = Server.SWIFT_DEPLOY;
        private String baseModel;
        private String host = "127.0.0.1";
        private int port;
        private String servedModelName = "novelkit";
        private String inferBackend;
        private String apiKey;
        private List<Integer> gpus = List.of(0);
        private Duration startupTimeout = Duration.ofMinutes(10);
        private Duration stopGrace = Duration.ofSeconds(10);
        private Path executable;
        private Path workingDir;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> extraArgs = new ArrayList<>();
        private Consumer<String> output = line -> { };

        private Builder() {
        }

        /** The LoRA checkpoint folder, or a merged model folder. Required. */
        public Builder checkpoint(Path checkpoint) {
            this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
            return this;
        }

        /** Which swift command line to write (default 2.x). */
        public Builder dialect(SwiftDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** {@code swift deploy} (default) or {@code vllm serve}. */
        public Builder server(Server server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        /** For {@code vllm serve} with a LoRA checkpoint: the base model id or folder the adapter belongs to. */
        public Builder baseModel(String model) {
            this.baseModel = Objects.requireNonNull(model, "baseModel");
            return this;
        }

        /** The address to listen on (default 127.0.0.1: this machine only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 0: a free port chosen at start). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The model name clients send (default "novelkit"). */
        public Builder servedModelName(String name) {
            this.servedModelName = Objects.requireNonNull(name, "servedModelName");
            return this;
        }

        /** {@code swift deploy --infer_backend pt|vllm|lmdeploy} (default: swift's choice). */
        public Builder inferBackend(String backend) {
            this.inferBackend = Objects.requireNonNull(backend, "inferBackend");
            return this;
        }

        /** Require this API key from clients ({@code --api_key}); never printed by {@code toString()}. */
        public Builder apiKey(String key) {
            this.apiKey = Objects.requireNonNull(key, "apiKey");
            return this;
        }

        /** GPUs ({@code CUDA_VISIBLE_DEVICES}, default 0 as in the seed); no argument leaves it inherited. */
        public Builder gpus(int... ids) {
            this.gpus = Gpus.of(ids);
            return this;
        }

        /** How long loading the model may take before {@code /v1/models} must answer (default 10 min). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "startupTimeout");
            return this;
        }

        /** How long {@link #close()} waits after asking the server to stop before killing it (default 10 s). */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = Objects.requireNonNull(grace, "stopGrace");
            return this;
        }

        /** The swift or vllm executable (default: found on the PATH). */
        public Builder executable(Path exe) {
            this.executable = Objects.requireNonNull(exe, "executable");
            return this;
        }

        /** The directory the server runs in (default: the current directory). */
        public Builder workingDir(Path dir) {
            this.workingDir = Objects.requireNonNull(dir, "workingDir").toAbsolutePath();
            return this;
        }

        /** An extra environment variable for the server. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Arguments passed through as they are, after the generated ones. */
        public Builder extraArgs(String... args) {
            for (String a : args) {
                extraArgs.add(Objects.requireNonNull(a, "extraArgs"));
            }
            return this;
        }

        /** Receives every line the server prints (default: none; the last 50 are kept anyway). */
        public Builder output(Consumer<String> lines) {
            this.output = Objects.requireNonNull(lines, "output");
            return this;
        }

        private Path workingDir() {
            return workingDir != null ? workingDir : Path.of("").toAbsolutePath();
        }

        /** The exact command for this port (a port of 0 shows swift's default 8000; {@link #start} picks a free one). */
        public SwiftCommand toCommand() {
            validate();
            return command(port > 0 ? port : 8000);
        }

        private void validate() {
            if (checkpoint == null) {
                throw new InvalidInputException("checkpoint", "no checkpoint: give a LoRA checkpoint or merged model folder");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidInputException("port", "must be in [0, 65535], was " + port);
            }
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new InvalidInputException("startupTimeout", "must be positive, was " + startupTimeout);
            }
            if (servedModelName.isBlank()) {
                throw new InvalidInputException("servedModelName", "must not be empty");
            }
        }

        private boolean isAdapter() {
            return Files.isRegularFile(workingDir().resolve(checkpoint).resolve("adapter_config.json"));
        }

        private SwiftCommand command(int p) {
            List<String> argv = new ArrayList<>();
            boolean adapter = isAdapter();
            if (server == Server.VLLM_SERVE) {
                argv.add(executable == null ? "vllm" : executable.toString());
                argv.add("serve");
                if (adapter) {
                    if (baseModel == null) {
                        throw new InvalidInputException("baseModel", "vllm serve needs the base model to load the LoRA "
                                + "checkpoint " + checkpoint + "; give baseModel(...) or merge it first with SwiftExport");
                    }
                    argv.addAll(List.of(baseModel, "--enable-lora", "--lora-modules", servedModelName + "=" + checkpoint));
                } else {
                    argv.addAll(List.of(checkpoint.toString(), "--served-model-name", servedModelName));
                }
                argv.addAll(List.of("--host", host, "--port", Integer.toString(p)));
                if (apiKey != null) {
                    argv.addAll(List.of("--api-key", apiKey));
                }
            } else {
                argv.add(executable == null ? "swift" : executable.toString());
                argv.add("deploy");
                String flag = dialect == SwiftDialect.V2 ? "--ckpt_dir" : adapter ? "--adapters" : "--model";
                argv.addAll(List.of(flag, checkpoint.toString(), "--host", host, "--port", Integer.toString(p),
                        "--served_model_name", servedModelName));
                if (inferBackend != null) {
                    argv.addAll(List.of("--infer_backend", inferBackend));
                }
                if (apiKey != null) {
                    argv.addAll(List.of("--api_key", apiKey));
                }
            }
            argv.addAll(extraArgs);
            Map<String, String> env = new LinkedHashMap<>();
            Gpus.putVisibleDevices(env, gpus);
            env.putAll(environment);
            return new SwiftCommand(argv, env, workingDir());
        }

        /**
         * Starts the server and waits (reporting progress as task "deploy", seconds of the startup timeout) until
         * {@code GET /v1/models} answers 200.
         *
         * @throws InvalidInputException when the checkpoint folder is missing
         * @throws BackendException when the executable is missing, the server dies during startup (cause and output
         *                          tail) or does not answer within the startup timeout (it is stopped then)
         * @throws CancelledException when the calling thread is interrupted while waiting (the server is stopped)
         */
        public SwiftDeployment start(ProgressListener listener) {
            validate();
            Path ckpt = workingDir().resolve(checkpoint);
            if (!Files.isDirectory(ckpt)) {
                throw new InvalidInputException(ckpt.toString(), "checkpoint folder does not exist");
            }
            int p = port > 0 ? port : freePort(host);
            SwiftCommand cmd = command(p);
            String what = server == Server.VLLM_SERVE ? "vllm serve" : "deploy";
            SwiftLogParser parser = new SwiftLogParser();
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Consumer<String> sink = output;
            ChildProcess child = ChildProcess.start(server == Server.VLLM_SERVE ? "vllm" : "swift", cmd, line -> {
                parser.accept(line);
                try {
                    sink.accept(line);
                } catch (RuntimeException ignored) {
                    // an output consumer must not stop the server
                }
            }, (c, code) -> exit.complete(code));
            String connectHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            String base = "http://" + (connectHost.contains(":") ? "[" + connectHost + "]" : connectHost) + ":" + p + "/v1";
            listener.onMessage("started " + (server == Server.VLLM_SERVE ? "vllm serve" : "swift deploy") + " (pid "
                    + child.pid() + ") on " + base);
            try {
                String served = awaitReady(child, exit, parser, base, what, listener);
                listener.onMessage("serving '" + served + "' at " + base);
                return new SwiftDeployment(child, cmd, p, base, served, apiKey, stopGrace, exit);
            } catch (RuntimeException e) {
                child.destroyTree(stopGrace);
                throw e;
            }
        }

        private String awaitReady(ChildProcess child, CompletableFuture<Integer> exit, SwiftLogParser parser,
                                  String base, String what, ProgressListener listener) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/models")).timeout(Duration.ofSeconds(5)).GET();
            if (apiKey != null) {
                req.header("Authorization", "Bearer " + apiKey);
            }
            long start = System.nanoTime();
            long timeoutNanos = startupTimeout.toNanos();
            while (true) {
                if (exit.isDone()) {
                    int code = exit.join();
                    throw BackendException.builder("swift", what + " exited with code " + code
                            + " before answering /v1/models: " + Failures.cause(code, parser))
                            .exitCode(code).outputTail(child.tail()).build();
                }
                try {
                    HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return servedName(r.body(), listener);
                    }
                    if (r.statusCode() == 401 || r.statusCode() == 403) {
                        throw BackendException.forHttpStatus("swift", r.statusCode(), "the server rejected the API key");
                    }
                } catch (IOException notYet) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("starting " + what);
                }
                long elapsed = System.nanoTime() - start;
                if (elapsed > timeoutNanos) {
                    throw BackendException.builder("swift", what + " did not answer " + base + "/models within "
                            + String.format(java.util.Locale.ROOT, "%.1f", startupTimeout.toMillis() / 1000.0) + " s; stopped it").retriable(true)
                            .outputTail(child.tail()).build();
                }
                listener.onProgress(new Progress("deploy", elapsed / 1_000_000_000L, startupTimeout.toSeconds(),
                        "waiting for " + base + "/models"));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("starting " + what);
                }
            }
        }

        private String servedName(String body, ProgressListener listener) {
            try {
                JsonNode data = JSON.readTree(body).path("data");
                List<String> ids = new ArrayList<>();
                for (JsonNode m : data) {
                    if (m.path("id").isTextual()) {
                        ids.add(m.path("id").asText());
                    }
                }
                if (ids.isEmpty() || ids.contains(servedModelName)) {
                    return servedModelName;
                }
                listener.onMessage("the server lists " + ids + ", not '" + servedModelName + "': using '" + ids.get(0) + "'");
                return ids.get(0);
            } catch (IOException e) {
                return servedModelName;
            }
        }

        private static int freePort(String host) {
            try (ServerSocket s = host.equals("0.0.0.0") ? new ServerSocket(0)
                    : new ServerSocket(0, 1, InetAddress.getByName(host))) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw BackendException.builder("swift", "no free port on " + host + ": " + e.getMessage()).cause(e).build();
            }
        }
    }
}
