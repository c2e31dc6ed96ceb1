package dev.novelkit.dataset.io.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.novelkit.core.InvalidInputException;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV rows with Jackson's CSV module: a field quoted when it holds a comma, quote, CR, LF or another
 * character below the comma (Jackson's quick check: a space, say), quotes doubled, rows ending with CRLF; reading
 * takes quoted line breaks and names the line of a malformed record.
 */
public final class CsvRows {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\r\n");
    private static final ObjectWriter WRITER = CSV.writer(SCHEMA);
    private static final ObjectReader READER = CSV.readerForListOf(String.class).with(CsvSchema.emptySchema());

    private CsvRows() {
    }

    /** Writes rows to a writer it does not close. */
    public static final class Out implements Closeable {
        private final SequenceWriter rows;

        public Out(Writer out) throws IOException {
            this.rows = WRITER.without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValues(out);
        }

        public void write(List<String> fields) throws IOException {
            rows.write(fields);
        }

        public void flush() throws IOException {
            rows.flush();
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /** Reads records one by one; a quoted field may span lines. */
    public static final class In {
        private final MappingIterator<List<String>> rows;
        private final String source;
        private int line;

        public In(Reader in, String source) throws IOException {
            this.rows = READER.readValues(in);
            this.source = source;
        }

        /** The line the last record returned started on (1-based). */
        public int line() {
            return line;
        }

        /** The next record (blank lines skipped), or null at the end of the input. */
        public List<String> next() {
            int start = (int) rows.getParser().currentLocation().getLineNr();
            try {
                while (rows.hasNextValue()) {
                    List<String> row = rows.nextValue();
                    line = Math.max(start, (int) rows.getParser().currentTokenLocation().getLineNr());
                    if (!(row.size() == 1 && row.get(0).isEmpty())) {
                        return row;
                    }
                    start = (int) rows.getParser().currentLocation().getLineNr();
                }
                return null;
            } catch (RuntimeJsonMappingException | IOException e) {
                Throwable cause = e.getCause() instanceof JsonProcessingException j ? j : e;
                String msg = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
                throw new InvalidInputException(source + ":" + Math.max(1, start), "malformed CSV: " + msg);
            }
        }
    }
}
