package dev.novelkit.examples.cli;

import dev.novelkit.core.job.Job;
import dev.novelkit.llm.swift.SwiftChat;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code novelkit infer} and {@code novelkit app}: swift's own chat tools on the user's terminal (the seed's 1.3). */
abstract class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SwiftOptions swift;

    @Option(names = "--checkpoint", required = true, description = "The LoRA checkpoint (or merged model) folder.")
    Path checkpoint;

    @Option(names = "--infer-backend", description = "--infer_backend: pt (transformers on 4.x), vllm, lmdeploy or sglang.")
    String inferBackend;

    /** The chat this command opens on {@link #checkpoint}. */
    abstract SwiftChat chat();

    @Override
    public Integer call() {
        SwiftChat c = chat().extraArgs(swift.extraArgs()).process(swift.process());
        if (inferBackend != null) {
            c = c.inferBackend(inferBackend);
        }
        if (swift.dryRun) {
            c.checkInputs();
            SwiftOptions.print(spec.commandLine().getOut(), c.toCommand());
            return 0;
        }
        try (Job<Integer> job = c.start(ProgressBar.stderr())) {
            return job.await();
        }
    }
}
