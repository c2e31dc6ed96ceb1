package dev.novelkit.dataset.io.internal;

import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; quotes doubled; rows end with CRLF. */
public final class Csv {
    private Csv() {
    }

    /** Writes one row. */
    public static void writeRow(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Reads records one by one; a quoted field may span lines. */
    public static final class RecordReader {
        private final Reader in;
        private final String source;
        private int line = 1;
        private int recordLine = 1;
        private int pushedBack = -2;

        public RecordReader(Reader in, String source) {
            this.in = in;
            this.source = source;
        }

        /** The line the last record returned started on (1-based). */
        public int line() {
            return recordLine;
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return in.read();
        }

        /** The next record, or null at the end of the input. */
        public List<String> next() throws IOException {
            int c = read();
            while (c == '\r' || c == '\n') {
                // Blank lines between records.
                if (c == '\n') {
                    line++;
                }
                c = read();
            }
            if (c == -1) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                if (c == '"' && field.length() == 0) {
                    int startLine = line;
                    while (true) {
                        int d = read();
                        if (d == -1) {
                            throw new InvalidInputException(source + ":" + startLine, "unterminated quoted field");
                        }
                        if (d == '"') {
                            int e = read();
                            if (e == '"') {
                                field.append('"');
                                continue;
                            }
                            c = e;
                            break;
                        }
                        if (d == '\n') {
                            line++;
                        }
                        field.append((char) d);
                    }
                    if (c != ',' && c != '\r' && c != '\n' && c != -1) {
                        throw new InvalidInputException(source + ":" + line,
                                "unexpected character '" + (char) c + "' after a closing quote");
                    }
                    continue;
                }
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    c = read();
                    continue;
                }
                if (c == '\r' || c == '\n' || c == -1) {
                    fields.add(field.toString());
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushedBack = d;
                        }
                    }
                    line++;
                    return fields;
                }
                field.append((char) c);
                c = read();
            }
        }
    }
}
