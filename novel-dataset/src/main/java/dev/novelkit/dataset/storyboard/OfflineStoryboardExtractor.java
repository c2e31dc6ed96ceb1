package dev.novelkit.dataset.storyboard;

import dev.novelkit.core.config.Require;
import dev.novelkit.core.story.StoryText;
import dev.novelkit.core.story.StoryboardExtractor;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.dataset.internal.CharacterFinder;
import dev.novelkit.dataset.internal.ChineseNames;
import dev.novelkit.dataset.internal.ChineseText;
import dev.novelkit.core.text.Sentences;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The offline storyboard extractor: characters by HanLP person names merged with speaker and title patterns,
 * dialogue in “…” attributed to the nearest speaker by 说/道/问/喊-style patterns, scenes by place and time words,
 * and shots from the text's blocks, the most picturable kept evenly across chapters. An approximation of what an
 * LLM would plan, deterministic and free. Immutable; configure with {@link #maxShots(int)} and friends.
 */
public final class OfflineStoryboardExtractor implements StoryboardExtractor {
    private static final List<String> PLACES = List.of("老渡口", "渡口", "茶棚", "阁楼", "小屋", "大院", "书房", "后院",
            "戏台", "西街", "米仓", "城隍庙", "码头", "竹林", "石阶", "河边", "河心", "对岸", "府城", "县衙", "驿站", "镇口",
            "客栈", "酒楼", "宫殿", "大殿", "书院", "庭院", "花园", "山洞", "树林", "森林", "江边", "湖边", "城门", "集市",
            "街道", "房间", "教室", "办公室", "医院", "公园", "车站", "船上", "渡船", "院子", "屋里", "山上", "河面", "街");
    private static final Map<String, String> TIMES = new LinkedHashMap<>();
    private static final Map<String, List<String>> MOODS = new LinkedHashMap<>();
    private static final String VISUAL = "灯雨河船山花月雾水火雪风云桥柳竹塔烛霞阳光夜星浪";

    static {
        for (String w : List.of("雨夜", "半夜", "深夜", "夜里", "夜色", "晚上", "天黑", "夜")) {
            TIMES.put(w, "夜");
        }
        for (String w : List.of("傍晚", "黄昏", "夕阳", "晚霞")) {
            TIMES.put(w, "傍晚");
        }
        for (String w : List.of("天不亮", "清晨", "早晨", "天亮", "早上", "晨雾")) {
            TIMES.put(w, "清晨");
        }
        for (String w : List.of("上午", "中午", "下午", "白天", "阳光")) {
            TIMES.put(w, "白天");
        }
        MOODS.put("tense", List.of("洪水", "决口", "塌", "吓", "惊", "急", "救", "漩涡", "哭喊", "冷汗"));
        MOODS.put("joyful", List.of("灯会", "欢呼", "热闹", "叫好", "笑", "锣鼓", "拍着手"));
        MOODS.put("melancholy", List.of("雨", "眼泪", "叹", "发酸", "空", "冷", "苦涩", "发愁"));
        MOODS.put("warm", List.of("暖", "热茶", "姜茶", "烧饼", "温和"));
    }

    private final int maxShots;
    private final int maxCharacters;
    private final double charsPerSecond;
    private final double minShotSeconds;
    private final double maxShotSeconds;

    private OfflineStoryboardExtractor(int maxShots, int maxCharacters, double charsPerSecond, double minShotSeconds,
                                       double maxShotSeconds) {
        this.maxShots = maxShots;
        this.maxCharacters = maxCharacters;
        this.charsPerSecond = charsPerSecond;
        this.minShotSeconds = minShotSeconds;
        this.maxShotSeconds = maxShotSeconds;
    }

    /** 12 shots, up to 12 characters, 4.5 spoken characters a second, shots of 3 to 9 seconds. */
    public static OfflineStoryboardExtractor defaults() {
        return new OfflineStoryboardExtractor(12, 12, 4.5, 3, 9);
    }

    /** At most this many shots, spread over the chapters (0: one shot per block of text, no limit). */
    public OfflineStoryboardExtractor maxShots(int value) {
        return new OfflineStoryboardExtractor(Require.atLeast("maxShots", value, 0), maxCharacters, charsPerSecond,
                minShotSeconds, maxShotSeconds);
    }

    /** At most this many characters in the cast (≥ 1, default 12). */
    public OfflineStoryboardExtractor maxCharacters(int value) {
        return new OfflineStoryboardExtractor(maxShots, Require.atLeast("maxCharacters", value, 1), charsPerSecond,
                minShotSeconds, maxShotSeconds);
    }

    /** Reading speed used to estimate shot lengths (Mandarin narration is about 4 to 5 characters a second). */
    public OfflineStoryboardExtractor charsPerSecond(double value) {
        return new OfflineStoryboardExtractor(maxShots, maxCharacters, Require.positive("charsPerSecond", value),
                minShotSeconds, maxShotSeconds);
    }

    /** The shortest and longest shot in seconds (0 < min ≤ max; default 3 to 9). */
    public OfflineStoryboardExtractor shotSeconds(double min, double max) {
        Require.positive("shotSeconds min", min);
        Require.that(max >= min && !Double.isInfinite(max), "shotSeconds", min + ".." + max,
                "needs min <= max");
        return new OfflineStoryboardExtractor(maxShots, maxCharacters, charsPerSecond, min, max);
    }

    @Override
    public String name() {
        return "offline";
    }

    /** The settings, stable from run to run (the pipeline keys its cache on it). */
    @Override
    public String toString() {
        return "OfflineStoryboardExtractor[maxShots=" + maxShots + ", maxCharacters=" + maxCharacters
                + ", charsPerSecond=" + charsPerSecond + ", shotSeconds=" + minShotSeconds + ".." + maxShotSeconds + "]";
    }

    @Override
    public Storyboard extract(StoryText story, ProgressListener listener) {
        String full = story.fullText();
        List<CharacterFinder.Found> found = CharacterFinder.find(full, maxCharacters);
        List<Character> characters = found.stream().map(f -> CharacterFinder.describe(full, f)).toList();
        listener.onMessage("storyboard: " + characters.size() + " characters: "
                + String.join("、", characters.stream().map(Character::name).toList()));

        List<Candidate> candidates = new ArrayList<>();
        Map<String, Scene> scenes = new LinkedHashMap<>();
        for (int p = 0; p < story.parts().size(); p++) {
            readPart(p, story.parts().get(p), found, candidates, scenes);
            listener.onProgress(new Progress("storyboard", p + 1, story.parts().size(), ""));
        }
        List<Candidate> chosen = choose(candidates, story.parts().size());
        List<Shot> shots = new ArrayList<>();
        Set<String> usedScenes = new LinkedHashSet<>();
        String previousScene = "";
        for (Candidate c : chosen) {
            int n = shots.size() + 1;
            boolean establishing = !c.sceneId.equals(previousScene);
            previousScene = c.sceneId;
            usedScenes.add(c.sceneId);
            shots.add(new Shot(String.format(Locale.ROOT, "shot-%02d", n), c.sceneId, c.characters,
                    c.imageDescription, camera(n, establishing, !c.dialogue.isEmpty()), c.narration, c.dialogue,
                    seconds(c)));
        }
        List<Scene> keptScenes = scenes.values().stream().filter(s -> usedScenes.contains(s.id())).toList();
        return new Storyboard(story.title(), characters, keptScenes, shots);
    }

    /** One block of text that could become a shot. */
    private record Candidate(int part, int order, String sceneId, List<String> characters, String imageDescription,
                             String narration, List<DialogueLine> dialogue, double score) {
    }

    private void readPart(int part, StoryText.Part p, List<CharacterFinder.Found> found, List<Candidate> out,
                          Map<String, Scene> scenes) {
        String place = "";
        String time = "";
        String lastSpeaker = "";
        int order = 0;
        for (String block : p.text().split("\n")) {
            String b = block.strip();
            if (b.isEmpty()) {
                continue;
            }
            String narrationText = ChineseText.withoutSpeech(b);
            String newPlace = firstOf(narrationText, PLACES);
            if (!newPlace.isEmpty()) {
                place = newPlace;
            }
            String timeWord = firstOf(narrationText, new ArrayList<>(TIMES.keySet()));
            if (!timeWord.isEmpty()) {
                time = TIMES.get(timeWord);
            }
            String sceneKey = (part + 1) + "-" + (place.isEmpty() ? "开场" : place);
            String sceneId = "c" + sceneKey;
            if (!scenes.containsKey(sceneId)) {
                String where = place.isEmpty() ? (p.heading().isEmpty() ? "故事开场" : p.heading()) : place;
                scenes.put(sceneId, new Scene(sceneId, where, time, mood(p.text()),
                        ChineseText.clip(firstSentence(narrationText), 60)));
            }

            List<DialogueLine> dialogue = new ArrayList<>();
            List<ChineseText.Quote> quotes = ChineseText.quotes(b);
            for (int q = 0; q < quotes.size() && dialogue.size() < 3; q++) {
                ChineseText.Quote quote = quotes.get(q);
                int prevEnd = q == 0 ? 0 : quotes.get(q - 1).end();
                int nextStart = q + 1 < quotes.size() ? quotes.get(q + 1).start() : b.length();
                String before = b.substring(prevEnd, quote.start());
                String after = b.substring(quote.end(), Math.min(nextStart, quote.end() + 16));
                String speaker = speakerOf(before, after, found, lastSpeaker);
                lastSpeaker = speaker;
                String line = ChineseText.clip(quote.text(), 40);
                if (ChineseText.isSpoken(quote.text())) {
                    dialogue.add(new DialogueLine(speaker, line, emotionOf(before + after, quote.text())));
                }
            }
            String narration = narrationOf(narrationText, !dialogue.isEmpty());
            if (narration.isEmpty() && dialogue.isEmpty()) {
                continue;
            }
            Set<String> present = new LinkedHashSet<>();
            for (CharacterFinder.Found f : found) {
                if (f.forms().stream().anyMatch(b::contains)) {
                    present.add(f.name());
                }
            }
            dialogue.forEach(d -> {
                if (!d.speaker().equals(NARRATOR)) {
                    present.add(d.speaker());
                }
            });
            String picture = ((time.isEmpty() ? "" : time + "，") + (place.isEmpty() ? "" : place + "，")
                    + (present.isEmpty() ? "" : String.join("、", present) + "，")
                    + ChineseText.clip(firstSentence(narrationText.isBlank() ? b : narrationText), 50)).strip();
            double score = score(b, present.size(), !dialogue.isEmpty(), !place.isEmpty());
            out.add(new Candidate(part, order++, sceneId, List.copyOf(present), picture, narration,
                    List.copyOf(dialogue), score));
        }
    }

    static final String NARRATOR = "旁白";

    private static String speakerOf(String before, String after, List<CharacterFinder.Found> found, String last) {
        // “……”晚舟说 — a name right after the quote wins.
        List<int[]> names = namesIn(after, found);
        if (!names.isEmpty() && names.get(0)[0] <= 6) {
            return found.get(names.get(0)[1]).name();
        }
        // Before the quote: the last name followed by a speech verb (周伯压低声音问), else the sentence's subject
        // (小满喘着气，拉住晚舟的袖子，“……” is 小满's line), else the last name mentioned.
        names = namesIn(before, found);
        for (int k = names.size() - 1; k >= 0; k--) {
            int end = names.get(k)[0] + names.get(k)[2];
            String tail = before.substring(end, Math.min(before.length(), end + 8));
            if (SPEECH_VERB.matcher(tail).find() && !tail.substring(0, Math.max(0, tail.length() - 1)).contains("，")) {
                return found.get(names.get(k)[1]).name();
            }
        }
        if (!names.isEmpty() && names.get(0)[0] <= 2) {
            return found.get(names.get(0)[1]).name();
        }
        return names.isEmpty() ? NARRATOR : found.get(names.get(names.size() - 1)[1]).name();
    }

    private static final java.util.regex.Pattern SPEECH_VERB = java.util.regex.Pattern.compile("说|道|问|喊|叫|答|嚷");

    /** Every mention in {@code context} as {position, character index, length}, in order of position. */
    private static List<int[]> namesIn(String context, List<CharacterFinder.Found> found) {
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < found.size(); c++) {
            for (String form : found.get(c).forms()) {
                for (int i = context.indexOf(form); i >= 0; i = context.indexOf(form, i + form.length())) {
                    int at = i;
                    if (out.stream().noneMatch(m -> at >= m[0] && at < m[0] + m[2])) {
                        out.add(new int[] {i, c, form.length()});
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(m -> m[0]));
        return out;
    }

    private static String emotionOf(String context, String line) {
        if (context.matches(".*(喊|吼|怒|瞪|冷笑|生气|气鼓鼓|气得).*")) {
            return line.contains("！") ? "angry" : "serious";
        }
        if (context.matches(".*(哭|哽咽|眼泪|叹|眼眶).*")) {
            return "sad";
        }
        if (context.matches(".*(笑|哈哈).*")) {
            return "cheerful";
        }
        if (context.matches(".*(小声|低声|轻声|压低).*")) {
            return "whispering";
        }
        if (context.matches(".*(急|慌|抖|吓).*")) {
            return "fearful";
        }
        return line.contains("！") ? "excited" : "calm";
    }

    private static String narrationOf(String narrationText, boolean hasDialogue) {
        StringBuilder b = new StringBuilder();
        for (String s : Sentences.split(narrationText)) {
            String t = s.strip().replaceAll("^[，,。：:\\s]+", "");
            int len = t.codePointCount(0, t.length());
            if (len < 8 || (hasDialogue && len < 14)) {
                continue;
            }
            if (b.length() + len > 60) {
                if (b.length() == 0) {
                    b.append(ChineseText.clip(t, 60));
                }
                break;
            }
            b.append(t);
            if (b.length() >= 30) {
                break;
            }
        }
        return b.toString();
    }

    private static double score(String block, int characters, boolean dialogue, boolean place) {
        int visual = 0;
        for (int i = 0; i < block.length(); i++) {
            if (VISUAL.indexOf(block.charAt(i)) >= 0) {
                visual++;
            }
        }
        int len = block.length();
        double lengthFit = len < 20 ? -2 : len > 260 ? -1 : 0;
        return Math.min(visual, 6) * 0.5 + characters + (dialogue ? 2 : 0) + (place ? 1 : 0) + lengthFit;
    }

    /** Picks {@code maxShots} candidates spread over the parts by length, best-scoring first, in story order. */
    private List<Candidate> choose(List<Candidate> all, int parts) {
        if (maxShots == 0 || all.size() <= maxShots) {
            return all;
        }
        int[] perPart = new int[parts];
        for (Candidate c : all) {
            perPart[c.part]++;
        }
        int[] quota = new int[parts];
        List<Integer> withText = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            if (perPart[p] > 0) {
                withText.add(p);
            }
        }
        if (maxShots < withText.size()) {
            // Fewer shots than chapters: one shot each from chapters spread evenly over the story.
            for (int k = 0; k < maxShots; k++) {
                quota[withText.get(k * withText.size() / maxShots)] = 1;
            }
            return pick(all, parts, quota);
        }
        int given = 0;
        for (int p = 0; p < parts; p++) {
            quota[p] = perPart[p] == 0 ? 0 : Math.max(1, (int) Math.floor((double) maxShots * perPart[p] / all.size()));
            given += quota[p];
        }
        // Terminates: every chapter with text keeps at least 1 and there are no more of those than maxShots.
        for (int p = 0; given > maxShots; p = (p + 1) % parts) {
            if (quota[p] > 1) {
                quota[p]--;
                given--;
            }
        }
        for (int p = 0; given < maxShots; p = (p + 1) % parts) {
            if (quota[p] < perPart[p]) {
                quota[p]++;
                given++;
            }
        }
        return pick(all, parts, quota);
    }

    /** The opening block and the best-scoring others of each part, {@code quota[part]} in all, in story order. */
    private static List<Candidate> pick(List<Candidate> all, int parts, int[] quota) {
        List<Candidate> chosen = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            if (quota[p] == 0) {
                continue;
            }
            int part = p;
            List<Candidate> inPart = all.stream().filter(c -> c.part == part).toList();
            List<Candidate> best = new ArrayList<>();
            if (!inPart.isEmpty()) {
                best.add(inPart.get(0)); // the opening of each chapter sets the scene
            }
            inPart.stream().skip(1).sorted(Comparator.comparingDouble(Candidate::score).reversed())
                    .limit(Math.max(0, quota[p] - best.size())).forEach(best::add);
            best.sort(Comparator.comparingInt(Candidate::order));
            chosen.addAll(best.subList(0, Math.min(best.size(), quota[p])));
        }
        return chosen;
    }

    private double seconds(Candidate c) {
        int chars = c.narration.codePointCount(0, c.narration.length());
        for (DialogueLine d : c.dialogue) {
            chars += d.text().codePointCount(0, d.text().length());
        }
        double s = chars / charsPerSecond + 0.6 * (c.dialogue.size() + (c.narration.isEmpty() ? 0 : 1));
        return Math.round(Math.max(minShotSeconds, Math.min(maxShotSeconds, s)) * 10) / 10.0;
    }

    private static CameraMove camera(int n, boolean establishing, boolean dialogue) {
        if (establishing) {
            return n % 2 == 0 ? CameraMove.PAN_LEFT : CameraMove.PAN_RIGHT;
        }
        if (dialogue) {
            return CameraMove.ZOOM_IN;
        }
        return n % 2 == 0 ? CameraMove.ZOOM_OUT : CameraMove.TILT_UP;
    }

    private static String mood(String text) {
        String best = "calm";
        int bestScore = 0;
        for (Map.Entry<String, List<String>> e : MOODS.entrySet()) {
            int s = 0;
            for (String w : e.getValue()) {
                s += ChineseNames.count(text, w);
            }
            if (s > bestScore) {
                best = e.getKey();
                bestScore = s;
            }
        }
        return best;
    }

    private static String firstOf(String text, List<String> words) {
        int bestPos = Integer.MAX_VALUE;
        String best = "";
        for (String w : words) {
            int i = text.indexOf(w);
            if (i >= 0 && (i < bestPos || (i == bestPos && w.length() > best.length()))) {
                bestPos = i;
                best = w;
            }
        }
        return best;
    }

    private static String firstSentence(String text) {
        List<String> s = Sentences.split(text);
        return s.isEmpty() ? text.strip() : s.get(0).replaceAll("^[，,。：:\\s]+", "");
    }
}
