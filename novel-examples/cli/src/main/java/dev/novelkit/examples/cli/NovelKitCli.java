package dev.novelkit.examples.cli;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

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

    /** Builds the picocli command line with NovelKit's error handling: one line, non-zero exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new NovelKitCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("novelkit " + commandLine.getCommandName() + ": " + oneLine(ex));
            if (System.getenv("NOVELKIT_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return exitCodeOf(ex);
        });
        return cl;
    }

    static String oneLine(Throwable ex) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /** 2 bad input, 3 backend failure, 130 cancelled, 1 anything else. */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof CommandLine.ParameterException) {
            return 2;
        }
        if (ex instanceof BackendException) {
            return 3;
        }
        if (ex instanceof dev.novelkit.core.CancelledException) {
            return 130;
        }
        if (ex instanceof UncheckedIOException || ex instanceof NovelKitException) {
            return 1;
        }
        return 1;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // Native libraries (llama.cpp) may leave non-daemon threads behind: always exit explicitly.
        System.exit(code);
    }
}
