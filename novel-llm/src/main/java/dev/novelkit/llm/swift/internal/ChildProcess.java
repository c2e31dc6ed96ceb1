package dev.novelkit.llm.swift.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Secrets;
import dev.novelkit.llm.swift.SwiftCommand;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * A running child process with its stdout and stderr merged and read line by line on a daemon thread (secrets of its
 * command masked), the last 50 lines kept for error messages, and a tree kill (descendants too) on
 * {@link #destroyTree} or when the JVM exits. An interactive one uses this process's terminal instead.
 */
public final class ChildProcess {
    /** How many output lines {@link #tail()} keeps. */
    public static final int TAIL_LINES = 50;
    private static final int MAX_TAIL_LINE = 2000;

    private final Process process;
    private final Secrets.Redactor secrets;
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES + 1);
    private final CountDownLatch outputDone = new CountDownLatch(1);
    private final Thread shutdownHook;
    private volatile boolean destroyed;

    private ChildProcess(Process process, List<String> secrets, Consumer<String> onLine,
                         ObjIntConsumer<ChildProcess> onExit, boolean piped) {
        this.process = process;
        this.secrets = Secrets.redactor(secrets.toArray(String[]::new));
        this.shutdownHook = new Thread(() -> destroyTree(Duration.ofSeconds(3)), "novelkit-kill-" + process.pid());
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting already; nothing to register
        }
        Thread reader = new Thread(() -> {
            if (piped) {
                pump(onLine, onExit);
            } else {
                finish(onExit);
            }
        }, "novelkit-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command}: resolves the executable on the {@code PATH} (the command's own {@code PATH} if it sets
     * one), adds the command's environment plus {@code PYTHONUNBUFFERED=1} and {@code PYTHONIOENCODING=utf-8} (and,
     * for an executable given as a path, puts its folder first on the {@code PATH}), and reads the merged output on a
     * thread, calling {@code onLine} for each line (with the command's secrets masked), then {@code onExit} with this
     * handle and the exit code once the output has ended and the process is gone.
     *
     * @throws BackendException when the executable cannot be found or started
     */
    public static ChildProcess start(String backend, SwiftCommand command, Consumer<String> onLine,
                                     ObjIntConsumer<ChildProcess> onExit) {
        ProcessBuilder pb = builder(backend, command).redirectErrorStream(true);
        Process p = launch(backend, pb, command);
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to close
        }
        return new ChildProcess(p, command.secrets(), onLine, onExit, true);
    }

    /**
     * Starts {@code command} on this process's own terminal (standard input, output and error passed through), for
     * swift's interactive commands; {@code onExit} is called with the exit code once it has ended.
     *
     * @throws BackendException when the executable cannot be found or started
     */
    public static ChildProcess startInteractive(String backend, SwiftCommand command, ObjIntConsumer<ChildProcess> onExit) {
        Process p = launch(backend, builder(backend, command).inheritIO(), command);
        return new ChildProcess(p, command.secrets(), line -> { }, onExit, false);
    }

    private static ProcessBuilder builder(String backend, SwiftCommand command) {
        Path exe = resolveExecutable(backend, command.executable(), command.env().get("PATH"));
        List<String> argv = new ArrayList<>(command.argv());
        argv.set(0, exe.toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(command.workingDir().toFile());
        Map<String, String> env = pb.environment();
        env.putAll(command.env());
        env.putIfAbsent("PYTHONUNBUFFERED", "1");
        env.putIfAbsent("PYTHONIOENCODING", "utf-8");
        if (command.executable().indexOf('/') >= 0 || command.executable().indexOf(File.separatorChar) >= 0) {
            String path = env.get("PATH");
            String dir = exe.getParent().toString();
            if (path == null || !(path.equals(dir) || path.startsWith(dir + File.pathSeparator))) {
                env.put("PATH", path == null || path.isEmpty() ? dir : dir + File.pathSeparator + path);
            }
        }
        return pb;
    }

    private static Process launch(String backend, ProcessBuilder pb, SwiftCommand command) {
        try {
            Files.createDirectories(command.workingDir());
            return pb.start();
        } catch (IOException e) {
            throw BackendException.builder(backend, "cannot start " + pb.command().get(0) + ": " + e.getMessage())
                    .cause(e).build();
        }
    }

    /**
     * Finds {@code name} (a bare name looked up on {@code path}, or a path) as an executable file.
     *
     * @throws BackendException naming what was searched when it is not there
     */
    public static Path resolveExecutable(String backend, String name, String path) {
        if (name.indexOf('/') >= 0 || name.indexOf(File.separatorChar) >= 0) {
            Path p = Path.of(name).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw BackendException.builder(backend, name + " not found or not executable: " + p).build();
        }
        String search = path != null ? path : System.getenv("PATH");
        if (search != null) {
            for (String dir : search.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        String hint = name.equals("swift")
                ? "install ms-swift (pip install ms-swift -U) or pass the executable path"
                : "install it or pass the executable path";
        throw BackendException.builder(backend, name + " not found on PATH (" + (search == null ? "" : search)
                + "); " + hint).build();
    }

    private void pump(Consumer<String> onLine, ObjIntConsumer<ChildProcess> onExit) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            String raw;
            while ((raw = r.readLine()) != null) {
                String line = redact(raw);
                remember(line);
                try {
                    onLine.accept(line);
                } catch (RuntimeException listenerBug) {
                    remember("[novelkit] output listener failed: " + listenerBug);
                }
            }
        } catch (IOException e) {
            if (!destroyed) {
                remember("[novelkit] reading output failed: " + e.getMessage());
            }
        } finally {
            finish(onExit);
        }
    }

    private void finish(ObjIntConsumer<ChildProcess> onExit) {
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(Duration.ofSeconds(1));
            code = -1;
        }
        removeHook();
        try {
            onExit.accept(this, code);
        } finally {
            outputDone.countDown();
        }
    }

    private String redact(String line) {
        return secrets.redact(line);
    }

    private void remember(String line) {
        String l = line.length() > MAX_TAIL_LINE ? line.substring(0, MAX_TAIL_LINE) + "…" : line;
        synchronized (tail) {
            tail.addLast(l);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    /** The last lines of output (at most 50). */
    public List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the output has ended and {@code onExit} has returned. */
    public boolean isFinished() {
        return outputDone.getCount() == 0;
    }

    /** Waits until the output has ended, the process has exited and {@code onExit} has returned. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return outputDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #destroyTree} was called. */
    public boolean wasDestroyed() {
        return destroyed;
    }

    /**
     * Ends the process and all its descendants: a polite terminate (SIGTERM) first, then a forced kill of whatever
     * is still alive after {@code grace}. The tree is captured before anything is signalled, so grandchildren
     * re-parented to init are not missed.
     */
    public void destroyTree(Duration grace) {
        destroyed = true;
        ProcessTree.destroy(process.toHandle(), grace);
    }
}
