package dev.novelkit.examples.cli;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.job.Job;
import dev.novelkit.llm.swift.DeployedModel;
import dev.novelkit.llm.swift.SwiftDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code novelkit deploy}: Serve a checkpoint with swift deploy until interrupted. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Serve a checkpoint with swift deploy (or vllm serve) until interrupted; prints the URL that "
                + "answers /v1/models (swift 3.x and 4.x move to the next free port when the asked one is taken).")
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SwiftOptions swift;

    @Option(names = "--checkpoint", required = true, description = "The LoRA checkpoint (or merged model) folder.")
    Path checkpoint;

    @Option(names = "--port", defaultValue = "0", description = "Port to ask for (default: a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--model-name", defaultValue = "novelkit", description = "Served model name. Default: ${DEFAULT-VALUE}.")
    String modelName;

    @Option(names = "--vllm", description = "Serve with vllm serve instead of swift deploy (--swift then names vllm).")
    boolean vllm;

    @Option(names = "--base-model", description = "With --vllm and a LoRA checkpoint: the base model id or folder.")
    String baseModel;

    @Option(names = "--infer-backend", description = "swift deploy --infer_backend: pt (transformers on 4.x), vllm, "
            + "lmdeploy or sglang.")
    String inferBackend;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the model to load. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--quiet", description = "Do not echo the server's own output.")
    boolean quiet;

    @Override
    public Integer call() {
        SwiftDeployment d = SwiftDeployment.of(checkpoint).host(host).port(port).servedModelName(modelName)
                .startupTimeout(Duration.ofSeconds(timeoutSeconds)).extraArgs(swift.extraArgs()).process(swift.process());
        if (vllm) {
            d = d.server(SwiftDeployment.Server.VLLM_SERVE);
        }
        if (baseModel != null) {
            d = d.baseModel(baseModel);
        }
        if (inferBackend != null) {
            d = d.inferBackend(inferBackend);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (swift.dryRun) {
            d.checkInputs();
            SwiftOptions.print(out, d.toCommand());
            return 0;
        }
        Job<DeployedModel> job = d.start(new SwiftProgress(!quiet));
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            interrupted.set(true);
            job.close();
        }, "novelkit-deploy-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int code;
        DeployedModel server;
        try {
            server = job.await();
            out.println("serving " + server.servedModelName() + " at " + server.baseUrl() + " (Ctrl-C to stop)");
            out.flush();
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
        job.close();
        throw BackendException.builder("swift", "deploy stopped on its own with exit code " + code)
                .exitCode(code).outputTail(server.outputTail()).build();
    }
}
