package dev.novelkit.media.voice;

import dev.novelkit.core.story.Character;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks a voice per character from their casting hint ("female, young", "male, old"), as the seed picked a voice
 * per character by ear: distinct voices where the backend has them, and rate and pitch that suit the age.
 */
public final class VoiceCasting {
    private VoiceCasting() {
    }

    /** Voices of one backend by kind of speaker. */
    public record Palette(List<String> youngWomen, List<String> girls, List<String> youngMen, List<String> men,
                          List<String> oldMen, List<String> oldWomen, String narrator, String narratorStyle) {
        public Palette {
            youngWomen = List.copyOf(youngWomen);
            girls = List.copyOf(girls);
            youngMen = List.copyOf(youngMen);
            men = List.copyOf(men);
            oldMen = List.copyOf(oldMen);
            oldWomen = List.copyOf(oldWomen);
        }
    }

    /** Azure zh-CN neural voices. */
    public static final Palette AZURE = new Palette(
            List.of("zh-CN-XiaoxiaoNeural", "zh-CN-XiaohanNeural", "zh-CN-XiaomoNeural"),
            List.of("zh-CN-XiaoyiNeural", "zh-CN-XiaoshuangNeural"),
            List.of("zh-CN-YunxiNeural", "zh-CN-YunfengNeural"),
            List.of("zh-CN-YunjianNeural", "zh-CN-YunyangNeural"),
            List.of("zh-CN-YunyeNeural", "zh-CN-YunzeNeural"),
            List.of("zh-CN-XiaoqiuNeural", "zh-CN-XiaoruiNeural"),
            "zh-CN-YunxiNeural", "narration-relaxed");

    /** espeak-ng Mandarin (pinyin) with its voice variants. */
    public static final Palette ESPEAK = new Palette(
            List.of("cmn-latn-pinyin+f3", "cmn-latn-pinyin+f2"), List.of("cmn-latn-pinyin+f4", "cmn-latn-pinyin+f5"),
            List.of("cmn-latn-pinyin+m3", "cmn-latn-pinyin+m2"), List.of("cmn-latn-pinyin+m1", "cmn-latn-pinyin+m4"),
            List.of("cmn-latn-pinyin+m7", "cmn-latn-pinyin+m6"), List.of("cmn-latn-pinyin+f1"),
            "cmn-latn-pinyin", "");

    /** OpenAI speech voices. */
    public static final Palette OPENAI = new Palette(List.of("nova", "shimmer", "coral"), List.of("sage"),
            List.of("echo", "ash"), List.of("onyx", "alloy"), List.of("onyx"), List.of("fable"), "alloy", "");

    /** A profile for every character, plus the narrator under {@link VoiceSynth#NARRATOR}. */
    public static Map<String, VoiceProfile> cast(List<Character> characters, Palette palette) {
        Map<String, VoiceProfile> cast = new LinkedHashMap<>();
        cast.put(VoiceSynth.NARRATOR, VoiceProfile.of(palette.narrator()).style(palette.narratorStyle())
                .ratePercent(-5));
        Map<List<String>, Integer> used = new LinkedHashMap<>();
        for (Character c : characters) {
            String hint = c.voiceHint().toLowerCase(Locale.ROOT);
            boolean female = hint.contains("female") || hint.contains("woman") || hint.contains("girl")
                    || hint.contains("女");
            boolean old = hint.contains("old") || hint.contains("老");
            boolean young = hint.contains("teen") || hint.contains("child") || hint.contains("girl")
                    || hint.contains("少");
            boolean middle = hint.contains("middle");
            List<String> pool = female ? (old ? palette.oldWomen() : young ? palette.girls() : palette.youngWomen())
                    : (old ? palette.oldMen() : middle ? palette.men() : young ? palette.youngMen() : palette.youngMen());
            int n = used.merge(pool, 1, Integer::sum) - 1;
            int rate = old ? -12 : young ? 8 : middle ? -4 : 0;
            int pitch = old ? -8 : young ? 10 : 0;
            cast.put(c.name(), VoiceProfile.of(pool.get(n % pool.size())).ratePercent(rate).pitchPercent(pitch));
            for (String alias : c.aliases()) {
                cast.put(alias, cast.get(c.name()));
            }
        }
        return cast;
    }
}
