package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.Ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serving a checkpoint as an OpenAI-compatible API with a managed child process: {@code swift deploy} (2.x
 * {@code --ckpt_dir}; 3.x and 4.x {@code --adapters}, or {@code --model} for a merged folder) or {@code vllm serve},
 * on 127.0.0.1 by default. {@link #start} returns a job whose result is the {@link DeployedModel} once
 * {@code GET /v1/models} answers where swift really listens: 3.x and 4.x move to the next free port when the asked
 * one is taken, and the port is read from swift's own log ({@code Uvicorn running on http://HOST:PORT}); 2.x cannot
 * move, so NovelKit asks it for the next free port itself. Closing or cancelling the job stops the whole process
 * tree. Immutable; every setter returns a new deployment.
 *
 * <pre>{@code
 * try (Job<DeployedModel> server = SwiftDeployment.of(result.lastCheckpoint()).start(listener)) {
 *     ChatModel model = server.await().chatModel();
 * }
 * }</pre>
 */
public final class SwiftDeployment {
    /** Which program serves the model. */
    public enum Server {
        /** {@code swift deploy} (ms-swift's own server). */
        SWIFT_DEPLOY,
        /** {@code vllm serve}: a merged model folder, or a base model plus the LoRA checkpoint. */
        VLLM_SERVE
    }

    final Path checkpoint;
    final Server server;
    final String baseModel;
    final String host;
    final int port;
    final String servedModelName;
    final String inferBackend;
    final String apiKey;
    final Duration startupTimeout;
    final List<String> extraArgs;
    final SwiftProcess process;

    private SwiftDeployment(Path checkpoint, Server server, String baseModel, String host, int port,
                            String servedModelName, String inferBackend, String apiKey, Duration startupTimeout,
                            List<String> extraArgs, SwiftProcess process) {
        this.checkpoint = checkpoint;
        this.server = server;
        this.baseModel = baseModel;
        this.host = host;
        this.port = port;
        this.servedModelName = servedModelName;
        this.inferBackend = inferBackend;
        this.apiKey = apiKey;
        this.startupTimeout = startupTimeout;
        this.extraArgs = List.copyOf(extraArgs);
        this.process = process;
    }

    /** Serving a LoRA checkpoint folder or a merged model folder with {@code swift deploy}. */
    public static SwiftDeployment of(Path checkpoint) {
        return new SwiftDeployment(Require.nonNull("checkpoint", checkpoint), Server.SWIFT_DEPLOY, null, "127.0.0.1", 0,
                "novelkit", null, null, Duration.ofMinutes(10), List.of(), SwiftProcess.defaults());
    }

    /** {@code swift deploy} (default) or {@code vllm serve}. */
    public SwiftDeployment server(Server server) {
        return new SwiftDeployment(checkpoint, Require.nonNull("server", server), baseModel, host, port,
                servedModelName, inferBackend, apiKey, startupTimeout, extraArgs, process);
    }

    /** For {@code vllm serve} with a LoRA checkpoint: the base model id or folder the adapter belongs to. */
    public SwiftDeployment baseModel(String model) {
        return new SwiftDeployment(checkpoint, server, Require.nonBlank("baseModel", model), host, port,
                servedModelName, inferBackend, apiKey, startupTimeout, extraArgs, process);
    }

    /** The address to listen on (default 127.0.0.1: this machine only). */
    public SwiftDeployment host(String host) {
        return new SwiftDeployment(checkpoint, server, baseModel, Require.nonBlank("host", host), port,
                servedModelName, inferBackend, apiKey, startupTimeout, extraArgs, process);
    }

    /** The port to ask for (default 0: a free one chosen at start). */
    public SwiftDeployment port(int port) {
        return new SwiftDeployment(checkpoint, server, baseModel, host, Require.between("port", port, 0, 65535),
                servedModelName, inferBackend, apiKey, startupTimeout, extraArgs, process);
    }

    /** The model name clients send (default "novelkit"). */
    public SwiftDeployment servedModelName(String name) {
        return new SwiftDeployment(checkpoint, server, baseModel, host, port, Require.nonBlank("servedModelName", name),
                inferBackend, apiKey, startupTimeout, extraArgs, process);
    }

    /**
     * {@code swift deploy --infer_backend}: {@code vllm}, {@code lmdeploy}, {@code sglang} (3.x and 4.x), or the
     * plain PyTorch one, which 2.x and 3.x call {@code pt} and 4.x {@code transformers} (either name is translated).
     * Default: swift's choice.
     */
    public SwiftDeployment inferBackend(String backend) {
        String b = Require.nonBlank("inferBackend", backend);
        Require.oneOf("inferBackend", b, List.of("pt", "transformers", "vllm", "lmdeploy", "sglang"));
        return new SwiftDeployment(checkpoint, server, baseModel, host, port, servedModelName, b, apiKey,
                startupTimeout, extraArgs, process);
    }

    /** Require this API key from clients ({@code --api_key}, swift 2.3 and later); masked in every output. */
    public SwiftDeployment apiKey(String key) {
        return new SwiftDeployment(checkpoint, server, baseModel, host, port, servedModelName, inferBackend,
                Require.nonBlank("apiKey", key), startupTimeout, extraArgs, process);
    }

    /** How long loading the model may take before {@code /v1/models} must answer (default 10 min). */
    public SwiftDeployment startupTimeout(Duration timeout) {
        return new SwiftDeployment(checkpoint, server, baseModel, host, port, servedModelName, inferBackend, apiKey,
                Require.positive("startupTimeout", timeout), extraArgs, process);
    }

    /** Arguments passed through after the generated ones; a {@code --flag} here replaces the generated one. */
    public SwiftDeployment extraArgs(String... args) {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            list.add(Require.nonNull("extraArgs", a));
        }
        return new SwiftDeployment(checkpoint, server, baseModel, host, port, servedModelName, inferBackend, apiKey,
                startupTimeout, list, process);
    }

    /** How to run swift (or vllm: its executable goes in {@link SwiftProcess#executable}). */
    public SwiftDeployment process(SwiftProcess process) {
        return new SwiftDeployment(checkpoint, server, baseModel, host, port, servedModelName, inferBackend, apiKey,
                startupTimeout, extraArgs, Require.nonNull("process", process));
    }

    public SwiftProcess process() {
        return process;
    }

    /**
     * The exact command for the port asked for (a port of 0 shows swift's default 8000; {@link #start} picks a free
     * one), for the installed swift, or the newest major when none is installed and no version is set.
     *
     * @throws InvalidSettingException for settings the swift it is written for cannot do
     */
    public SwiftCommand toCommand() {
        SwiftProcess.Target target = server == Server.VLLM_SERVE ? vllmTarget() : process.target(true);
        return command(target, port > 0 ? port : 8000, List.of());
    }

    /**
     * Checks the checkpoint folder exists.
     *
     * @throws InvalidInputException naming the folder when it does not
     */
    public void checkInputs() {
        process.existingFolder(checkpoint, "checkpoint folder");
    }

    /**
     * Checks the checkpoint, starts the server and returns its job: the result is the {@link DeployedModel} once
     * {@code GET /v1/models} answers 200 where the server listens (progress as task "deploy", seconds of the startup
     * timeout); closing or cancelling the job stops the server. The job fails with a
     * {@link dev.novelkit.core.BackendException} when the server dies during startup (cause and output tail) or does
     * not answer in time (it is stopped then).
     *
     * @throws InvalidInputException when the checkpoint folder is missing
     * @throws InvalidSettingException for settings the installed swift cannot do
     * @throws dev.novelkit.core.BackendException when swift is not found or cannot tell its version
     */
    public Job<DeployedModel> start(ProgressListener listener) {
        Require.nonNull("listener", listener);
        checkInputs();
        SwiftProcess.Target target = server == Server.VLLM_SERVE ? vllmTarget() : process.target(false);
        int asked = port > 0 ? port : Ports.any(host);
        List<String> notes = new ArrayList<>();
        int passed = asked;
        boolean askedFree = Ports.isFree(host, asked);
        boolean moves = server == Server.SWIFT_DEPLOY && target.version().major() >= 3;
        if (!askedFree && moves) {
            notes.add("port " + asked + " on " + host + " is taken: swift " + target.version().dialect().label()
                    + " moves to the next free one, and NovelKit reads which from its log");
        } else if (!askedFree) {
            passed = Ports.nextFree(host, asked + 1);
            notes.add("port " + asked + " on " + host + " is taken and " + (server == Server.VLLM_SERVE ? "vllm serve"
                    : "swift 2.x") + " cannot move: asking for " + passed + ", the next free one");
        }
        SwiftCommand command = command(target, passed, notes);
        DeployRun run = new DeployRun(this, command, asked, passed, askedFree || !moves);
        return Job.start(server == Server.VLLM_SERVE ? "vllm serve" : "swift deploy", listener, run::run);
    }

    /** vllm serve does not depend on the ms-swift release: its command is the same whatever is installed. */
    private static SwiftProcess.Target vllmTarget() {
        return new SwiftProcess.Target(SwiftDialect.newest().assumedVersion(), "vllm serve");
    }

    private SwiftCommand command(SwiftProcess.Target target, int p, List<String> moreNotes) {
        List<String> notes = new ArrayList<>();
        Flags f = new Flags();
        String subcommand;
        String exe = process.argv0();
        if (server == Server.VLLM_SERVE) {
            exe = process.executable() == null ? "vllm" : exe;
            subcommand = "serve";
            boolean adapter = java.nio.file.Files.isRegularFile(process.resolve(checkpoint).resolve("adapter_config.json"));
            List<String> head = new ArrayList<>();
            if (adapter) {
                Require.that(baseModel != null, "baseModel", null, "must be set for vllm serve to load the LoRA "
                        + "checkpoint " + checkpoint + " (or merge it first with SwiftExport)");
                head.addAll(List.of(baseModel, "--enable-lora", "--lora-modules", servedModelName + "=" + checkpoint));
            } else {
                head.addAll(List.of(checkpoint.toString(), "--served-model-name", servedModelName));
            }
            head.addAll(List.of("--host", host, "--port", Integer.toString(p)));
            if (apiKey != null) {
                head.addAll(List.of("--api-key", apiKey));
            }
            List<String> argv = new ArrayList<>(List.of(exe, subcommand));
            argv.addAll(head);
            argv.addAll(extraArgs);
            notes.addAll(moreNotes);
            return new SwiftCommand(argv, process.env(List.of(0)), process.workingDir(), notes);
        }
        SwiftVersion v = target.version();
        Spelling s = Spelling.of(v);
        notes.add(target.note());
        notes.addAll(moreNotes);
        f.add(s.checkpointFlag(process.resolve(checkpoint)), checkpoint.toString());
        f.add("--host", host);
        f.add("--port", Integer.toString(p));
        if (!s.v2() || v.atLeast(2, 5)) {
            f.add("--served_model_name", servedModelName);
        } else {
            notes.add("swift " + v + " has no --served_model_name (2.5 and later): the server names the model after "
                    + "the checkpoint");
        }
        if (inferBackend != null) {
            String b = s.inferBackend(inferBackend);
            Require.that(b != null, "inferBackend", inferBackend, "is not a backend of swift " + v.dialect().label());
            f.add("--infer_backend", b);
        }
        if (apiKey != null) {
            Require.that(!s.v2() || v.atLeast(2, 3), "apiKey", "(set)", "needs swift 2.3 or later, found " + v);
            f.add("--api_key", apiKey);
        }
        return new SwiftCommand(f.argv(exe, "deploy", extraArgs), process.env(List.of(0)), process.workingDir(), notes);
    }

    @Override
    public String toString() {
        return "SwiftDeployment[" + checkpoint + " on " + host + ":" + (port == 0 ? "any" : port) + ", model "
                + servedModelName + (apiKey == null ? "" : ", key set") + ", " + process + "]";
    }
}
