package dev.novelkit.media.video;

import dev.novelkit.media.video.internal.SubtitlePlan;
import dev.novelkit.media.video.internal.SubtitleText;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubtitleTextTest {
    @Test
    void a_short_line_stays_whole() {
        assertThat(SubtitleText.wrap("你来了，他低声说。", 16)).containsExactly("你来了，他低声说。");
    }

    @Test
    void long_chinese_lines_are_balanced_and_break_after_punctuation() {
        List<String> lines = SubtitleText.wrap("雨下了一夜，渡口的灯还亮着，她撑着伞站在石阶上等他回来。", 16);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("，");
        assertThat(String.join("", lines)).isEqualTo("雨下了一夜，渡口的灯还亮着，她撑着伞站在石阶上等他回来。");
        for (String l : lines) {
            assertThat(SubtitleText.width(l)).isLessThanOrEqualTo(16);
        }
        assertThat(Math.abs(lines.get(0).length() - lines.get(1).length())).isLessThanOrEqualTo(4);
    }

    @Test
    void closing_punctuation_never_starts_a_line() {
        for (int max = 4; max <= 12; max++) {
            List<String> lines = SubtitleText.wrap("他说：“我一直在等你。”然后沉默了很久很久。", max);
            for (String l : lines) {
                assertThat("，。！？”：、").doesNotContain(l.substring(0, 1));
                assertThat(SubtitleText.width(l)).isLessThanOrEqualTo(max);
            }
            assertThat(String.join("", lines)).isEqualTo("他说：“我一直在等你。”然后沉默了很久很久。");
        }
    }

    @Test
    void latin_words_are_not_split_and_count_half_width() {
        List<String> lines = SubtitleText.wrap("欢迎来到 NovelKit video assembler 的世界", 10);
        assertThat(String.join(" ", lines)).contains("NovelKit").contains("assembler");
        for (String l : lines) {
            assertThat(l).doesNotStartWith(" ").doesNotEndWith(" ");
            assertThat(SubtitleText.width(l)).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void a_cue_longer_than_two_lines_is_split_over_time_in_proportion() {
        String text = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        Subtitles subs = Subtitles.of(List.of(SubtitleCue.of(0, 4, text))).style(SubtitleStyle.defaults().maxCharsPerLine(10));
        List<SubtitlePlan.Shown> shown = SubtitlePlan.plan(subs, List.of(), List.of(), VideoFormat.PORTRAIT_1080P, 10_000_000);
        assertThat(shown).hasSize(2);
        assertThat(shown.get(0).lines()).hasSize(2);
        assertThat(shown.get(0).startMicros()).isZero();
        assertThat(shown.get(0).endMicros()).isEqualTo(2_000_000);
        assertThat(shown.get(1).endMicros()).isEqualTo(4_000_000);
    }

    @Test
    void voice_cues_use_the_exact_audio_length_and_overlaps_are_cut() {
        List<VoiceClip> voices = List.of(VoiceClip.of(Path.of("a.wav"), 1.0, "第一句。").speaker("林"),
                VoiceClip.of(Path.of("b.wav"), 2.0, "第二句。"), VoiceClip.of(Path.of("c.wav"), 3.0, ""));
        Subtitles subs = Subtitles.fromVoiceClips().style(SubtitleStyle.defaults().showSpeaker(true));
        List<SubtitlePlan.Shown> shown = SubtitlePlan.plan(subs, voices, List.of(1_234_567L, 800_000L, 500_000L),
                VideoFormat.PORTRAIT_1080P, 2_500_000);
        assertThat(shown).hasSize(2);
        assertThat(shown.get(0).text()).isEqualTo("林：第一句。");
        assertThat(shown.get(0).endMicros()).isEqualTo(2_000_000); // cut where the next line starts
        assertThat(shown.get(1).endMicros()).isEqualTo(2_500_000); // cut at the end of the video
        assertThat(SubtitlePlan.srt(shown)).startsWith("1\n00:00:01,000 --> 00:00:02,000\n林：第一句。\n\n2\n");
    }
}
