package dev.novelkit.examples.cli;

import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceCommandTest {
    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void speaks_a_line_offline_and_reports_its_length(@TempDir Path dir) {
        Assumptions.assumeTrue(EspeakVoiceBackend.isAvailable(), "espeak-ng is not installed");

        int code = run("voice", "--text", "再等一等吧，周伯。", "--emotion", "sad", "--rate", "-10",
                "--out", dir.resolve("line.wav").toString());

        assertThat(code).isZero();
        assertThat(dir.resolve("line.wav")).isNotEmptyFile();
        assertThat(cli.out()).containsPattern("voice: .*line\\.wav, \\d+\\.\\d{3} s at 22050 Hz \\(espeak");
    }

    @Test
    void an_unknown_backend_or_a_missing_key_is_one_line_and_exit_2(@TempDir Path dir) {
        assertThat(run("voice", "--text", "你好", "--backend", "nope", "--out", dir.resolve("a.wav").toString()))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit voice: --backend: unknown voice backend 'nope' (espeak, azure or openai)");
    }

    @Test
    void a_rate_out_of_range_is_rejected_before_anything_runs(@TempDir Path dir) {
        assertThat(run("voice", "--text", "你好", "--rate", "500", "--out", dir.resolve("a.wav").toString()))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("novelkit voice: --rate: must be between -50 and 100, was 500");
        assertThat(dir.resolve("a.wav")).doesNotExist();
    }

    @Test
    void an_unknown_voice_or_emotion_is_refused_naming_the_flag_and_what_it_takes(@TempDir Path dir) {
        Assumptions.assumeTrue(EspeakVoiceBackend.isAvailable(), "espeak-ng is not installed");
        String out = dir.resolve("a.wav").toString();

        assertThat(run("voice", "--text", "你好", "--voice", "no-such-voice", "--out", out)).isEqualTo(2);
        assertThat(cli.err()).startsWith("novelkit voice: --voice: must be espeak-ng's Mandarin voice");
        cli.clear();
        assertThat(run("voice", "--text", "你好", "--voice", "cmn-latn-pinyin+nosuchvariant", "--out", out))
                .isEqualTo(2);
        assertThat(cli.err()).contains("--voice: names no espeak-ng variant").contains("f3");
        cli.clear();
        assertThat(run("voice", "--text", "你好", "--emotion", "furious", "--out", out)).isEqualTo(2);
        assertThat(cli.err()).startsWith("novelkit voice: --emotion: is not an emotion espeak-ng can approximate")
                .contains("angry").contains("sad");
        assertThat(dir.resolve("a.wav")).doesNotExist();

        cli.clear();
        assertThat(run("voice", "--text", "你好", "--voice", "cmn-latn-pinyin+f3", "--emotion", "angry",
                "--out", out)).isZero();
    }

    @Test
    void an_output_folder_that_cannot_be_made_is_a_local_problem_naming_the_path_not_an_engine_failure(
            @TempDir Path dir) throws Exception {
        Path blocker = java.nio.file.Files.writeString(dir.resolve("nodir"), "a file");

        assertThat(run("voice", "--text", "你好", "--out", blocker.resolve("x/y.wav").toString())).isEqualTo(2);

        assertThat(cli.err().strip()).isEqualTo("novelkit voice: " + blocker.resolve("x/y.wav")
                + ": cannot write: " + blocker + " is a file, a folder is needed there");
    }
}
