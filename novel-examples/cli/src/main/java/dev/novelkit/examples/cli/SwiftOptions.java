package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.llm.swift.SwiftCommand;
import dev.novelkit.llm.swift.SwiftDialect;
import dev.novelkit.llm.swift.SwiftProcess;
import dev.novelkit.llm.swift.SwiftVersion;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options every swift command shares ({@code train}, {@code export}, {@code infer}, {@code app}, {@code deploy}). */
final class SwiftOptions {
    @Option(names = "--swift", description = "The swift executable (default: swift on the PATH).")
    Path swift;

    @Option(names = "--dialect", description = "Write this major's flags (v2, v3 or v4) instead of asking the installed "
            + "swift which ms-swift it is.")
    String dialect;

    @Option(names = "--swift-version", description = "The installed ms-swift release (e.g. 4.0.3), when it should not "
            + "or cannot be asked.")
    String swiftVersion;

    @Option(names = "--gpus", description = "GPU ids, comma-separated (0,1 also sets NPROC_PER_NODE=2 for train); "
            + "'inherit' keeps CUDA_VISIBLE_DEVICES as is. Default: 0 (export: inherit).")
    String gpus;

    @Option(names = "--env", description = "An environment variable for swift, NAME=VALUE (repeatable), e.g. "
            + "MODELSCOPE_CACHE=/data/ms.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--extra", description = "A swift argument passed through as is (repeat for each token); a --flag "
            + "here replaces NovelKit's own.")
    List<String> extra = new ArrayList<>();

    @Option(names = "--dry-run", description = "Check the inputs and print the exact command for the installed swift "
            + "(or, with none installed, for the newest major); run nothing.")
    boolean dryRun;

    /** The process settings these options describe. */
    SwiftProcess process() {
        SwiftProcess p = SwiftProcess.defaults();
        if (dialect != null && swiftVersion != null) {
            throw new InvalidSettingException("--dialect", dialect, "cannot be given together with --swift-version");
        }
        if (dialect != null) {
            p = p.dialect(SwiftDialect.parse(dialect));
        }
        if (swiftVersion != null) {
            p = p.swiftVersion(SwiftVersion.parse(swiftVersion));
        }
        if (swift != null) {
            p = p.executable(swift);
        }
        if (gpus != null) {
            p = p.gpus(parseGpus(gpus));
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            p = p.environment(e.getKey(), e.getValue());
        }
        return p;
    }

    String[] extraArgs() {
        return extra.toArray(String[]::new);
    }

    /** Prints the command with its notes as {@code #} comments: what {@code --dry-run} shows. */
    static void print(PrintWriter out, SwiftCommand command) {
        out.println(command.toScript());
        out.flush();
    }

    /** "0,1" → [0, 1]; "inherit" (or "") → none. */
    static int[] parseGpus(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("inherit")) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--gpus", "expected GPU ids such as 0,1 or 'inherit', was '" + text + "'");
            }
        }
        return ids;
    }
}
