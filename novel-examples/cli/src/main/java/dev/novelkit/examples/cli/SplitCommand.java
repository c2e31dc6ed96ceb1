package dev.novelkit.examples.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.io.FileProblems;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.core.text.ParagraphStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code novelkit split}: Split a novel into paragraphs (seed-compatible or sentence-aware) as JSONL. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a novel into paragraphs (seed-compatible or sentence-aware) as JSONL.",
                "One JSON object per line: index, chapter, chapterTitle, text, start, end, chars."})
final class SplitCommand implements Callable<Integer> {
    /** Files larger than this share of the heap are streamed instead of read whole. */
    private static final int HEAP_SHARE = 8;
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "The novel: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK or Big5.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "P.jsonl", description = "Where to write the paragraphs.")
    Path out;

    @Option(names = "--mode", defaultValue = "sentence", paramLabel = "seed|sentence",
            description = "seed: exactly the seed's get_novel_text; sentence: sentence-aware (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--max-chars", defaultValue = "2200", paramLabel = "N",
            description = "Paragraph limit in characters (default: ${DEFAULT-VALUE}).")
    int maxChars;

    @Option(names = "--overlap", defaultValue = "0", paramLabel = "N",
            description = "Characters of the previous paragraph repeated at the start of the next (sentence mode).")
    int overlap;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "The novel's encoding, such as GB18030 or Big5 (default: detect it).")
    String encoding;

    @Override
    public Integer call() throws IOException {
        NovelSplitter splitter = splitter();
        Charset charset = charset();
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException(input.toString(), Files.exists(input) ? "not a regular file" : "no such file");
        }
        long size = Files.size(input);
        boolean whole = size < Runtime.getRuntime().maxMemory() / HEAP_SHARE;
        ProgressListener progress = whole ? ProgressListener.NONE : ProgressBar.stderr();
        long t0 = System.nanoTime();
        long count = 0;
        long utf8Bytes;
        try (AtomicFiles.Target target = AtomicFiles.open(out);
             ParagraphStream paragraphs = whole ? splitter.stream(Novel.read(input, charset).requireStoryText())
                     : splitter.stream(input, charset);
             JsonGenerator json = JSON.createGenerator(target.stream(), JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            while (paragraphs.hasNext()) {
                write(json, paragraphs.next());
                if (++count % 4096 == 0) {
                    progress.onProgress(new Progress("split", Math.min(size, paragraphs.utf8Bytes()), size,
                            count + " paragraphs"));
                }
            }
            if (count == 0) {
                throw new InvalidInputException(input.toString(), "no story text: only chapter headings");
            }
            json.flush();
            target.commit();
            utf8Bytes = paragraphs.utf8Bytes();
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot split " + input + " into " + out + ": "
                    + FileProblems.describe(e.getCause()), e.getCause());
        } catch (IOException e) {
            throw FileProblems.writing(out, e);
        }
        long nanos = System.nanoTime() - t0;
        progress.onProgress(new Progress("split", size, size, count + " paragraphs"));
        double mb = utf8Bytes / 1e6;
        spec.commandLine().getOut().printf(Locale.ROOT, "split: %d paragraphs, %.1f MB in %d ms (%.1f MB/s)%n",
                count, mb, nanos / 1_000_000, mb / Math.max(1e-9, nanos / 1e9));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void write(JsonGenerator json, Paragraph p) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", p.index());
        json.writeNumberField("chapter", p.chapter());
        json.writeStringField("chapterTitle", p.chapterTitle());
        json.writeStringField("text", p.text());
        json.writeNumberField("start", p.start());
        json.writeNumberField("end", p.end());
        json.writeNumberField("chars", p.length());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private NovelSplitter splitter() {
        NovelSplitter base = switch (mode.toLowerCase(Locale.ROOT)) {
            case "seed" -> NovelSplitter.seedCompatible();
            case "sentence", "sentences" -> NovelSplitter.sentences();
            default -> throw new InvalidInputException("--mode", "must be seed or sentence, was " + mode);
        };
        try {
            return base.maxChars(maxChars).overlap(overlap);
        } catch (InvalidSettingException e) {
            throw new InvalidInputException(e.setting().equals("overlap") ? "--overlap" : "--max-chars", e.problem());
        }
    }

    private Charset charset() {
        return Encodings.charset("--encoding", encoding);
    }
}
