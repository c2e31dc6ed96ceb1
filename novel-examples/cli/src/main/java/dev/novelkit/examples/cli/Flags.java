package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;

import java.util.Map;
import java.util.function.Supplier;

/** Bad values the library reports by its own setting names, told about the flags the user typed instead. */
final class Flags {
    private Flags() {
    }

    /**
     * Runs {@code work}; an {@link InvalidInputException} about a setting in {@code flags} (library name → flag)
     * is rethrown naming the flag: {@code format.fps: must be in 1..120} becomes {@code --fps: must be in 1..120}.
     */
    static <T> T naming(Map<String, String> flags, Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidInputException e) {
            String flag = flags.get(e.input());
            if (flag == null) {
                throw e;
            }
            throw new InvalidInputException(flag, e.problem(), e);
        }
    }
}
