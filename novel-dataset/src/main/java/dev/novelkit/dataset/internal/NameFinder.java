package dev.novelkit.dataset.internal;

import com.hankcs.hanlp.seg.common.Term;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the people of a passage for its summary (the storyboard's cast, with aliases, titles, gender and age, is
 * {@link CharacterFinder}'s; both take their knowledge of names from {@link ChineseNames}): HanLP's person-name tags (nr*), completed by a surname rule, because HanLP's
 * recogniser misses many invented names (it reads 林晚秋 as 林 + 晚秋), glues a following word to others
 * (沈砚正) and tags places and things (青溪, 米仓): its tags count only for names that start with a surname. A surname followed by one or two Han characters becomes a candidate when it recurs and is not an
 * ordinary dictionary word; a candidate that is another one plus a following word is dropped. A character called
 * by the given name alone (晚舟 for 林晚舟) is found by the speaker rule: two or three Han characters, not a
 * dictionary word, recurring and followed at least twice by a verb of speech (晚舟说, 晚舟笑). A full name absorbs
 * its given name's mentions. Ranked by how often the name occurs, then by first occurrence.
 */
public final class NameFinder {
    /** Characters that end a name candidate: particles, pronouns, common verbs of speech and motion. */
    private static final String NOT_IN_NAME = "的了着过说道在是把被和与也就都又却很太要会能向对从给让叫他她它我你们这那"
            + "不没有个一上下里中来去到得地吗呢吧啊呀笑看想问喊叹走站坐听见";
    private static final String NOT_FIRST = "这那他她它我你您谁某每各此其该本";
    /** Words that follow a place name: 青溪镇, 雷家堡, 城隍庙. */
    private static final String PLACE = "镇村县城山河江湖街巷府庄寨堡寺庙省州乡桥楼阁岭峰湾港路";
    /** Verbs that follow a speaker: 晚舟说, 周伯笑, 沈砚问. */
    private static final String SPEECH = "说道问笑喊叫叹答应嚷骂哭";

    private NameFinder() {
    }

    /** A name and how many times it occurs. */
    public record Name(String name, int count, int first) {
    }

    /** The people of {@code text}, most frequent first; {@code terms} is HanLP's segmentation of the same text. */
    public static List<Name> find(String text, List<Term> terms) {
        Map<String, Candidate> all = new LinkedHashMap<>();
        for (Term t : terms) {
            String nature = t.nature == null ? "" : t.nature.toString();
            if (nature.startsWith("nr") && ChineseNames.hanOnly(t.word) && t.word.length() >= 2 && t.word.length() <= 4
                    && NOT_FIRST.indexOf(t.word.charAt(0)) < 0) {
                // HanLP's recogniser also tags places and things (米仓, 官地): trusted only with a surname.
                candidate(all, text, t.word).trusted |= ChineseNames.surnameLength(t.word, 0) > 0;
                all.get(t.word).tagged = true;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            int surname = ChineseNames.surnameLength(text, i);
            if (surname == 0) {
                continue;
            }
            for (int len = surname + 1; len <= surname + 2 && i + len <= text.length(); len++) {
                String c = text.substring(i, i + len);
                if (ChineseNames.hanOnly(c) && NOT_IN_NAME.indexOf(c.charAt(len - 1)) < 0
                        && (len == surname + 1 || NOT_IN_NAME.indexOf(c.charAt(surname)) < 0)) {
                    candidate(all, text, c);
                }
            }
        }
        for (String c : speakers(text)) {
            candidate(all, text, c).trusted = true;
        }
        all.values().removeIf(c -> c.count == 0);

        // 林晚秋 over 林晚 when the longer form accounts for (nearly) every occurrence; 沈砚 over 沈砚正 otherwise.
        List<String> drop = new ArrayList<>();
        for (Candidate longer : all.values()) {
            for (Candidate shorter : all.values()) {
                if (shorter == longer || shorter.name.length() >= longer.name.length()
                        || !longer.name.startsWith(shorter.name)) {
                    continue;
                }
                if (longer.count * 5 >= shorter.count * 4) {
                    drop.add(shorter.name);
                    longer.trusted |= shorter.trusted || shorter.tagged;
                } else {
                    drop.add(longer.name);
                }
            }
        }
        drop.forEach(all::remove);

        Map<String, Name> names = new LinkedHashMap<>();
        for (Candidate c : all.values()) {
            boolean plausible = c.trusted || (c.count >= 2 && ChineseNames.surnameLength(c.name, 0) > 0
                    && (c.tagged || !ChineseNames.isDictionaryWord(c.name)));
            if (plausible && !placeOrFamily(text, c.name)) {
                names.put(c.name, new Name(c.name, c.count, text.indexOf(c.name)));
            }
        }
        // 林晚舟 and 晚舟: one person, known by the full name, counted with every mention.
        for (Name full : List.copyOf(names.values())) {
            int surname = ChineseNames.surnameLength(full.name, 0);
            if (surname == 0 || full.name.length() - surname < 2) {
                continue;
            }
            Name given = names.get(full.name.substring(surname));
            if (given != null) {
                names.remove(given.name);
                names.put(full.name, new Name(full.name, Math.max(full.count, given.count),
                        Math.min(full.first, given.first)));
            }
        }
        List<Name> ranked = new ArrayList<>(names.values());
        ranked.sort(Comparator.comparingInt((Name n) -> -n.count).thenComparingInt(n -> n.first)
                .thenComparing(n -> n.name));
        return ranked;
    }

    private static final class Candidate {
        final String name;
        final int count;
        boolean trusted;
        boolean tagged;

        Candidate(String name, int count) {
            this.name = name;
            this.count = count;
        }
    }

    private static Candidate candidate(Map<String, Candidate> all, String text, String name) {
        return all.computeIfAbsent(name, n -> new Candidate(n, ChineseNames.count(text, n)));
    }

    /** 青溪 of 青溪镇, 顾家 of 顾家大院: mostly followed by a place word, or naming a family. */
    private static boolean placeOrFamily(String text, String name) {
        if (name.indexOf('家') > 0 || name.indexOf('府') > 0) {
            return true;
        }
        int places = 0;
        int total = 0;
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length())) {
            total++;
            int next = i + name.length();
            if (next < text.length() && PLACE.indexOf(text.charAt(next)) >= 0) {
                places++;
            }
        }
        return total > 0 && places * 2 >= total;
    }

    /** Two or three Han characters followed at least twice by a verb of speech, not dictionary words. */
    private static Set<String> speakers(String text) {
        Map<String, Integer> spoken = new LinkedHashMap<>();
        for (int i = 2; i < text.length(); i++) {
            if (SPEECH.indexOf(text.charAt(i)) < 0) {
                continue;
            }
            for (int len = 2; len <= 3 && i - len >= 0; len++) {
                String c = text.substring(i - len, i);
                if (ChineseNames.hanOnly(c) && NOT_FIRST.indexOf(c.charAt(0)) < 0 && noneOf(c, NOT_IN_NAME)) {
                    spoken.merge(c, 1, Integer::sum);
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        spoken.forEach((c, n) -> {
            if (n >= 2 && !ChineseNames.isDictionaryWord(c) && !containsDictionaryWord(c)) {
                out.add(c);
            }
        });
        // 顾长风 and 长风 both precede 说: keep the longer when it accounts for every mention.
        out.removeIf(c -> c.length() == 2 && out.stream().anyMatch(l -> l.length() == 3 && l.endsWith(c)
                && ChineseNames.count(text, l) == ChineseNames.count(text, c)));
        out.removeIf(c -> c.length() == 3 && !out.contains(c.substring(1)) && out.contains(c.substring(0, 2)));
        return out;
    }

    /** A three-character string made of a dictionary word and one more character is not a name (走过去说). */
    private static boolean containsDictionaryWord(String c) {
        return c.length() == 3 && (ChineseNames.isDictionaryWord(c.substring(0, 2))
                || ChineseNames.isDictionaryWord(c.substring(1)));
    }

    private static boolean noneOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }



}
