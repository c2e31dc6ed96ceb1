package dev.novelkit.media.voice;

import dev.novelkit.core.story.Character;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceCastingTest {
    @Test
    void gives_each_character_a_voice_that_fits_their_hint_and_a_narrator() {
        List<Character> characters = List.of(
                Character.named("林晚舟").voiceHint("female, young"),
                Character.named("苏小满").voiceHint("female, teen"),
                Character.named("沈砚").voiceHint("male, young"),
                Character.named("周伯").voiceHint("male, old"),
                new Character("顾长庚", "", "", "", "male, middle-aged", List.of("顾掌柜")));

        Map<String, VoiceProfile> cast = VoiceCasting.cast(characters, VoiceCasting.AZURE);

        assertThat(cast.get(VoiceSynth.NARRATOR).style()).isEqualTo("narration-relaxed");
        assertThat(cast.get("林晚舟").voice()).isEqualTo("zh-CN-XiaoxiaoNeural");
        assertThat(cast.get("苏小满").voice()).isEqualTo("zh-CN-XiaoyiNeural");
        assertThat(cast.get("周伯").voice()).isEqualTo("zh-CN-YunyeNeural");
        assertThat(cast.get("周伯").ratePercent()).isNegative();
        assertThat(cast.get("顾掌柜")).isEqualTo(cast.get("顾长庚"));
        assertThat(cast.values().stream().filter(p -> p != cast.get(VoiceSynth.NARRATOR)).map(VoiceProfile::voice)
                .distinct()).hasSize(5);
    }

    @Test
    void reuses_a_pool_in_turn_when_there_are_more_characters_than_voices() {
        List<Character> men = List.of(Character.named("甲").voiceHint("male"), Character.named("乙").voiceHint("male"),
                Character.named("丙").voiceHint("male"));

        Map<String, VoiceProfile> cast = VoiceCasting.cast(men, VoiceCasting.ESPEAK);

        assertThat(List.of(cast.get("甲").voice(), cast.get("乙").voice(), cast.get("丙").voice()))
                .containsExactly("cmn-latn-pinyin+m3", "cmn-latn-pinyin+m2", "cmn-latn-pinyin+m3");
    }
}
