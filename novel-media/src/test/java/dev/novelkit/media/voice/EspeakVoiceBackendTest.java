package dev.novelkit.media.voice;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import dev.novelkit.media.voice.internal.Wav;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EspeakVoiceBackendTest {
    @Test
    void uses_the_pinyin_mandarin_voice_and_maps_rate_pitch_and_whispering() {
        EspeakVoiceBackend espeak = EspeakVoiceBackend.defaults();

        assertThat(espeak.command(VoiceProfile.of("cmn-latn-pinyin+f3").ratePercent(20).pitchPercent(10), Path.of("o.wav")))
                .containsExactly("espeak-ng", "-v", "cmn-latn-pinyin+f3", "-s", "210", "-p", "55", "-a", "100",
                        "-w", "o.wav", "--stdin");
        assertThat(espeak.command(VoiceProfile.of("cmn").style("whispering"), Path.of("o.wav")))
                .contains("cmn-latn-pinyin+whisper");
        assertThat(espeak.command(VoiceProfile.of("zh-CN-XiaoxiaoNeural").style("sad"), Path.of("o.wav")))
                .contains("cmn-latn-pinyin", "144", "44", "80");
    }

    @Test
    void speaks_a_chinese_line_into_a_trimmed_wav_of_exact_length(@TempDir Path dir) {
        Assumptions.assumeTrue(EspeakVoiceBackend.isAvailable(), "espeak-ng is not installed");
        VoiceSynth synth = VoiceSynth.of(EspeakVoiceBackend.defaults())
                .cast("林晚舟", VoiceProfile.of("cmn-latn-pinyin+f3"));

        AudioClip calm = synth.speak(new DialogueLine("林晚舟", "再等一等吧，周伯。", ""), dir.resolve("calm.wav"));
        AudioClip fast = synth.speak(new DialogueLine("林晚舟", "再等一等吧，周伯。", "fearful"), dir.resolve("fast.wav"));

        Wav wav = Wav.read(calm.file());
        assertThat(wav.sampleRate()).isEqualTo(22050);
        assertThat(calm.seconds()).isEqualTo(wav.seconds()).isBetween(0.8, 5.0);
        int[] audible = wav.audibleRange(0.01);
        assertThat(audible[0]).isLessThanOrEqualTo((int) (0.05 * 22050));
        assertThat(wav.frames() - audible[1]).isLessThanOrEqualTo((int) (0.05 * 22050));
        assertThat(fast.seconds()).isLessThan(calm.seconds());
        assertThat(calm.backend()).isEqualTo("espeak");
    }

    @Test
    void a_missing_executable_is_a_clear_backend_error(@TempDir Path dir) {
        VoiceSynth synth = VoiceSynth.of(EspeakVoiceBackend.defaults().executable("/nonexistent/espeak-ng"));

        assertThatThrownBy(() -> synth.narrate("你好", dir.resolve("x.wav")))
                .isInstanceOf(BackendException.class).hasMessageContaining("apt-get install espeak-ng");
    }
}
