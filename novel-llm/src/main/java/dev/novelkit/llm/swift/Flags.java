package dev.novelkit.llm.swift;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A swift command line being written: {@code --flag value...} pairs in order, then the caller's extra arguments, a
 * {@code --flag} among which replaces the generated flag of the same name.
 */
final class Flags {
    private record Flag(String name, List<String> values) {
    }

    private final List<Flag> flags = new ArrayList<>();

    Flags add(String name, String value) {
        flags.add(new Flag(name, List.of(value)));
        return this;
    }

    Flags add(String name, List<String> values) {
        flags.add(new Flag(name, List.copyOf(values)));
        return this;
    }

    /** {@code executable subcommand --flag value... extra...}. */
    List<String> argv(String executable, String subcommand, List<String> extraArgs) {
        Set<String> overridden = new HashSet<>();
        for (String a : extraArgs) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                overridden.add(eq < 0 ? a : a.substring(0, eq));
            }
        }
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.add(subcommand);
        for (Flag f : flags) {
            if (!overridden.contains(f.name())) {
                argv.add(f.name());
                argv.addAll(f.values());
            }
        }
        argv.addAll(extraArgs);
        return argv;
    }
}
