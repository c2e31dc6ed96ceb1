package dev.novelkit.examples.cli;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.io.FileProblems;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code novelkit} command-line tool: one subcommand per stage of the novel-to-video job. */
@Command(name = "novelkit", mixinStandardHelpOptions = true, version = "novelkit 0.1.0",
        description = "Chinese novels to AI short videos: dataset, fine-tuning, generation, pictures, voices, video.",
        subcommands = {
                CommandLine.HelpCommand.class,
                SplitCommand.class, DatasetCommand.class, CleanCommand.class,
                TrainCommand.class, ExportCommand.class, InferCommand.class, AppCommand.class, GenerateCommand.class,
                DeployCommand.class,
                PromptCommand.class, ImageCommand.class, ShotCommand.class, VoiceCommand.class,
                AssembleCommand.class, VideoCommand.class, DemoCommand.class})
public final class NovelKitCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The exit codes of every command, one table (also printed by {@code --help}). */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "Done.");
        codes.put("1", "An internal error (a bug in NovelKit; NOVELKIT_DEBUG=1 prints the stack trace).");
        codes.put("2", "Bad input or a local problem: an option value, an input file, an output path that "
                + "cannot be written (the message names it and says why).");
        codes.put("3", "A backend failed: a server, espeak-ng, ffmpeg, swift or llama.cpp.");
        codes.put("130", "Cancelled (Ctrl-C).");
        return codes;
    }

    /** Builds the picocli command line with NovelKit's error handling: one line, non-zero exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new NovelKitCli());
        exitCodeHelp(cl);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("novelkit " + commandLine.getCommandName() + ": " + oneLine(ex));
            if (System.getenv("NOVELKIT_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return exitCodeOf(ex);
        });
        return cl;
    }

    private static void exitCodeHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        cl.getSubcommands().values().forEach(NovelKitCli::exitCodeHelp);
    }

    /**
     * The first line of the message; an I/O error that Java describes by a path alone ("AccessDeniedException:
     * /out/x.wav") gets the reason in words.
     */
    static String oneLine(Throwable ex) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        IOException io = ioCause(ex);
        if (io != null && !(ex instanceof InvalidInputException)) {
            String described = FileProblems.describe(io);
            if (io instanceof FileSystemException f && f.getFile() != null && !msg.contains(described)) {
                String bare = io.getMessage();
                msg = bare != null && msg.endsWith(bare)
                        ? msg.substring(0, msg.length() - bare.length()) + described
                        : msg + " (" + described + ")";
            }
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /**
     * One table for every command: 2 bad input or a local problem (an option value, a file that cannot be read or
     * written), 3 a backend failed, 130 cancelled, 1 anything else (a bug).
     */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof CommandLine.ParameterException) {
            return 2;
        }
        if (ex instanceof BackendException) {
            return 3;
        }
        if (ex instanceof CancelledException) {
            return 130;
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            return 2;
        }
        if (ex instanceof IllegalArgumentException) {
            // a value checked by a constructor that predates InvalidSettingException: still the user's input
            return 2;
        }
        return 1;
    }

    private static IOException ioCause(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // Native libraries (llama.cpp) may leave non-daemon threads behind: always exit explicitly.
        System.exit(code);
    }
}
