package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command that reads a novel (split, dataset, video) takes --encoding, reads Big5 as Big5, and stops with
 * exit code 2 on a novel of chapter headings only instead of writing empty output.
 */
class NovelInputTest {
    private static final String TRADITIONAL = """
            第一章 雨夜

            青石鎮的雨下了整整三天。林晚秋撐著油紙傘穿過長街，替師父給城外的陳伯送藥。藥鋪的門半掩著，沈硯正蹲在櫃檯後面整理藥材。
            「這麼大的雨，你怎麼還出門？」沈硯皺眉道。林晚秋笑著說：「陳伯的咳嗽又犯了，師父讓我把新配的藥送過去。」
            兩人剛走到鎮口，就看見一個穿黑衣的陌生人站在老槐樹下。「姑娘，請問陳伯住在哪裡？」黑衣人問。
            """;
    private static final List<String> COMMANDS = List.of("split", "dataset", "video");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private String[] args(String command, Path input, Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of(command, "--input", input.toString(), "--out",
                command.equals("split") ? out.resolve("p.jsonl").toString() : out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void a_novel_of_chapter_headings_only_is_bad_input_for_every_command_and_nothing_is_written() throws IOException {
        Path headings = Files.writeString(dir.resolve("headings.txt"), "第一章 雨夜\n\n第二章 城隍庙\n\n第三章 尾声\n");
        for (String command : COMMANDS) {
            Path out = dir.resolve(command + "-out");
            cli.clear();

            assertThat(cli.run(args(command, headings, out))).as(command + ": " + cli.err()).isEqualTo(2);

            assertThat(cli.err()).as(command).contains(headings + ": no story text: only chapter headings");
            assertThat(out.resolve("p.jsonl")).doesNotExist();
            assertThat(out.resolve("train.jsonl")).doesNotExist();
            assertThat(out.resolve("video.mp4")).doesNotExist();
        }
    }

    @Test
    void a_big5_novel_is_split_as_big5_by_detection_and_by_encoding() throws IOException {
        Path big5 = Files.write(dir.resolve("big5.txt"), TRADITIONAL.getBytes(Charset.forName("Big5")));

        assertThat(cli.run(args("split", big5, dir.resolve("a")))).as(cli.err()).isZero();
        assertThat(cli.run(args("split", big5, dir.resolve("b"), "--encoding", "Big5"))).as(cli.err()).isZero();

        String detected = Files.readString(dir.resolve("a/p.jsonl"));
        assertThat(detected).contains("青石鎮的雨下了整整三天。").isEqualTo(Files.readString(dir.resolve("b/p.jsonl")));
    }

    @Test
    void every_command_that_reads_a_novel_takes_encoding_and_rejects_an_unknown_one() throws IOException {
        Path big5 = Files.write(dir.resolve("big5.txt"), TRADITIONAL.getBytes(Charset.forName("Big5")));
        for (String command : COMMANDS) {
            cli.clear();

            assertThat(cli.run(args(command, big5, dir.resolve(command), "--encoding", "no-such-charset")))
                    .as(command).isEqualTo(2);

            assertThat(cli.err()).as(command).contains("unknown encoding \"no-such-charset\"");
        }
    }

    @Test
    void a_few_legacy_characters_stop_with_an_error_that_asks_for_the_encoding() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.txt"), "林冲雪夜上梁山。".getBytes(Charset.forName("GBK")));

        assertThat(cli.run(args("dataset", tiny, dir.resolve("d")))).isEqualTo(2);
        assertThat(cli.err()).contains("too little text to tell GB18030 (GBK) from Big5").contains("--encoding");

        cli.clear();
        assertThat(cli.run(args("split", tiny, dir.resolve("s"), "--encoding", "GBK"))).as(cli.err()).isZero();
        assertThat(Files.readString(dir.resolve("s/p.jsonl"))).contains("林冲雪夜上梁山");
    }
}
