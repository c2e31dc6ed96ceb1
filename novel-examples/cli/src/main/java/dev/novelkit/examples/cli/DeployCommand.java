package dev.novelkit.examples.cli;

import dev.novelkit.core.BackendException;
import dev.novelkit.llm.swift.SwiftDeployment;
import dev.novelkit.llm.swift.SwiftDialect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code novelkit deploy}: Serve a checkpoint with swift deploy until interrupted. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Serve a checkpoint with swift deploy (or vllm serve) until interrupted.")
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "The LoRA checkpoint (or merged model) folder.")
    Path checkpoint;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--dialect", defaultValue = "v2", description = "swift command line: v2 (--ckpt_dir) or v3 (--adapters).")
    String dialect;

    @Option(names = "--model-name", defaultValue = "novelkit", description = "Served model name. Default: ${DEFAULT-VALUE}.")
    String modelName;

    @Option(names = "--vllm", description = "Serve with vllm serve instead of swift deploy.")
    boolean vllm;

    @Option(names = "--base-model", description = "With --vllm and a LoRA checkpoint: the base model id or folder.")
    String baseModel;

    @Option(names = "--infer-backend", description = "swift deploy --infer_backend: pt, vllm or lmdeploy.")
    String inferBackend;

    @Option(names = "--gpus", defaultValue = "0", description = "GPU ids, comma-separated, or 'inherit'.")
    String gpus;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the model to load. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--extra", description = "A server argument passed through as is (repeat for each token).")
    List<String> extra = new ArrayList<>();

    @Option(names = "--env", description = "An environment variable for swift, NAME=VALUE (repeatable), e.g. MODELSCOPE_CACHE=/data/ms.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--swift", description = "The swift (or vllm) executable (default: found on the PATH).")
    Path executable;

    @Option(names = "--dry-run", description = "Print the exact command; run nothing.")
    boolean dryRun;

    @Option(names = "--quiet", description = "Do not echo the server's own output.")
    boolean quiet;

    @Override
    public Integer call() {
        SwiftDeployment.Builder b = SwiftDeployment.builder().checkpoint(checkpoint).dialect(SwiftDialect.parse(dialect))
                .host(host).port(port).servedModelName(modelName).gpus(TrainCommand.parseGpus(gpus))
                .startupTimeout(Duration.ofSeconds(timeoutSeconds)).extraArgs(extra.toArray(String[]::new));
        if (vllm) {
            b.server(SwiftDeployment.Server.VLLM_SERVE);
        }
        if (baseModel != null) {
            b.baseModel(baseModel);
        }
        if (inferBackend != null) {
            b.inferBackend(inferBackend);
        }
        if (executable != null) {
            b.executable(executable);
        }
        env.forEach(b::environment);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.println(b.toCommand().toMultilineShellString());
            out.flush();
            return 0;
        }
        if (!quiet) {
            b.output(System.err::println);
        }
        SwiftDeployment server = b.start(ProgressBar.stderr());
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            interrupted.set(true);
            server.close();
        }, "novelkit-deploy-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        out.println("serving " + server.servedModelName() + " at " + server.baseUrl() + " (Ctrl-C to stop)");
        out.flush();
        int code;
        try {
            code = server.onExit().join();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is stopping the server
            }
        }
        if (interrupted.get()) {
            return 0;
        }
        throw BackendException.builder("swift", "deploy stopped on its own with exit code " + code)
                .exitCode(code).outputTail(server.outputTail()).build();
    }
}
