package dev.novelkit.dataset.io;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.dataset.RecordFormat;
import dev.novelkit.core.dataset.TrainingRecord;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.dataset.build.Sample;
import dev.novelkit.dataset.io.internal.CsvRows;
import dev.novelkit.dataset.io.internal.SampleJson;
import dev.novelkit.dataset.io.internal.TextFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a dataset file back into {@link Sample}s: JSON Lines in any {@link RecordFormat} (recognised line by line),
 * or CSV ({@code .csv}) with query/response or instruction/input/output columns. The sample kind is recognised from
 * the query when it fits one of the templates of the prompts given (by default the seed's, with and without its
 * typo); otherwise it is null. Malformed input gives an {@link InvalidInputException} naming {@code file:line}.
 * Immutable.
 */
public final class DatasetReader {
    private final List<StoryPrompts> prompts;

    private DatasetReader(List<StoryPrompts> prompts) {
        this.prompts = prompts;
    }

    /** Recognises kinds by the default and the seed-verbatim templates. */
    public static DatasetReader defaults() {
        return new DatasetReader(List.of(StoryPrompts.defaults(), StoryPrompts.seedVerbatim()));
    }

    /** Recognises kinds by these templates too (tried first). */
    public DatasetReader prompts(StoryPrompts custom) {
        List<StoryPrompts> all = new ArrayList<>();
        all.add(Require.nonNull("prompts", custom));
        all.addAll(prompts);
        return new DatasetReader(List.copyOf(all));
    }

    /** Reads a whole file. */
    public List<Sample> read(Path file) {
        List<Sample> out = new ArrayList<>();
        forEach(file, out::add);
        return out;
    }

    /** Streams a file through {@code action}, one sample at a time (memory does not grow with the file). */
    public void forEach(Path file, Consumer<Sample> action) {
        Objects.requireNonNull(file, "file");
        int[] line = {0};
        try (BufferedReader r = TextFiles.utf8Reader(file)) {
            if (DatasetWriter.isCsv(file)) {
                readCsv(file, r, action, line);
            } else {
                for (String s = r.readLine(); s != null; s = r.readLine()) {
                    line[0]++;
                    if (line[0] == 1 && s.startsWith("\uFEFF")) {
                        s = s.substring(1);
                    }
                    if (s.isBlank()) {
                        continue;
                    }
                    action.accept(withKind(SampleJson.read(s, file + ":" + line[0])));
                }
            }
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ":" + (line[0] + 1), "not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void readCsv(Path file, BufferedReader r, Consumer<Sample> action, int[] line) throws IOException {
        CsvRows.In rows = new CsvRows.In(r, file.toString());
        List<String> header = rows.next();
        if (header == null) {
            return;
        }
        TrainingRecord.CsvColumns columns = TrainingRecord.CsvColumns.of(header, file + ":1");
        for (List<String> rec = rows.next(); rec != null; rec = rows.next()) {
            line[0] = rows.line();
            if (rec.size() != columns.width()) {
                throw new InvalidInputException(file + ":" + rows.line(), rec.size() + " fields, expected "
                        + columns.width());
            }
            action.accept(withKind(new Sample(null, columns.query(rec), columns.response(rec), columns.system(rec),
                    -1, "")));
        }
    }

    private Sample withKind(Sample s) {
        SampleKind kind = kindOf(s.query());
        return kind == null ? s : s.kind(kind);
    }

    /** The kind whose query template {@code query} fits, or null. */
    public SampleKind kindOf(String query) {
        for (StoryPrompts p : prompts) {
            for (SampleKind kind : SampleKind.values()) {
                String template = p.queryTemplate(kind);
                String placeholder = "{" + StoryPrompts.placeholderOf(kind) + "}";
                int at = template.indexOf(placeholder);
                String prefix = template.substring(0, at);
                String suffix = template.substring(at + placeholder.length());
                if (query.length() >= prefix.length() + suffix.length() && query.startsWith(prefix)
                        && query.endsWith(suffix)) {
                    return kind;
                }
            }
        }
        return null;
    }
}
