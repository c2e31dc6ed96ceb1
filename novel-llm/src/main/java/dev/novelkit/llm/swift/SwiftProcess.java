package dev.novelkit.llm.swift;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.llm.swift.internal.ChildProcess;
import dev.novelkit.llm.swift.internal.Gpus;
import dev.novelkit.llm.swift.internal.SwiftInstalls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to run swift, shared by {@link SwiftTrainer}, {@link SwiftExport}, {@link SwiftDeployment} and
 * {@link SwiftChat}: which executable, in which folder, on which GPUs, with which extra environment, how long a stop
 * may take, and which ms-swift it is. Immutable; every setter returns a new instance.
 *
 * <p>Unless a version or dialect is set, the {@code swift} executable that will run is asked which ms-swift it
 * belongs to (its console-script Python answers {@code importlib.metadata.version("ms-swift")}; the answer is cached
 * per executable), and the command line is written for that release.
 *
 * <pre>{@code
 * SwiftProcess swift = SwiftProcess.defaults().executable(Path.of("/opt/swift-env/bin/swift")).gpus(0, 1);
 * SwiftTrainer trainer = SwiftTrainer.of(Path.of("train.jsonl")).process(swift);
 * }</pre>
 */
public final class SwiftProcess {
    private static final SwiftProcess DEFAULTS = new SwiftProcess(null, null, null, Map.of(), Duration.ofSeconds(10),
            null, null);

    private final Path executable;
    private final Path workingDir;
    private final List<Integer> gpus;
    private final Map<String, String> environment;
    private final Duration stopGrace;
    private final SwiftVersion version;
    private final SwiftDialect dialect;

    private SwiftProcess(Path executable, Path workingDir, List<Integer> gpus, Map<String, String> environment,
                         Duration stopGrace, SwiftVersion version, SwiftDialect dialect) {
        this.executable = executable;
        this.workingDir = workingDir;
        this.gpus = gpus;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.stopGrace = stopGrace;
        this.version = version;
        this.dialect = dialect;
    }

    /** {@code swift} from the {@code PATH}, the current folder, each command's default GPUs, a 10 s stop grace, the installed version. */
    public static SwiftProcess defaults() {
        return DEFAULTS;
    }

    /** The swift executable (default: {@code swift} found on the {@code PATH}, the command's own if it sets one). */
    public SwiftProcess executable(Path swift) {
        return new SwiftProcess(Require.nonNull("executable", swift), workingDir, gpus, environment, stopGrace, version,
                dialect);
    }

    /** The folder swift runs in; relative paths in the settings are relative to it (default: the current folder). */
    public SwiftProcess workingDir(Path dir) {
        return new SwiftProcess(executable, Require.nonNull("workingDir", dir).toAbsolutePath(), gpus, environment,
                stopGrace, version, dialect);
    }

    /**
     * GPUs ({@code CUDA_VISIBLE_DEVICES}); with no argument, the inherited value is left alone. Unset, training,
     * serving and chatting use GPU 0 as the seed does, and merging leaves it inherited.
     */
    public SwiftProcess gpus(int... ids) {
        List<Integer> list = Gpus.of(ids);
        Set<Integer> seen = new HashSet<>();
        for (int id : list) {
            Require.that(id >= 0, "gpus", list, "must hold GPU ids of 0 or more");
            Require.that(seen.add(id), "gpus", list, "must not repeat a GPU id");
        }
        return new SwiftProcess(executable, workingDir, list, environment, stopGrace, version, dialect);
    }

    /** An extra environment variable for swift ({@code HF_HOME}, {@code MODELSCOPE_CACHE}, {@code PATH}, ...). */
    public SwiftProcess environment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Require.nonBlank("environment", name), Require.nonNull("environment " + name, value));
        return new SwiftProcess(executable, workingDir, gpus, env, stopGrace, version, dialect);
    }

    /** How long a stop (cancel, close) waits after asking swift to end before killing it (default 10 s). */
    public SwiftProcess stopGrace(Duration grace) {
        return new SwiftProcess(executable, workingDir, gpus, environment, Require.nonNegative("stopGrace", grace),
                version, dialect);
    }

    /** The installed ms-swift release, when it should not be asked (or cannot be): the command line follows it. */
    public SwiftProcess swiftVersion(SwiftVersion version) {
        return new SwiftProcess(executable, workingDir, gpus, environment, stopGrace,
                Require.nonNull("swiftVersion", version), null);
    }

    /** The ms-swift major, when the release does not matter: stands for {@link SwiftDialect#assumedVersion()}. */
    public SwiftProcess dialect(SwiftDialect dialect) {
        Require.nonNull("dialect", dialect);
        return new SwiftProcess(executable, workingDir, gpus, environment, stopGrace, dialect.assumedVersion(), dialect);
    }

    /** The executable set, or null for {@code swift} on the {@code PATH}. */
    public Path executable() {
        return executable;
    }

    /** The working folder (the current folder when none was set). */
    public Path workingDir() {
        return workingDir != null ? workingDir : Path.of("").toAbsolutePath();
    }

    /** The extra environment, in order. */
    public Map<String, String> environment() {
        return environment;
    }

    public Duration stopGrace() {
        return stopGrace;
    }

    /** {@code path} against the working folder. */
    Path resolve(Path path) {
        return workingDir().resolve(path).normalize();
    }

    /**
     * {@code folder} against the working folder, checked to be a folder.
     *
     * @throws InvalidInputException naming it ({@code what}: "checkpoint folder") when it is not there
     */
    Path existingFolder(Path folder, String what) {
        Path p = resolve(folder);
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException(p.toString(), what + (Files.exists(p) ? " is not a folder" : " does not exist"));
        }
        return p;
    }

    /** {@code argv[0]}: the executable as given, or {@code swift}. */
    String argv0() {
        return executable == null ? "swift" : executable.toString();
    }

    /** {@code CUDA_VISIBLE_DEVICES} (this process's GPUs, else {@code defaultGpus}), then the extra environment. */
    Map<String, String> env(List<Integer> defaultGpus) {
        Map<String, String> env = new LinkedHashMap<>();
        Gpus.putVisibleDevices(env, gpus != null ? gpus : defaultGpus);
        env.putAll(environment);
        return env;
    }

    /** The GPUs set, or {@code defaultGpus}. */
    List<Integer> gpusOr(List<Integer> defaultGpus) {
        return gpus != null ? gpus : defaultGpus;
    }

    /**
     * The release to write the command line for and one line saying where it comes from: the version or dialect
     * set, else the installed swift's answer. With {@code guessWhenMissing}, no swift found means the newest
     * major (for a dry run); otherwise it is a {@link BackendException}.
     *
     * @throws BackendException when swift is not found (and no guess is allowed) or cannot tell its version
     */
    Target target(boolean guessWhenMissing) {
        if (version != null) {
            return new Target(version, dialect != null
                    ? "for ms-swift " + dialect.label() + " (dialect " + dialect.name().toLowerCase(java.util.Locale.ROOT)
                    + " set: the flags of " + version + ")"
                    : "for ms-swift " + version + " (version set)");
        }
        Path found;
        try {
            found = ChildProcess.resolveExecutable("swift", argv0(), environment.get("PATH"));
        } catch (BackendException notFound) {
            if (!guessWhenMissing) {
                throw notFound;
            }
            SwiftDialect newest = SwiftDialect.newest();
            return new Target(newest.assumedVersion(), "no swift found (" + argv0() + "): this is the command for "
                    + "ms-swift " + newest.label() + ", the newest major; set --dialect v2|v3 or --swift-version for "
                    + "another");
        }
        SwiftVersion installed = SwiftInstalls.version(found, environment.get("PATH"), environment);
        return new Target(installed, "for ms-swift " + installed + ", found at " + found);
    }

    /** The release a command line is written for, and where that came from. */
    record Target(SwiftVersion version, String note) {
        Target {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(note, "note");
        }
    }

    @Override
    public String toString() {
        return "SwiftProcess[" + argv0() + (version != null ? ", ms-swift " + version : "") + ", in " + workingDir()
                + (gpus != null ? ", gpus " + gpus : "") + "]";
    }
}
