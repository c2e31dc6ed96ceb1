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
        assertThat(run("voice", "--text", "你好", "--rate", "300", "--out", dir.resolve("a.wav").toString()))
                .isNotZero();
        assertThat(cli.err()).contains("ratePercent must be -50..100, was 300");
        assertThat(dir.resolve("a.wav")).doesNotExist();
    }
}
