package dev.novelkit.examples.cli;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command that writes a file treats its --out the same way: a FIFO is written through, a symbolic link is
 * followed, a folder or a file in the way is refused naming the path and the reason, with exit code 2 (a local
 * problem), never 1 or 3; and the exit code table is one for all commands and printed by --help.
 */
class OutputPathsAndExitCodesTest {
    @TempDir
    Path dir;
    private final CliRun cli = new CliRun();
    private Path novel;
    private Path still;

    @BeforeEach
    void inputs() throws IOException {
        novel = Files.writeString(dir.resolve("novel.txt"), "第一章 渡口\n\n夜雨落在江面上。周伯撑着船，慢慢靠岸。\n\n"
                + "“再等一等吧。”他说。\n");
        still = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB), "png", still.toFile());
    }

    /** The commands that write one file, with OUT where the output goes. */
    private List<String[]> fileWriters() {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"split", "--input", novel.toString(), "--out", "OUT"});
        commands.add(new String[] {"image", "--scene", "渡口", "--size", "320x240", "--out", "OUT"});
        commands.add(new String[] {"shot", "--image", still.toString(), "--size", "160x120", "--fps", "10",
                "--seconds", "1", "--out", "OUT"});
        if (EspeakVoiceBackend.isAvailable()) {
            commands.add(new String[] {"voice", "--text", "你好", "--out", "OUT"});
        }
        return commands;
    }

    private int run(String[] command, Path out) {
        cli.clear();
        String[] args = command.clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("OUT")) {
                args[i] = out.toString();
            }
        }
        return cli.run(args);
    }

    @Test
    void a_file_where_a_folder_is_needed_is_exit_2_naming_the_file_and_the_reason() throws IOException {
        Path blocker = Files.writeString(dir.resolve("nodir"), "a file");
        for (String[] command : fileWriters()) {
            Path out = blocker.resolve("x/y.out");

            assertThat(run(command, out)).as(command[0] + ": " + cli.err()).isEqualTo(2);
            assertThat(cli.err().strip()).as(command[0]).endsWith(out + ": cannot write: " + blocker
                    + " is a file, a folder is needed there");
            assertThat(Files.readString(blocker)).isEqualTo("a file");
        }
    }

    @Test
    void a_folder_named_as_the_output_file_is_refused_and_kept() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("out.x"));
        for (String[] command : fileWriters()) {
            assertThat(run(command, folder)).as(command[0] + ": " + cli.err()).isEqualTo(2);
            assertThat(cli.err()).as(command[0]).contains(folder + ": is a folder; name a file to write");
            assertThat(folder).isDirectory();
        }
    }

    @Test
    void a_fifo_gets_the_output_and_stays_a_fifo() throws Exception {
        for (String[] command : fileWriters()) {
            Path fifo = dir.resolve(command[0] + ".fifo");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return Files.readAllBytes(fifo);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            assertThat(run(command, fifo)).as(command[0] + ": " + cli.err()).isZero();

            assertThat(reader.get(60, TimeUnit.SECONDS)).as(command[0]).isNotEmpty();
            assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                    .as(command[0] + " left a FIFO").isTrue();
        }
    }

    @Test
    void a_symbolic_link_is_followed_and_stays_a_link() throws IOException {
        for (String[] command : fileWriters()) {
            Path real = dir.resolve("real").resolve(command[0] + ".out");
            Files.createDirectories(real.getParent());
            Files.writeString(real, "old");
            Path link = Files.createSymbolicLink(dir.resolve(command[0] + ".link"), real);

            assertThat(run(command, link)).as(command[0] + ": " + cli.err()).isZero();

            assertThat(Files.isSymbolicLink(link)).as(command[0]).isTrue();
            assertThat(Files.size(real)).as(command[0]).isGreaterThan(3);
        }
    }

    @Test
    void help_prints_one_exit_code_table_for_every_command() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("Exit codes:").contains("2     Bad input or a local problem")
                .contains("3     A backend failed");
        cli.clear();
        assertThat(cli.run("voice", "--help")).isZero();
        assertThat(cli.out()).contains("Exit codes:").contains("130   Cancelled");
    }

    @Test
    void exit_codes_follow_one_table() {
        assertThat(NovelKitCli.exitCodeOf(new InvalidInputException("--fps", "must be at least 1"))).isEqualTo(2);
        assertThat(NovelKitCli.exitCodeOf(new UncheckedIOException(new AccessDeniedException("/out")))).isEqualTo(2);
        assertThat(NovelKitCli.exitCodeOf(new IllegalArgumentException("ratePercent"))).isEqualTo(2);
        assertThat(NovelKitCli.exitCodeOf(BackendException.builder("espeak", "crashed").build())).isEqualTo(3);
        assertThat(NovelKitCli.exitCodeOf(new CancelledException("the video job"))).isEqualTo(130);
        assertThat(NovelKitCli.exitCodeOf(new IllegalStateException("a bug"))).isEqualTo(1);
    }

    @Test
    void an_io_error_that_java_describes_by_a_path_alone_gets_its_reason() {
        UncheckedIOException e = new UncheckedIOException("cannot read /in/novel.txt: /in/novel.txt",
                new AccessDeniedException("/in/novel.txt"));

        assertThat(NovelKitCli.oneLine(e)).isEqualTo("cannot read /in/novel.txt: /in/novel.txt: permission denied");
    }
}
