package dev.novelkit.examples.cli;

import dev.novelkit.llm.swift.SwiftExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code novelkit export}: Merge a LoRA checkpoint into its base model (swift export --merge_lora true). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Merge a LoRA checkpoint into its base model with swift export --merge_lora true, in the flags of "
                + "the installed swift; prints the merged folder.",
        footer = {"", "An existing output folder is refused unless --overwrite: then swift 3.x and 4.x get",
                "--exist_ok true, and for swift 2.x (which would keep the old folder and merge nothing) NovelKit",
                "removes it first."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SwiftOptions swift;

    @Option(names = "--checkpoint", required = true, description = "The LoRA checkpoint folder (.../vN-.../checkpoint-N).")
    Path checkpoint;

    @Option(names = "--output", description = "Where the merged model goes (3.x and 4.x; default <checkpoint>-merged).")
    Path output;

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    @Option(names = "--verbose", description = "Echo swift's own output to stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        SwiftExport export = SwiftExport.of(checkpoint).overwrite(overwrite).extraArgs(swift.extraArgs())
                .process(swift.process());
        if (output != null) {
            export = export.outputDir(output);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (swift.dryRun) {
            export.checkInputs();
            SwiftOptions.print(out, export.toCommand());
            return 0;
        }
        Path merged = export.run(new SwiftProgress(verbose));
        out.println("merged model: " + merged);
        out.flush();
        return 0;
    }
}
