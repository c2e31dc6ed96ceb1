package dev.novelkit.llm.swift;

import dev.novelkit.core.Secrets;
import dev.novelkit.llm.swift.internal.Shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An exact command line NovelKit would run: the argv (executable first), the environment variables it adds to the
 * inherited environment, in order, the working directory, and notes: which ms-swift it is written for and what had
 * to be translated for that release. Nothing runs until {@code start()}; {@link #toShellString()} is what
 * {@code --dry-run} prints (exactly, an API key included; {@link #toString()} masks it), after the notes as
 * {@code #} comments.
 *
 * <p>When it runs, NovelKit also sets {@code PYTHONUNBUFFERED=1} and {@code PYTHONIOENCODING=utf-8} unless they are
 * set already, so that progress lines arrive as swift prints them, and puts the folder of an executable given as a
 * path first on the {@code PATH} (as activating its virtual environment would: swift 2.x starts its subcommands with
 * the {@code python} it finds there); they are not part of this command.
 *
 * @param notes one line each, without a leading {@code #}
 */
public record SwiftCommand(List<String> argv, Map<String, String> env, Path workingDir, List<String> notes) {
    public SwiftCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        env = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(env, "env")));
        Objects.requireNonNull(workingDir, "workingDir");
        notes = List.copyOf(notes);
    }

    /** A command without notes. */
    public SwiftCommand(List<String> argv, Map<String, String> env, Path workingDir) {
        this(argv, env, workingDir, List.of());
    }

    /** The notes as shell comments ({@code # ...}, one a line), then {@link #toMultilineShellString()}. */
    public String toScript() {
        StringBuilder b = new StringBuilder();
        for (String n : notes) {
            b.append("# ").append(n).append('\n');
        }
        return b.append(toMultilineShellString()).toString();
    }

    /** The executable, {@code argv().get(0)}. */
    public String executable() {
        return argv.get(0);
    }

    /** The arguments after the executable. */
    public List<String> args() {
        return argv.subList(1, argv.size());
    }

    /**
     * One line for a POSIX shell, environment first, like the seed's {@code CUDA_VISIBLE_DEVICES=0 swift sft ...}.
     * Arguments are quoted only where needed.
     */
    public String toShellString() {
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append(k).append('=').append(Shell.quote(v)).append(' '));
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(Shell.quote(argv.get(i)));
        }
        return b.toString();
    }

    /**
     * The seed's layout: environment and subcommand on their own lines, then one {@code --flag value...} per line,
     * joined with {@code " \"} continuations. Pastes into a shell as is.
     */
    public String toMultilineShellString() {
        List<String> lines = new ArrayList<>();
        if (!env.isEmpty()) {
            StringBuilder e = new StringBuilder();
            env.forEach((k, v) -> e.append(e.length() == 0 ? "" : " ").append(k).append('=').append(Shell.quote(v)));
            lines.add(e.toString());
        }
        StringBuilder head = new StringBuilder(Shell.quote(argv.get(0)));
        int i = 1;
        while (i < argv.size() && !argv.get(i).startsWith("--")) {
            head.append(' ').append(Shell.quote(argv.get(i++)));
        }
        lines.add(head.toString());
        StringBuilder cur = null;
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--") || cur == null) {
                if (cur != null) {
                    lines.add(cur.toString());
                }
                cur = new StringBuilder("    ").append(Shell.quote(a));
            } else {
                cur.append(' ').append(Shell.quote(a));
            }
        }
        if (cur != null) {
            lines.add(cur.toString());
        }
        return String.join(" \\\n", lines);
    }

    /**
     * The secret values this command passes ({@code --api_key}/{@code --api-key}): masked in {@link #toString()} and
     * in every line of swift's output NovelKit keeps or passes on (swift prints its arguments).
     */
    public List<String> secrets() {
        List<String> found = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String flag = argv.get(i - 1);
            if ((flag.equals("--api_key") || flag.equals("--api-key")) && !argv.get(i).isBlank()) {
                found.add(argv.get(i));
            }
        }
        return found;
    }

    /** The one-line form with the value of {@code --api_key}/{@code --api-key} masked. */
    @Override
    public String toString() {
        return Secrets.redactor(secrets().toArray(String[]::new)).redact(toShellString());
    }
}
