package dev.novelkit.llm.swift.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.llm.swift.SwiftVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which ms-swift an installed {@code swift} is. There is no {@code swift --version}: {@code swift} is a pip console
 * script whose first line names its Python ({@code #!/venv/bin/python3}, or pip's {@code #!/bin/sh} +
 * {@code '''exec' "/venv/bin/python3" "$0" "$@"} form for long paths), and that Python answers
 * {@code importlib.metadata.version("ms-swift")} (or {@code swift.__version__}). Answers are cached per executable
 * file and modification time, so an upgrade (pip rewrites the script) is noticed.
 */
public final class SwiftInstalls {
    /** How long asking the Python may take (importing nothing heavy, it takes well under a second). */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PROBE = String.join("\n",
            "import sys",
            "try:",
            "    from importlib.metadata import version",
            "    print(version('ms-swift'))",
            "except Exception as first:",
            "    try:",
            "        import swift",
            "        print(swift.__version__)",
            "    except Exception as second:",
            "        sys.stderr.write('%s: %s; %s: %s\\n' % (type(first).__name__, first, type(second).__name__, second))",
            "        sys.exit(3)");
    private static final Map<String, SwiftVersion> CACHE = new ConcurrentHashMap<>();

    private SwiftInstalls() {
    }

    /**
     * The version of the ms-swift {@code executable} belongs to.
     *
     * @param path the {@code PATH} to look an {@code #!/usr/bin/env python3} interpreter up on
     * @param env  extra environment for the Python (the command's own)
     * @throws BackendException naming the executable, why it cannot tell, and how to set the version instead
     */
    public static SwiftVersion version(Path executable, String path, Map<String, String> env) {
        String key;
        try {
            key = executable.toRealPath() + "@" + Files.getLastModifiedTime(executable).toMillis();
        } catch (IOException e) {
            throw unreadable(executable, "cannot read it: " + e.getMessage());
        }
        SwiftVersion known = CACHE.get(key);
        if (known != null) {
            return known;
        }
        SwiftVersion v = ask(executable, interpreter(executable, path), env);
        CACHE.put(key, v);
        return v;
    }

    /** The Python a console script runs under, from its first line(s). */
    static Path interpreter(Path script, String path) {
        List<String> head = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < 2; i++) {
                String line = r.readLine();
                if (line == null) {
                    break;
                }
                head.add(line.strip());
            }
        } catch (IOException e) {
            throw unreadable(script, "cannot read it: " + e.getMessage());
        }
        if (head.isEmpty() || !head.get(0).startsWith("#!")) {
            throw unreadable(script, "its first line is not a #! line naming a Python, so it is not the console "
                    + "script pip installs");
        }
        String shebang = head.get(0).substring(2).strip();
        if ((shebang.equals("/bin/sh") || shebang.equals("/usr/bin/sh")) && head.size() > 1
                && head.get(1).startsWith("'''exec' ")) {
            String rest = head.get(1).substring("'''exec' ".length()).strip();
            if (rest.startsWith("\"")) {
                int close = rest.indexOf('"', 1);
                if (close > 1) {
                    return Path.of(rest.substring(1, close));
                }
            }
            int space = rest.indexOf(' ');
            return Path.of(space < 0 ? rest : rest.substring(0, space));
        }
        String[] parts = shebang.split("\\s+");
        if (parts[0].endsWith("/env") && parts.length > 1) {
            return ChildProcess.resolveExecutable("swift", parts[1], path);
        }
        return Path.of(parts[0]);
    }

    private static SwiftVersion ask(Path executable, Path python, Map<String, String> env) {
        if (!Files.isExecutable(python)) {
            throw unreadable(executable, "its Python " + python + " does not exist or cannot be run");
        }
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", PROBE);
        pb.environment().putAll(env);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw unreadable(executable, "cannot run its Python " + python + ": " + e.getMessage());
        }
        try {
            byte[][] streams = new byte[2][];
            Thread err = new Thread(() -> streams[1] = readAll(p.getErrorStream()), "novelkit-swift-version");
            err.setDaemon(true);
            err.start();
            streams[0] = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw unreadable(executable, "its Python " + python + " did not answer within " + TIMEOUT.toSeconds()
                        + " s");
            }
            err.join(2000);
            String outText = new String(streams[0], StandardCharsets.UTF_8).strip();
            String errText = streams[1] == null ? "" : new String(streams[1], StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 || outText.isEmpty()) {
                String why = errText.isEmpty() ? "exit code " + p.exitValue() : lastLine(errText);
                throw unreadable(executable, "its Python " + python + " knows no ms-swift (" + why + ")");
            }
            String line = lastLine(outText);
            try {
                return SwiftVersion.parse(line);
            } catch (InvalidSettingException e) {
                throw unreadable(executable, "its Python " + python + " reports '" + line
                        + "', not an ms-swift 2.x, 3.x or 4.x version");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw unreadable(executable, "interrupted while asking its Python");
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String lastLine(String text) {
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1).strip();
    }

    private static BackendException unreadable(Path executable, String why) {
        return BackendException.builder("swift", "cannot tell which ms-swift " + executable + " is: " + why
                + "; set it with --swift-version X.Y.Z or --dialect v2|v3|v4 (SwiftProcess.swiftVersion(...) or "
                + ".dialect(...) in Java)").build();
    }
}
