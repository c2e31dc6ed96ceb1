package dev.novelkit.dataset.summary.offline.internal;

import dev.novelkit.dataset.internal.ChineseNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guesses a genre from cue words and a tone from the share of dialogue and exclamations: a crude, deterministic
 * stand-in for the style line a model would write.
 */
public final class StyleGuess {
    private static final Map<String, List<String>> GENRES = new LinkedHashMap<>();

    static {
        GENRES.put("武侠", List.of("江湖", "武功", "内力", "掌门", "门派", "剑法", "刀法", "侠", "镖局", "轻功", "师兄", "师妹"));
        GENRES.put("仙侠玄幻", List.of("修炼", "灵气", "宗门", "仙", "丹药", "法宝", "境界", "妖", "魔", "灵力", "飞剑"));
        GENRES.put("悬疑", List.of("凶手", "尸体", "线索", "警察", "侦探", "失踪", "秘密", "真相", "案子", "命案", "嫌疑"));
        GENRES.put("历史宫廷", List.of("皇上", "陛下", "宫", "王爷", "朝廷", "圣旨", "将军", "娘娘", "太子", "大人", "奴婢"));
        GENRES.put("都市", List.of("公司", "手机", "电脑", "地铁", "老板", "咖啡", "汽车", "微信", "办公室", "电话", "医院"));
        GENRES.put("言情", List.of("喜欢", "心跳", "婚", "恋", "吻", "思念", "爱情", "脸红", "温柔", "拥抱"));
        GENRES.put("科幻", List.of("飞船", "星球", "机器人", "外星", "实验室", "基地", "舰", "宇宙", "信号", "芯片"));
        GENRES.put("乡土", List.of("村", "镇", "田", "庄稼", "乡亲", "集市", "祠堂", "河边", "老屋", "炊烟"));
    }

    private StyleGuess() {
    }

    /** The genre with the most cue words (at least 2 occurrences), or "写实" when none stands out. */
    public static String genre(String text) {
        String best = "写实";
        int bestHits = 1;
        for (Map.Entry<String, List<String>> e : GENRES.entrySet()) {
            int hits = 0;
            for (String cue : e.getValue()) {
                hits += ChineseNames.count(text, cue);
            }
            if (hits > bestHits) {
                best = e.getKey();
                bestHits = hits;
            }
        }
        return best;
    }

    /** "对话密集、节奏明快", "情节紧张" and the like, from quotes, exclamations and questions. */
    public static String tone(String text) {
        int quoted = 0;
        int depth = 0;
        int marks = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '“' || c == '「') {
                depth++;
            } else if ((c == '”' || c == '」') && depth > 0) {
                depth--;
            } else if (depth > 0) {
                quoted++;
            }
            if (c == '！' || c == '!' || c == '？' || c == '?') {
                marks++;
            }
        }
        double dialogue = text.isEmpty() ? 0 : (double) quoted / text.length();
        String pace = dialogue > 0.25 ? "对话密集、节奏明快" : dialogue > 0.08 ? "叙述与对话相间" : "以叙述为主、娓娓道来";
        double perThousand = text.isEmpty() ? 0 : marks * 1000.0 / text.length();
        return perThousand > 6 ? pace + "，情节紧张" : pace;
    }
}
