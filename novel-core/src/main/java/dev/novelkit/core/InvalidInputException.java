package dev.novelkit.core;

import java.util.Objects;

/**
 * Bad input from the caller: a file that is empty, binary or undecodable, a malformed record, a value out of range.
 * The message always names the input (file, line, field) and the problem.
 */
public class InvalidInputException extends NovelKitException {
    private static final long serialVersionUID = 1L;
    private final String input;
    private final String problem;

    public InvalidInputException(String input, String problem) {
        this(input, problem, null);
    }

    public InvalidInputException(String input, String problem, Throwable cause) {
        super(Objects.requireNonNull(input, "input") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.input = input;
        this.problem = problem;
    }

    /** What was wrong: a file path, {@code file:line}, a field name or a short description of the value. */
    public String input() {
        return input;
    }

    /** What was wrong with it. */
    public String problem() {
        return problem;
    }
}
