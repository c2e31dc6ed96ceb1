package dev.novelkit.llm.swift.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.llm.swift.SwiftLogParser;

import java.util.List;

/** The one place a failed swift process becomes a {@link BackendException}: cause, exit code, output tail. */
public final class Failures {
    private Failures() {
    }

    /**
     * "{@code <what> failed with exit code N: <cause>}" where the cause is CUDA out of memory, the last traceback
     * line, swift's last {@code [ERROR:swift]} line, a signal, or a pointer to the output tail.
     */
    public static BackendException processFailed(String what, int code, SwiftLogParser parser, List<String> tail) {
        return BackendException.builder("swift", what + " failed with exit code " + code + ": " + cause(code, parser))
                .exitCode(code).outputTail(tail).build();
    }

    /** Why the process ended, as far as its output tells. */
    public static String cause(int code, SwiftLogParser parser) {
        if (parser.outOfMemory()) {
            return "CUDA out of memory (" + parser.failureCause().orElse("") + "); lower maxLength or batchSize, "
                    + "or spread the model over more GPUs with DeepSpeed";
        }
        if (parser.failureCause().isPresent()) {
            return parser.failureCause().get();
        }
        if (code > 128) {
            return "killed by signal " + (code - 128)
                    + (code == 137 ? " (SIGKILL: often the system's out-of-memory killer)" : "");
        }
        return "no error message in the output (see outputTail)";
    }
}
