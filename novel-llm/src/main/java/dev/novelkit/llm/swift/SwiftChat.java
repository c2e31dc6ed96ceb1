package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Talking to a checkpoint with swift's own tools, the seed's section 1.3: the terminal chat ({@code swift infer}:
 * {@code --ckpt_dir} on 2.x, {@code --adapters} on 3.x and 4.x) or the web UI ({@link #webUi(boolean)}:
 * {@code swift app-ui} on 2.x, {@code swift app} on 3.x and 4.x). swift runs on this process's own terminal:
 * its prompts, answers and URLs go straight to the user. Immutable; every setter returns a new instance.
 *
 * <pre>{@code
 * int code = SwiftChat.of(result.lastCheckpoint()).start(ProgressListener.NONE).await();
 * }</pre>
 */
public final class SwiftChat {
    private final Path checkpoint;
    private final boolean webUi;
    private final String host;
    private final int port;
    private final String inferBackend;
    private final List<String> extraArgs;
    private final SwiftProcess process;

    private SwiftChat(Path checkpoint, boolean webUi, String host, int port, String inferBackend,
                      List<String> extraArgs, SwiftProcess process) {
        this.checkpoint = checkpoint;
        this.webUi = webUi;
        this.host = host;
        this.port = port;
        this.inferBackend = inferBackend;
        this.extraArgs = List.copyOf(extraArgs);
        this.process = process;
    }

    /** The terminal chat with a LoRA checkpoint or merged model folder. */
    public static SwiftChat of(Path checkpoint) {
        return new SwiftChat(Require.nonNull("checkpoint", checkpoint), false, "127.0.0.1", 0, null, List.of(),
                SwiftProcess.defaults());
    }

    /** The web UI instead of the terminal chat (default false). */
    public SwiftChat webUi(boolean webUi) {
        return new SwiftChat(checkpoint, webUi, host, port, inferBackend, extraArgs, process);
    }

    /** The address the web UI listens on (default 127.0.0.1; 0.0.0.0 to reach it from other machines). */
    public SwiftChat host(String host) {
        return new SwiftChat(checkpoint, webUi, Require.nonBlank("host", host), port, inferBackend, extraArgs, process);
    }

    /** The web UI's port (default 0: swift's own, 7860; 3.x and 4.x move on when it is taken and print where). */
    public SwiftChat port(int port) {
        return new SwiftChat(checkpoint, webUi, host, Require.between("port", port, 0, 65535), inferBackend, extraArgs,
                process);
    }

    /** {@code --infer_backend}, as {@link SwiftDeployment#inferBackend(String)} (default: swift's choice). */
    public SwiftChat inferBackend(String backend) {
        String b = Require.nonBlank("inferBackend", backend);
        Require.oneOf("inferBackend", b, List.of("pt", "transformers", "vllm", "lmdeploy", "sglang"));
        return new SwiftChat(checkpoint, webUi, host, port, b, extraArgs, process);
    }

    /** Arguments passed through after the generated ones; a {@code --flag} here replaces the generated one. */
    public SwiftChat extraArgs(String... args) {
        List<String> list = new ArrayList<>();
        for (String a : args) {
            list.add(Require.nonNull("extraArgs", a));
        }
        return new SwiftChat(checkpoint, webUi, host, port, inferBackend, list, process);
    }

    /** How to run swift (default {@link SwiftProcess#defaults()}; GPU 0 unless set, as in the seed). */
    public SwiftChat process(SwiftProcess process) {
        return new SwiftChat(checkpoint, webUi, host, port, inferBackend, extraArgs, Require.nonNull("process", process));
    }

    public SwiftProcess process() {
        return process;
    }

    /**
     * The exact command, for the installed swift (or the newest major when none is installed and no version is
     * set; a note says so).
     *
     * @throws InvalidSettingException for settings the swift it is written for cannot do
     */
    public SwiftCommand toCommand() {
        return command(process.target(true));
    }

    private SwiftCommand command(SwiftProcess.Target target) {
        Spelling s = Spelling.of(target.version());
        Flags f = new Flags();
        f.add(s.checkpointFlag(process.resolve(checkpoint)), checkpoint.toString());
        if (webUi) {
            f.add(s.webUiHost, host);
            if (port > 0) {
                f.add(s.webUiPort, Integer.toString(port));
            }
        }
        if (inferBackend != null) {
            String b = s.inferBackend(inferBackend);
            Require.that(b != null, "inferBackend", inferBackend, "is not a backend of swift "
                    + target.version().dialect().label());
            f.add("--infer_backend", b);
        }
        return new SwiftCommand(f.argv(process.argv0(), webUi ? s.webUi : "infer", extraArgs), process.env(List.of(0)),
                process.workingDir(), List.of(target.note()));
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
     * Checks the checkpoint, finds the installed swift and starts it on this process's terminal; the job's result is
     * 0 once swift ends well (the user typed {@code exit}, the web UI was stopped). Cancelling the job stops swift.
     *
     * @throws InvalidInputException when the checkpoint folder is missing
     * @throws BackendException when swift is not found or cannot tell its version; the job fails with one when swift
     *                          exits non-zero (its own output, on the terminal, says why)
     */
    public Job<Integer> start(ProgressListener listener) {
        Require.nonNull("listener", listener);
        checkInputs();
        SwiftCommand command = command(process.target(false));
        String what = "swift " + command.args().get(0);
        return Job.start(what, listener, (cancellation, l) -> talk(what, command, cancellation, l));
    }

    private Integer talk(String what, SwiftCommand command, Cancellation cancellation, ProgressListener listener) {
        command.notes().forEach(listener::onMessage);
        Launch launch = Launch.interactive(what, command, cancellation, process.stopGrace());
        Cancellation.Registration stop = launch.stopOnCancel;
        try (stop) {
            int code = launch.awaitExit(cancellation);
            if (code != 0) {
                throw BackendException.builder("swift", command.args().get(0) + " exited with code " + code
                        + " (its own output above says why)").exitCode(code).build();
            }
            return 0;
        }
    }

    @Override
    public String toString() {
        return "SwiftChat[" + checkpoint + (webUi ? ", web UI on " + host + (port > 0 ? ":" + port : "") : "")
                + ", " + process + "]";
    }
}
