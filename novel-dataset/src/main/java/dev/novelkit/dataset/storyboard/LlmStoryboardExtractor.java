package dev.novelkit.dataset.storyboard;

import dev.novelkit.core.config.Require;
import dev.novelkit.core.story.StoryText;
import dev.novelkit.core.story.StoryboardExtractor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The LLM-backed storyboard extractor: one request per chapter asking for JSON in a fixed schema, the answer checked
 * against it, and on a violation the model is shown what was wrong and asked again (at most {@link #maxRepairs}
 * times). Chapters are merged: characters by name (first description wins, blanks filled later), scenes prefixed
 * by chapter, shots renumbered and thinned evenly to {@link #maxShots}. Immutable.
 */
public final class LlmStoryboardExtractor implements StoryboardExtractor {
    static final String SCHEMA = """
            {"characters":[{"name":"名字","appearance":"固定的外貌描述","age":"年龄","clothing":"衣着","voice":"声音特点, 如 female, young, gentle"}],
             "scenes":[{"id":"s1","place":"地点","time":"时间","mood":"气氛","description":"画面描述"}],
             "shots":[{"scene":"s1","characters":["名字"],"image":"这一镜的画面描述","camera":"static|zoom_in|zoom_out|pan_left|pan_right|tilt_up|tilt_down",
                       "narration":"旁白(可为空)","dialogue":[{"speaker":"名字","text":"台词","emotion":"calm|cheerful|sad|angry|fearful|whispering|serious|excited"}],"seconds":5}]}""";
    static final String INSTRUCTION = "你是一名短视频分镜师。阅读下面的小说章节，把它改编成分镜。只输出一个JSON对象，不要输出任何其他内容，格式如下:\n"
            + SCHEMA + "\n要求:人物用小说中的名字;每个镜头3到9秒;台词必须来自原文的引号内容;最多%d个镜头。\n章节:\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChatModel model;
    private final int maxRepairs;
    private final int shotsPerChapter;
    private final int maxShots;
    private final GenerationOptions options;
    private final StoryboardExtractor fallback;

    private LlmStoryboardExtractor(ChatModel model, int maxRepairs, int shotsPerChapter, int maxShots,
                                   GenerationOptions options, StoryboardExtractor fallback) {
        this.model = model;
        this.maxRepairs = maxRepairs;
        this.shotsPerChapter = shotsPerChapter;
        this.maxShots = maxShots;
        this.options = options;
        this.fallback = fallback;
    }

    /**
     * An extractor over {@code model}: 2 repairs, 6 shots a chapter, 12 in all, temperature 0.3, 4096 tokens; a
     * chapter whose answer stays malformed, or whose request fails, is made by the offline extractor instead
     * (see {@link #fallback}).
     */
    public static LlmStoryboardExtractor of(ChatModel model) {
        return new LlmStoryboardExtractor(Require.nonNull("model", model), 2, 6, 12,
                GenerationOptions.defaults().temperature(0.3).maxTokens(4096),
                OfflineStoryboardExtractor.defaults().maxShots(6));
    }

    /** How many times to show the model its schema violation and ask again (default 2). */
    public LlmStoryboardExtractor maxRepairs(int value) {
        return new LlmStoryboardExtractor(model, Require.atLeast("maxRepairs", value, 0), shotsPerChapter, maxShots,
                options, fallback);
    }

    /** Shots asked for per chapter (≥ 1, default 6). */
    public LlmStoryboardExtractor shotsPerChapter(int value) {
        return new LlmStoryboardExtractor(model, maxRepairs, Require.atLeast("shotsPerChapter", value, 1), maxShots,
                options, fallback);
    }

    /** At most this many shots in all (0: no limit). */
    public LlmStoryboardExtractor maxShots(int value) {
        return new LlmStoryboardExtractor(model, maxRepairs, shotsPerChapter, Require.atLeast("maxShots", value, 0),
                options, fallback);
    }

    /** Sampling options for every call. */
    public LlmStoryboardExtractor options(GenerationOptions value) {
        return new LlmStoryboardExtractor(model, maxRepairs, shotsPerChapter, maxShots, Require.nonNull("options", value),
                fallback);
    }

    /**
     * Makes a chapter with {@code value} when the model fails on it: its answer still breaks the schema after
     * {@link #maxRepairs} repairs, or the request fails (a server error, a timeout). Every such chapter is
     * reported ({@link #extractWithFallbacks}, and a message to the listener). Default: the offline extractor
     * with 6 shots a chapter; null: such a chapter fails the whole storyboard.
     */
    public LlmStoryboardExtractor fallback(StoryboardExtractor value) {
        return new LlmStoryboardExtractor(model, maxRepairs, shotsPerChapter, maxShots, options, value);
    }

    @Override
    public String name() {
        return "llm:" + model.name();
    }

    /** The settings, stable from run to run (the pipeline keys its cache on it). */
    /** The settings and the chat model's {@link ChatModel#identity() identity}: server and model as it names it. */
    @Override
    public String fingerprint() {
        return toString() + " " + model.identity();
    }

    @Override
    public String toString() {
        return "LlmStoryboardExtractor[model=" + model.name() + ", maxRepairs=" + maxRepairs + ", shotsPerChapter="
                + shotsPerChapter + ", maxShots=" + maxShots + ", options=" + options + ", fallback="
                + (fallback == null ? "none" : fallback.fingerprint()) + "]";
    }

    @Override
    public Storyboard extract(StoryText story, ProgressListener listener) {
        return extractWithFallbacks(story, listener).storyboard();
    }

    @Override
    public Extraction extractWithFallbacks(StoryText story, ProgressListener listener) {
        Map<String, Character> characters = new LinkedHashMap<>();
        List<Scene> scenes = new ArrayList<>();
        List<Shot> shots = new ArrayList<>();
        List<String> fallbacks = new ArrayList<>();
        for (int p = 0; p < story.parts().size(); p++) {
            StoryText.Part part = story.parts().get(p);
            if (part.text().isBlank()) {
                continue;
            }
            String prefix = "c" + (p + 1) + "-";
            Storyboard chunk;
            try {
                chunk = askForChapter(part, prefix);
            } catch (CancelledException e) {
                throw e;
            } catch (NovelKitException e) {
                if (fallback == null) {
                    throw e;
                }
                String which = "chapter " + (p + 1) + (part.heading().isEmpty() ? "" : " '" + part.heading() + "'");
                String line = which + " by " + fallback.name() + " (" + e.getMessage() + ")";
                fallbacks.add(line);
                listener.onMessage("storyboard: " + line);
                chunk = fromFallback(story.title(), part, prefix);
            }
            for (Character c : chunk.characters()) {
                characters.merge(c.name(), c, LlmStoryboardExtractor::fillBlanks);
            }
            scenes.addAll(chunk.scenes());
            shots.addAll(chunk.shots());
            listener.onProgress(new Progress("storyboard", p + 1, story.parts().size(), part.heading()));
        }
        List<Shot> kept = thin(shots);
        List<Shot> numbered = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Shot s = kept.get(i);
            numbered.add(new Shot(String.format(Locale.ROOT, "shot-%02d", i + 1), s.sceneId(), s.characters(),
                    s.imageDescription(), s.camera(), s.narration(), s.dialogue(), s.seconds()));
        }
        return new Extraction(new Storyboard(story.title(), List.copyOf(characters.values()), scenes, numbered),
                fallbacks);
    }

    /** One chapter by the fallback extractor, its scene ids prefixed like the model's. */
    private Storyboard fromFallback(String title, StoryText.Part part, String prefix) {
        Storyboard made = fallback.extract(new StoryText(title, List.of(part)));
        List<Scene> scenes = new ArrayList<>();
        for (Scene s : made.scenes()) {
            scenes.add(new Scene(prefix + s.id(), s.place(), s.time(), s.mood(), s.description()));
        }
        List<Shot> shots = new ArrayList<>();
        for (Shot s : made.shots()) {
            shots.add(new Shot(s.id(), s.sceneId().isBlank() ? "" : prefix + s.sceneId(), s.characters(),
                    s.imageDescription(), s.camera(), s.narration(), s.dialogue(), s.seconds()));
        }
        return new Storyboard("", made.characters(), scenes, shots);
    }

    private Storyboard askForChapter(StoryText.Part part, String scenePrefix) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(ChatModel.DEFAULT_SYSTEM));
        messages.add(ChatMessage.user(String.format(Locale.ROOT, INSTRUCTION, shotsPerChapter)
                + (part.heading().isEmpty() ? "" : part.heading() + "\n") + part.text()));
        String problem = null;
        for (int attempt = 0; attempt <= maxRepairs; attempt++) {
            String answer = model.chat(messages, options).text();
            try {
                return parse(answer, scenePrefix);
            } catch (SchemaException | RuntimeException e) {
                // a value the records refuse (RuntimeException) is a schema violation like any other
                problem = e instanceof SchemaException ? e.getMessage() : "无法使用的值 (" + e.getMessage() + ")";
                messages.add(ChatMessage.assistant(answer));
                messages.add(ChatMessage.user("你的输出不符合要求: " + problem + "。请只输出修正后的完整JSON对象。"));
            }
        }
        throw BackendException.builder(model.name(), "storyboard JSON still invalid after " + (maxRepairs + 1)
                + " attempts for chapter '" + part.heading() + "': " + problem).build();
    }

    /** The model's answer did not match the schema. */
    static final class SchemaException extends Exception {
        private static final long serialVersionUID = 1L;

        SchemaException(String message) {
            super(message);
        }
    }

    /** Parses and checks one answer; package-private for tests. */
    static Storyboard parse(String answer, String scenePrefix) throws SchemaException {
        String json = stripFences(answer);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (Exception e) {
            throw new SchemaException("不是合法的JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new SchemaException("顶层必须是JSON对象");
        }
        for (String field : List.of("characters", "scenes", "shots")) {
            if (!root.path(field).isArray()) {
                throw new SchemaException("缺少数组字段 " + field);
            }
        }
        List<Character> characters = new ArrayList<>();
        for (JsonNode c : root.get("characters")) {
            String name = text(c, "name");
            if (name.isBlank()) {
                throw new SchemaException("characters 中有人物缺少 name");
            }
            characters.add(new Character(name, text(c, "appearance"), text(c, "age"), text(c, "clothing"),
                    text(c, "voice"), List.of()));
        }
        List<Scene> scenes = new ArrayList<>();
        for (JsonNode s : root.get("scenes")) {
            String id = text(s, "id");
            if (id.isBlank()) {
                throw new SchemaException("scenes 中有场景缺少 id");
            }
            scenes.add(new Scene(scenePrefix + id, text(s, "place"), text(s, "time"), text(s, "mood"),
                    text(s, "description")));
        }
        if (root.get("shots").isEmpty()) {
            throw new SchemaException("shots 不能为空");
        }
        List<Shot> shots = new ArrayList<>();
        int i = 0;
        for (JsonNode s : root.get("shots")) {
            i++;
            double seconds = s.path("seconds").asDouble(0);
            if (!(seconds > 0) || seconds > 60) {
                throw new SchemaException("shots[" + (i - 1) + "].seconds 必须是0到60之间的数字");
            }
            if (text(s, "image").isBlank()) {
                throw new SchemaException("shots[" + (i - 1) + "].image 不能为空");
            }
            List<DialogueLine> dialogue = new ArrayList<>();
            for (JsonNode d : s.path("dialogue")) {
                if (text(d, "speaker").isBlank() || text(d, "text").isBlank()) {
                    throw new SchemaException("shots[" + (i - 1) + "].dialogue 的每一句都要有 speaker 和 text");
                }
                dialogue.add(new DialogueLine(text(d, "speaker"), text(d, "text"), text(d, "emotion")));
            }
            List<String> present = new ArrayList<>();
            s.path("characters").forEach(n -> present.add(n.asText()));
            String scene = text(s, "scene");
            shots.add(new Shot("shot-" + i, scene.isBlank() ? "" : scenePrefix + scene, present, text(s, "image"),
                    CameraMove.parse(text(s, "camera")), text(s, "narration"), dialogue, seconds));
        }
        return new Storyboard("", characters, scenes, shots);
    }

    private List<Shot> thin(List<Shot> shots) {
        if (maxShots == 0 || shots.size() <= maxShots) {
            return shots;
        }
        List<Shot> kept = new ArrayList<>();
        for (int i = 0; i < maxShots; i++) {
            kept.add(shots.get((int) ((long) i * shots.size() / maxShots)));
        }
        return kept;
    }

    private static Character fillBlanks(Character first, Character later) {
        return new Character(first.name(), or(first.appearance(), later.appearance()), or(first.age(), later.age()),
                or(first.clothing(), later.clothing()), or(first.voiceHint(), later.voiceHint()), first.aliases());
    }

    private static String or(String a, String b) {
        return a.isBlank() ? b : a;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() ? v.asText().strip() : "";
    }

    private static String stripFences(String answer) {
        String t = answer.strip();
        int start = t.indexOf('{');
        int end = t.lastIndexOf('}');
        return start >= 0 && end > start ? t.substring(start, end + 1) : t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
