package dev.novelkit.llm.swift.internal;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetCheckTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void accepts_every_layout_swift_reads() throws IOException {
        Path messages = file("m.jsonl", "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a helpful assistant.\"}, "
                + "{\"role\": \"user\", \"content\": \"下面是前一个章节的简要概括\"}, {\"role\": \"assistant\", \"content\": \"他推开门\"}]}\n");
        Path query = file("q.jsonl", "\uFEFF{\"system\": \"s\", \"query\": \"q\", \"response\": \"r\", \"history\": []}\n\n");
        Path alpaca = file("a.jsonl", "{\"instruction\": \"续写\", \"input\": \"\", \"output\": \"雨还在下\"}\n");
        Path sharegpt = file("s.jsonl", "{\"conversation\": [{\"human\": \"h\", \"assistant\": \"a\"}]}\n");
        Path json = file("d.json", "[{\"query\": \"q\", \"response\": \"r\"}, {\"query\": \"q2\", \"response\": \"r2\"}]");
        Path csv = file("d.csv", "query,response\n\"q\",\"r\"\n");

        for (Path p : new Path[]{messages, query, alpaca, sharegpt, json, csv}) {
            assertThatCode(() -> DatasetCheck.check(p, true)).as(p.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void names_the_file_and_line_of_a_bad_record() throws IOException {
        Path broken = file("b.jsonl", "{\"query\": \"q\", \"response\": \"r\"}\n{\"query\": \"q\", \"response\": \n");
        Path badRole = file("r.jsonl", "{\"messages\": [{\"content\": \"x\"}]}\n");
        Path notObject = file("n.jsonl", "[1, 2]\n");

        assertThatThrownBy(() -> DatasetCheck.check(broken, true)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(broken + ":2: not a JSON object");
        assertThatThrownBy(() -> DatasetCheck.check(badRole, true))
                .hasMessage(badRole + ":1: messages[0].role is missing or not a string");
        assertThatThrownBy(() -> DatasetCheck.check(notObject, true)).hasMessage(notObject + ":1: not a JSON object");
    }

    @Test
    void a_truncated_jsonl_is_refused_with_the_line_where_it_was_cut() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append("{\"query\": \"q").append(i).append("\", \"response\": \"r").append(i).append("\"}\n");
        }
        String whole = b.toString();
        Path cut = file("cut.jsonl", whole.substring(0, whole.length() - 9));

        assertThatThrownBy(() -> DatasetCheck.check(cut, true)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(cut + ":20: the file ends in the middle of a record (truncated?)");
        assertThatCode(() -> DatasetCheck.check(file("whole.jsonl", whole), true)).doesNotThrowAnyException();
    }

    @Test
    void a_csv_cut_inside_a_quoted_field_is_refused_with_the_line_where_the_field_starts() throws IOException {
        Path cut = file("cut.csv", "query,response\r\n\"续写\",\"第一行\r\n第二行\"\r\n\"续写\",\"雨下了一夜，\r\n渡口");

        assertThatThrownBy(() -> DatasetCheck.check(cut, true))
                .hasMessage(cut + ":4: the file ends inside this quoted field (truncated?)");
        assertThatCode(() -> DatasetCheck.check(file("whole.csv", "query,response\r\n\"a \"\"b\"\"\",\"c\"\r\n"), true))
                .doesNotThrowAnyException();
    }

    @Test
    void every_record_is_checked_not_only_the_first_ones() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append("{\"query\": \"q\", \"response\": \"r\"}\n");
        }
        b.append("{\"prompt\": \"q\", \"completion\": \"r\"}\n");
        Path late = file("late.jsonl", b.toString());

        assertThatThrownBy(() -> DatasetCheck.check(late, true))
                .hasMessageStartingWith(late + ":1001: not a training record");
    }

    @Test
    void rejects_files_swift_cannot_read() throws IOException {
        Path empty = file("e.jsonl", "\n\n");
        Path txt = file("t.txt", "hello");
        Path binary = dir.resolve("bin.jsonl");
        Files.write(binary, new byte[]{'{', 0, 1, 2});
        Path gbk = dir.resolve("gbk.jsonl");
        Files.write(gbk, "{\"query\": \"下雨\", \"response\": \"r\"}".getBytes(Charset.forName("GBK")));
        Path object = file("o.json", "{\"query\": \"q\"}");
        Path csv = file("c.csv", "text,label\nx,1\n");

        assertThatThrownBy(() -> DatasetCheck.check(empty, true)).hasMessage(empty + ": dataset file is empty");
        assertThatThrownBy(() -> DatasetCheck.check(txt, true)).hasMessage(txt + ": swift reads .jsonl, .json or .csv datasets, not '.txt'");
        assertThatThrownBy(() -> DatasetCheck.check(binary, true)).hasMessage(binary + ": dataset looks binary (NUL byte at offset 1)");
        assertThatThrownBy(() -> DatasetCheck.check(gbk, true)).hasMessage(gbk + ": dataset is not UTF-8 text");
        assertThatThrownBy(() -> DatasetCheck.check(object, true)).hasMessage(object + ": a .json dataset must be a JSON array of records");
        assertThatThrownBy(() -> DatasetCheck.check(csv, true))
                .hasMessageStartingWith(csv + ":1: the CSV header needs query,response");
        assertThatThrownBy(() -> DatasetCheck.check(dir, true)).hasMessage(dir + ": dataset is not a regular file");
    }

    @Test
    void with_renamed_columns_only_the_file_itself_is_checked() throws IOException {
        Path csv = file("c.csv", "text1,text2\nx,y\n");

        assertThatCode(() -> DatasetCheck.check(csv, false)).doesNotThrowAnyException();
    }
}
