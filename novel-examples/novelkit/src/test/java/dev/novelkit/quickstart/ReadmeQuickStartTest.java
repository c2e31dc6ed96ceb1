package dev.novelkit.quickstart;

import dev.novelkit.pipeline.NovelToVideo;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's quick start honest: its Java block, with the imports of {@code novel-examples/jshell/quickstart.jsh},
 * compiles in JShell against this library's class path (no CLI, no logging binding), and its fast part (read, split,
 * build and write the dataset) runs on the bundled sample novel. Generation needs a server and the video job about a
 * minute, so those lines are compiled, not run.
 */
class ReadmeQuickStartTest {
    private static final Path REPO = Path.of("../..");
    private static final Path README = REPO.resolve("README.md");
    private static final Path JSH = REPO.resolve("novel-examples/jshell/quickstart.jsh");
    /** What the {@code jshell} tool imports at start (its DEFAULT startup); the JShell API imports nothing. */
    private static final List<String> JSHELL_DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
            "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    @Test
    void every_line_of_the_readme_quick_start_compiles_against_the_library() throws IOException {
        List<String> block = quickStartBlock();

        try (JShell shell = shell()) {
            List<String> problems = new ArrayList<>(importJshImports(shell));
            String method = "void readmeQuickStart() throws Exception {\n" + String.join("\n", block) + "\n}";
            problems.addAll(eval(shell, method));

            assertThat(block).hasSizeGreaterThanOrEqualTo(8)
                    .anyMatch(l -> l.contains("NovelToVideo")).anyMatch(l -> l.contains("DatasetBuilder"));
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void the_quick_start_reads_splits_and_writes_the_dataset_of_the_sample_novel(@TempDir Path dir) throws IOException {
        try (InputStream in = NovelToVideo.class.getResourceAsStream("/samples/dukou-denghuo.txt")) {
            Files.write(dir.resolve("novel.txt"), in.readAllBytes());
        }
        List<String> fastPart = new ArrayList<>();
        for (String line : quickStartBlock()) {
            if (line.contains("ChatModel") || line.contains("QwenGenerator")) {
                break;
            }
            fastPart.add(line.replace("Path.of(\"novel.txt\")", javaPath(dir.resolve("novel.txt")))
                    .replace("Path.of(\"train.jsonl\")", javaPath(dir.resolve("train.jsonl"))));
        }

        try (JShell shell = shell()) {
            List<String> problems = new ArrayList<>(importJshImports(shell));
            for (String line : fastPart) {
                problems.addAll(eval(shell, line));
            }
            assertThat(problems).isEmpty();
            String samples = value(shell, "dataset.samples().size()");
            String paragraphs = value(shell, "paragraphs.size()");

            assertThat(fastPart).hasSize(4);
            assertThat(Integer.parseInt(paragraphs)).isGreaterThan(1);
            assertThat(Integer.parseInt(samples)).isGreaterThanOrEqualTo(Integer.parseInt(paragraphs));
            assertThat(Files.readAllLines(dir.resolve("train.jsonl"), StandardCharsets.UTF_8))
                    .hasSize(Integer.parseInt(samples))
                    .allMatch(l -> l.startsWith("{\"query\":") && l.contains("\"response\":"));
        }
    }

    /** The lines of the Java block between "## Quick start" and "## Modules", blank lines dropped. */
    private static List<String> quickStartBlock() throws IOException {
        String text = Files.readString(README, StandardCharsets.UTF_8);
        int section = text.indexOf("## Quick start\n");
        int end = text.indexOf("## Modules", section);
        assertThat(section).as("README.md has a quick start before its module map").isNotNegative();
        assertThat(end).isGreaterThan(section);
        String part = text.substring(section, end);
        int open = part.indexOf("```java\n");
        int close = part.indexOf("```", open + 8);
        assertThat(open).as("the quick start holds a java block").isNotNegative();
        return part.substring(open + 8, close).lines().filter(l -> !l.isBlank()).toList();
    }

    /** A JShell running in this JVM with this module's test class path (the library and its runtime dependencies). */
    private static JShell shell() {
        JShell shell = JShell.builder().executionEngine("local").build();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        return shell;
    }

    private static List<String> importJshImports(JShell shell) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> imports = Files.readAllLines(JSH, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("import ")).toList();
        assertThat(imports).isNotEmpty();
        for (String pkg : JSHELL_DEFAULT_IMPORTS) {
            problems.addAll(eval(shell, "import " + pkg + ";"));
        }
        for (String line : imports) {
            problems.addAll(eval(shell, line));
        }
        return problems;
    }

    /** Evaluates one snippet; returns what went wrong (compile errors, exceptions), empty when it is valid. */
    private static List<String> eval(JShell shell, String source) {
        List<String> problems = new ArrayList<>();
        for (SnippetEvent e : shell.eval(source)) {
            if (e.exception() != null) {
                problems.add(source + " threw " + e.exception());
            }
            if (e.snippet() != null && e.status() != Snippet.Status.VALID && e.causeSnippet() == null) {
                List<String> diags = shell.diagnostics(e.snippet()).map(Diag::toString).toList();
                problems.add(source + " is " + e.status() + " " + diags);
            }
        }
        return problems;
    }

    private static String value(JShell shell, String expression) {
        List<SnippetEvent> events = shell.eval(expression);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).exception()).isNull();
        return events.get(0).value();
    }

    private static String javaPath(Path p) {
        return "Path.of(\"" + p.toAbsolutePath().toString().replace("\\", "\\\\") + "\")";
    }
}
