package dev.novelkit.dataset.storyboard;

import dev.novelkit.core.story.StoryText;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineStoryboardExtractorTest {
    private static Storyboard sample;

    @BeforeAll
    static void extractSample() throws Exception {
        sample = OfflineStoryboardExtractor.defaults().maxShots(12).extract(SampleNovel.load());
    }

    @Test
    void finds_every_named_character_of_the_sample_novel_with_full_names() {
        assertThat(sample.characters()).extracting(Character::name)
                .contains("林晚舟", "沈砚", "周伯", "苏小满", "顾长庚", "刘书办")
                .doesNotContain("晚舟", "小满", "顾长", "顾掌柜", "青溪", "没有", "声音");
    }

    @Test
    void joins_given_names_and_titles_to_the_full_name() {
        assertThat(sample.character("晚舟")).get().extracting(Character::name).isEqualTo("林晚舟");
        assertThat(sample.character("小满")).get().extracting(Character::name).isEqualTo("苏小满");
        assertThat(sample.character("顾掌柜")).get().extracting(Character::name).isEqualTo("顾长庚");
    }

    @Test
    void describes_characters_from_the_sentences_that_introduce_them() {
        Character wanzhou = sample.character("林晚舟").orElseThrow();
        assertThat(wanzhou.age()).isEqualTo("十九岁");
        assertThat(wanzhou.clothing()).contains("蓝布衫");
        assertThat(wanzhou.appearance()).contains("桃木簪子");
        assertThat(wanzhou.voiceHint()).startsWith("female");
        assertThat(sample.character("周伯").orElseThrow().voiceHint()).isEqualTo("male, old");
        assertThat(sample.character("顾长庚").orElseThrow().appearance()).contains("玉扳指");
        assertThat(sample.character("苏小满").orElseThrow().age()).isEqualTo("十六岁");
    }

    @Test
    void keeps_at_most_max_shots_spread_over_every_chapter() {
        assertThat(sample.shots()).hasSize(12);
        List<String> chapters = sample.shots().stream().map(s -> s.sceneId().substring(0, 2)).distinct().toList();
        assertThat(chapters).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(sample.shots()).allSatisfy(s -> assertThat(s.seconds()).isBetween(3.0, 9.0));
        assertThat(sample.shots().stream().mapToDouble(Shot::seconds).sum()).isGreaterThan(30);
        assertThat(sample.scenes()).extracting(s -> s.id())
                .containsAll(sample.shots().stream().map(Shot::sceneId).collect(Collectors.toSet()));
    }

    @Test
    void attributes_a_line_to_the_name_after_it() {
        Storyboard board = OfflineStoryboardExtractor.defaults().maxShots(0).extract(StoryText.of("t",
                "林晚舟坐在船头。沈砚站在岸上。\n“再等一等吧。”晚舟说，“今天是初七。”\n沈砚点点头，问道：“你一个人？”\n"
                        + "“这是林晚舟，那是沈砚。”有人指着他们。\n“林晚舟！”沈砚喊。晚舟回头。沈砚又喊。"));
        List<DialogueLine> lines = board.shots().stream().flatMap(s -> s.dialogue().stream()).toList();

        assertThat(lines).extracting(DialogueLine::speaker, DialogueLine::text).startsWith(
                org.assertj.core.groups.Tuple.tuple("林晚舟", "再等一等吧。"),
                org.assertj.core.groups.Tuple.tuple("林晚舟", "今天是初七。"),
                org.assertj.core.groups.Tuple.tuple("沈砚", "你一个人？"));
    }

    @Test
    void treats_short_sound_quotes_as_narration_not_dialogue() {
        Storyboard board = OfflineStoryboardExtractor.defaults().maxShots(0).extract(StoryText.of("t",
                "话音刚落，米仓的墙角“轰”的一声塌下去一大块，林晚舟吓了一跳，周伯也吓了一跳。林晚舟说话了，周伯说话了。"));

        assertThat(board.shots()).singleElement().satisfies(shot -> {
            assertThat(shot.dialogue()).isEmpty();
            assertThat(shot.narration()).contains("轰的一声");
        });
    }

    @Test
    void gives_an_emotion_from_the_words_around_a_line() {
        Storyboard board = OfflineStoryboardExtractor.defaults().maxShots(0).extract(StoryText.of("t",
                "林晚舟和周伯在船上。林晚舟说了话。周伯说了话。\n“出大事了！”周伯大声喊道。\n“别哭了。”林晚舟擦着眼泪说。\n"
                        + "“你来了。”周伯笑着说。"));
        List<String> emotions = board.shots().stream().flatMap(s -> s.dialogue().stream())
                .map(DialogueLine::emotion).toList();

        assertThat(emotions).containsExactly("angry", "sad", "cheerful");
    }

    @Test
    void is_deterministic() throws Exception {
        Storyboard again = OfflineStoryboardExtractor.defaults().maxShots(12).extract(SampleNovel.load());
        assertThat(again).isEqualTo(sample);
    }

    @Test
    void fewer_shots_than_chapters_take_one_shot_from_chapters_spread_over_the_story() throws Exception {
        for (int max = 1; max <= 5; max++) { // the sample has five chapters
            Storyboard board = OfflineStoryboardExtractor.defaults().maxShots(max).extract(SampleNovel.load());

            assertThat(board.shots()).as("maxShots " + max).hasSize(max);
            List<String> chapters = board.shots().stream().map(s -> s.sceneId().substring(0, 2)).toList();
            assertThat(chapters).as("maxShots " + max).doesNotHaveDuplicates().isSorted();
        }
    }
}
