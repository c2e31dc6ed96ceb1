package dev.novelkit.dataset.storyboard;

import dev.novelkit.core.story.StoryText;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardExtractor;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmStoryboardExtractorTest {
    /** Answers from a script and records what it was asked. */
    static class ScriptedModel implements ChatModel {
        final Deque<String> answers;
        final List<List<ChatMessage>> requests = new ArrayList<>();

        ScriptedModel(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
            requests.add(List.copyOf(messages));
            return new ChatResponse(answers.isEmpty() ? "{}" : answers.poll(), TokenUsage.ZERO, FinishReason.STOP, "m");
        }
    }

    private static final String GOOD = """
            好的，分镜如下：
            ```json
            {"characters":[{"name":"林晚舟","appearance":"乌黑长发，桃木簪","age":"19","clothing":"蓝布衫","voice":"female, young"}],
             "scenes":[{"id":"s1","place":"渡口","time":"雨夜","mood":"melancholy","description":"马灯在雨中摇晃"}],
             "shots":[{"scene":"s1","characters":["林晚舟"],"image":"雨夜渡口","camera":"zoom_in","narration":"雨下了一夜。",
                       "dialogue":[{"speaker":"林晚舟","text":"再等一等吧。","emotion":"calm"}],"seconds":5}]}
            ```""";

    @Test
    void parses_fenced_json_into_a_storyboard_with_chapter_scene_ids() {
        ScriptedModel model = new ScriptedModel(GOOD);
        Storyboard board = LlmStoryboardExtractor.of(model).extract(StoryText.of("渡口灯火", "雨下了一夜。"));

        assertThat(board.title()).isEqualTo("渡口灯火");
        assertThat(board.characters()).singleElement().satisfies(c -> assertThat(c.clothing()).isEqualTo("蓝布衫"));
        assertThat(board.scenes()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo("c1-s1"));
        assertThat(board.shots()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("shot-01");
            assertThat(s.sceneId()).isEqualTo("c1-s1");
            assertThat(s.camera()).isEqualTo(CameraMove.ZOOM_IN);
            assertThat(s.dialogue().get(0).speaker()).isEqualTo("林晚舟");
        });
        assertThat(model.requests.get(0).get(1).content()).contains("\"shots\"").endsWith("雨下了一夜。");
    }

    @Test
    void shows_the_model_its_schema_violation_and_asks_again() {
        String missingSeconds = GOOD.replace("\"seconds\":5", "\"seconds\":0");
        ScriptedModel model = new ScriptedModel("not json at all", missingSeconds, GOOD);

        Storyboard board = LlmStoryboardExtractor.of(model).maxRepairs(2).extract(StoryText.of("t", "正文"));

        assertThat(board.shots()).hasSize(1);
        assertThat(model.requests).hasSize(3);
        List<ChatMessage> third = model.requests.get(2);
        assertThat(third).hasSize(6);
        assertThat(third.get(3).content()).contains("不是合法的JSON");
        assertThat(third.get(5).content()).contains("shots[0].seconds");
    }

    @Test
    void gives_up_after_the_bounded_repairs_with_a_backend_error() {
        ScriptedModel model = new ScriptedModel("{\"characters\":[]}", "{\"characters\":[]}");

        assertThatThrownBy(() -> LlmStoryboardExtractor.of(model).maxRepairs(1).fallback(null)
                .extract(StoryText.of("t", "正文")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("after 2 attempts").hasMessageContaining("缺少数组字段 scenes");
        assertThat(model.requests).hasSize(2);
    }

    @Test
    void merges_chapters_and_thins_shots_evenly() {
        String chapter = GOOD.replace("\"seconds\":5}]", "\"seconds\":5},{\"scene\":\"s1\",\"image\":\"河面\",\"seconds\":3}]");
        ScriptedModel model = new ScriptedModel(chapter, chapter.replace("乌黑长发，桃木簪", ""), chapter);
        StoryText text = new StoryText("t", List.of(new StoryText.Part("第一章", "一"),
                new StoryText.Part("第二章", "二"), new StoryText.Part("第三章", "三")));

        Storyboard board = LlmStoryboardExtractor.of(model).maxShots(3).extract(text);

        assertThat(board.characters()).singleElement()
                .satisfies(c -> assertThat(c.appearance()).isEqualTo("乌黑长发，桃木簪"));
        assertThat(board.scenes()).extracting(s -> s.id()).containsExactly("c1-s1", "c2-s1", "c3-s1");
        assertThat(board.shots()).extracting(s -> s.id()).containsExactly("shot-01", "shot-02", "shot-03");
        assertThat(board.shots()).extracting(s -> s.sceneId()).containsExactly("c1-s1", "c2-s1", "c3-s1");
    }

    @Test
    void the_fingerprint_that_keys_a_cached_storyboard_names_the_server_and_the_model() {
        ChatModel serverA = new ScriptedModel() {
            @Override
            public String identity() {
                return "openai http://a/v1 qwen";
            }
        };
        ChatModel serverB = new ScriptedModel() {
            @Override
            public String identity() {
                return "openai http://b/v1 qwen";
            }
        };

        String a = LlmStoryboardExtractor.of(serverA).fingerprint();

        assertThat(a).contains("openai http://a/v1 qwen");
        assertThat(LlmStoryboardExtractor.of(serverB).fingerprint()).isNotEqualTo(a);
        assertThat(LlmStoryboardExtractor.of(serverA).maxShots(3).fingerprint()).isNotEqualTo(a);
        assertThat(LlmStoryboardExtractor.of(serverA).fingerprint()).isEqualTo(a);
    }

    @Test
    void a_chapter_whose_answer_stays_malformed_is_made_by_the_offline_extractor_and_reported() {
        ScriptedModel model = new ScriptedModel(GOOD, "{\"characters\":[]}", "still not a storyboard", GOOD);
        StoryText text = new StoryText("渡口灯火", List.of(new StoryText.Part("第一章", "雨下了一夜。"),
                new StoryText.Part("第二章 来客", "对岸的柳树下站着一个年轻人。“姑娘，这么晚了还来接我。”沈砚说。"
                        + "林晚舟撑着船靠过去。“上船吧，当心脚下滑。”晚舟说。"),
                new StoryText.Part("第三章", "天亮了。")));
        List<String> messages = new ArrayList<>();

        StoryboardExtractor.Extraction result = LlmStoryboardExtractor.of(model).maxRepairs(1)
                .extractWithFallbacks(text, new dev.novelkit.core.progress.ProgressListener() {
                    @Override
                    public void onMessage(String message) {
                        messages.add(message);
                    }
                });

        assertThat(result.fallbacks()).singleElement().asString()
                .startsWith("chapter 2 '第二章 来客' by offline").contains("still invalid after 2 attempts");
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("storyboard: chapter 2"));
        Storyboard board = result.storyboard();
        assertThat(board.scenes()).extracting(s -> s.id()).startsWith("c1-s1").endsWith("c3-s1")
                .anySatisfy(id -> assertThat(id).startsWith("c2-"));
        assertThat(board.shots()).anySatisfy(s -> assertThat(s.sceneId()).startsWith("c2-"));
        assertThat(board.shots().stream().flatMap(s -> s.dialogue().stream()).map(d -> d.text()))
                .as("the offline chapter's dialogue comes from the novel").contains("上船吧，当心脚下滑。");
        assertThat(model.requests).hasSize(4);
    }

    @Test
    void a_failing_server_for_one_chapter_falls_back_too_but_cancellation_does_not() {
        ChatModel failing = new ScriptedModel() {
            @Override
            public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
                throw BackendException.forHttpStatus("down", 503, "overloaded");
            }
        };
        StoryText text = StoryText.of("t", "“再等一等吧，周伯。”晚舟说。周伯叹了口气。");

        StoryboardExtractor.Extraction result = LlmStoryboardExtractor.of(failing)
                .extractWithFallbacks(text, dev.novelkit.core.progress.ProgressListener.NONE);

        assertThat(result.fallbacks()).singleElement().asString().contains("HTTP 503");
        assertThat(result.storyboard().shots()).isNotEmpty();

        ChatModel cancelled = new ScriptedModel() {
            @Override
            public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
                throw new dev.novelkit.core.CancelledException("the storyboard");
            }
        };
        assertThatThrownBy(() -> LlmStoryboardExtractor.of(cancelled).extract(text))
                .isInstanceOf(dev.novelkit.core.CancelledException.class);
    }
}
