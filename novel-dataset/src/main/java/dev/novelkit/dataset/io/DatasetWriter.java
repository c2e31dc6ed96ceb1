package dev.novelkit.dataset.io;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.dataset.RecordFormat;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.dataset.build.Sample;
import dev.novelkit.dataset.io.internal.CsvRows;
import dev.novelkit.dataset.io.internal.SampleJson;
import dev.novelkit.dataset.io.internal.TextFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes samples as JSON Lines or CSV (RFC 4180, UTF-8 without BOM, a header row, CRLF row ends) in any
 * {@link RecordFormat}, always atomically: the file appears complete or not at all, and a failure midway leaves
 * the previous file in place. Immutable; every setter returns a new writer.
 *
 * <p>CSV holds flat columns: {@code [system,]query,response} (the seed's layout) for swift, messages and sharegpt,
 * {@code [system,]instruction,input,output} for alpaca. {@link #write(Path, Iterable)} adds the system column only
 * when a sample has a system prompt; a streaming {@link #open(Path)} decides up front ({@link #systemColumn}).
 *
 * <pre>{@code
 * DatasetWriter.jsonl().format(RecordFormat.MESSAGES).write(Path.of("train.jsonl"), samples);
 * }</pre>
 */
public final class DatasetWriter {
    private final boolean csv;
    private final RecordFormat format;
    private final boolean systemColumn;

    private DatasetWriter(boolean csv, RecordFormat format, boolean systemColumn) {
        this.csv = csv;
        this.format = format;
        this.systemColumn = systemColumn;
    }

    /** JSON Lines in the swift query/response format. */
    public static DatasetWriter jsonl() {
        return new DatasetWriter(false, RecordFormat.SWIFT, false);
    }

    /** CSV in the swift query/response columns. */
    public static DatasetWriter csv() {
        return new DatasetWriter(true, RecordFormat.SWIFT, false);
    }

    /** The record layout (default {@link RecordFormat#SWIFT}). */
    public DatasetWriter format(RecordFormat format) {
        return new DatasetWriter(csv, Require.nonNull("format", format), systemColumn);
    }

    /** For streaming CSV: whether the header has a system column (default false). JSON Lines ignore this. */
    public DatasetWriter systemColumn(boolean system) {
        return new DatasetWriter(csv, format, system);
    }

    public RecordFormat format() {
        return format;
    }

    public boolean isCsv() {
        return csv;
    }

    /** Writes every sample to {@code file} atomically and returns how many were written. */
    public long write(Path file, Iterable<Sample> samples) {
        Objects.requireNonNull(samples, "samples");
        boolean system = systemColumn;
        if (csv && !system) {
            for (Sample s : samples) {
                system |= s.hasSystem();
            }
        }
        try (Output out = new DatasetWriter(csv, format, system).open(file)) {
            for (Sample s : samples) {
                out.write(s);
            }
            out.commit();
            return out.count();
        }
    }

    /** Starts a streaming write: {@link Output#write} samples, then {@link Output#commit()}; close alone discards. */
    public Output open(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return new Output(AtomicFiles.open(file), csv, format, systemColumn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A streaming, atomic write of samples. Not thread-safe. */
    public static final class Output implements AutoCloseable {
        private final AtomicFiles.Target target;
        private final Writer writer;
        private final CsvRows.Out rows;
        private final boolean csv;
        private final RecordFormat format;
        private final boolean system;
        private long count;

        private Output(AtomicFiles.Target target, boolean csv, RecordFormat format, boolean system) throws IOException {
            this.target = target;
            this.writer = target.writer();
            this.csv = csv;
            this.format = format;
            this.system = system;
            this.rows = csv ? new CsvRows.Out(writer) : null;
            if (csv) {
                rows.write(format.csvColumns(system));
            }
        }

        public void write(Sample sample) {
            Objects.requireNonNull(sample, "sample");
            try {
                if (csv) {
                    if (sample.hasSystem() && !system) {
                        throw new InvalidInputException("sample " + (count + 1), "has a system prompt but the CSV "
                                + "has no system column (use systemColumn(true))");
                    }
                    rows.write(format.csvFields(system, sample.system(), sample.query(), sample.response()));
                } else {
                    writer.write(SampleJson.write(sample, format));
                    writer.write('\n');
                }
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target.target() + ": " + e.getMessage(), e);
            }
        }

        /** Samples written so far. */
        public long count() {
            return count;
        }

        /** Makes the file appear, complete. */
        public void commit() {
            try {
                if (rows != null) {
                    rows.flush();
                }
                target.commit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target.target() + ": " + e.getMessage(), e);
            }
        }

        /** Discards everything unless committed. */
        @Override
        public void close() {
            try {
                target.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean up after " + target.target() + ": " + e.getMessage(), e);
            }
        }
    }

    /** What a merge did: files read, records written, exact duplicates left out. */
    public record MergeReport(int files, long records, long duplicates) {
    }

    /**
     * Merges dataset files into {@code output} atomically, in the order given. JSON Lines files are merged line by
     * line, every line checked to be a JSON object; CSV files ({@code .csv}) must share one header and are merged
     * record by record (quoted line breaks kept). With {@code dedupe}, a record identical to an earlier one is left
     * out. {@code output} may be one of the inputs.
     *
     * @throws InvalidInputException naming the file and line of a malformed record, or the header that differs
     */
    public static MergeReport merge(List<Path> inputs, Path output, boolean dedupe) {
        Objects.requireNonNull(output, "output");
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        boolean csv = isCsv(output);
        for (Path in : inputs) {
            if (isCsv(in) != csv) {
                throw new InvalidInputException(in.toString(), "cannot merge CSV and JSON Lines files together");
            }
        }
        Set<HashCode> seen = new HashSet<>();
        long records = 0;
        long duplicates = 0;
        try (AtomicFiles.Target target = AtomicFiles.open(output)) {
            Writer w = target.writer();
            CsvRows.Out rows = csv ? new CsvRows.Out(w) : null;
            List<String> header = null;
            for (Path in : inputs) {
                try (BufferedReader r = TextFiles.utf8Reader(in)) {
                    if (csv) {
                        CsvRows.In rr = new CsvRows.In(r, in.toString());
                        List<String> h = rr.next();
                        if (h == null) {
                            continue;
                        }
                        if (header == null) {
                            header = h;
                            rows.write(header);
                        } else if (!header.equals(h)) {
                            throw new InvalidInputException(in.toString(), "header " + h + " differs from " + header);
                        }
                        for (List<String> rec = rr.next(); rec != null; rec = rr.next()) {
                            if (rec.size() != header.size()) {
                                throw new InvalidInputException(in + ":" + rr.line(), rec.size() + " fields, expected "
                                        + header.size());
                            }
                            if (dedupe && !seen.add(hash(String.join("\u0000", rec)))) {
                                duplicates++;
                                continue;
                            }
                            rows.write(rec);
                            records++;
                        }
                    } else {
                        int lineNo = 0;
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lineNo++;
                            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                                line = line.substring(1);
                            }
                            if (line.isBlank()) {
                                continue;
                            }
                            SampleJson.checkObject(line, in + ":" + lineNo);
                            if (dedupe && !seen.add(hash(line))) {
                                duplicates++;
                                continue;
                            }
                            w.write(line);
                            w.write('\n');
                            records++;
                        }
                    }
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new InvalidInputException(in.toString(), "not valid UTF-8");
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new InvalidInputException(in.toString(), "no such file");
                }
            }
            if (rows != null) {
                rows.flush();
            }
            target.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge into " + output + ": " + e.getMessage(), e);
        }
        return new MergeReport(inputs.size(), records, duplicates);
    }

    private static HashCode hash(String s) {
        return Hashing.murmur3_128().hashString(s, StandardCharsets.UTF_8);
    }

    static boolean isCsv(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    @Override
    public String toString() {
        return "DatasetWriter[" + (csv ? "csv" : "jsonl") + ", " + format.id() + "]";
    }
}
