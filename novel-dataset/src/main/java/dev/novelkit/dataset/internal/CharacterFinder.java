package dev.novelkit.dataset.internal;

import com.hankcs.hanlp.HanLP;
import dev.novelkit.core.text.Sentences;
import com.hankcs.hanlp.seg.common.Term;
import dev.novelkit.core.story.Character;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the named characters of a Chinese story offline. HanLP's person-name recognition alone is noisy on fiction
 * (it splits three-character names, misses given-name-only forms, tags places as people), so candidates come from
 * four sources (HanLP person names, surname-initial n-grams, the words before speech verbs, surname + title forms
 * such as 周伯 or 顾掌柜), need evidence of being a person (speaking, a title, or acting like one), and are then
 * merged: substrings of longer names dropped, given names joined to their full name (晚舟 → 林晚舟), titles joined
 * to the one character of that surname (顾掌柜 → 顾长庚). An approximation; not public API. Its knowledge of
 * surnames and ordinary words is {@link ChineseNames}'; a paragraph's people for a summary are {@link NameFinder}'s.
 */
public final class CharacterFinder {
    private static final List<String> TITLES = List.of("大叔", "大娘", "大爷", "大婶", "掌柜", "书办", "先生", "姑娘",
            "老爷", "夫人", "小姐", "公子", "师傅", "师父", "婆婆", "爷爷", "奶奶", "伯", "婶", "叔", "嫂", "娘");
    private static final Set<String> FEMALE_TITLES = Set.of("大娘", "大婶", "姑娘", "夫人", "小姐", "婆婆", "奶奶", "婶",
            "嫂", "娘");
    private static final Set<String> OLD_TITLES = Set.of("大爷", "大娘", "婆婆", "爷爷", "奶奶", "伯", "老爷");
    private static final String NOT_IN_NAME = "的地得了在是和说道着过不也都就又把被从向到这那里上下们家个一";
    private static final String NEVER_IN_NAME = "的地得了着过们这那";
    private static final String PERSON_CONTEXT = "说道问喊叫答笑哭看望站坐走跑跳想听愣叹点摇低抬转伸接拿冲拉咬皱瞪盯";
    private static final Pattern SPEAKER = Pattern.compile(
            "(\\p{IsHan}{2,4}?)(?:小声|低声|轻声|大声|连声|沉声|淡淡地|笑着|急得|忽然)?(?:说|道|问|喊|叫道|答|笑道|嚷)");

    /** A character found in the text, with every form it is called by and how often. */
    public record Found(String name, List<String> aliases, int mentions, boolean female, int age, String title,
                        List<String> otherNames) {
        public List<String> forms() {
            List<String> all = new ArrayList<>(List.of(name));
            all.addAll(aliases);
            return all;
        }
    }

    private CharacterFinder() {
    }

    public static List<Found> find(String text, int max) {
        Map<String, Integer> hanlp = new HashMap<>();
        for (Term t : HanLP.segment(text)) {
            if (t.nature.toString().startsWith("nr") && t.word.length() >= 2 && t.word.length() <= 4) {
                hanlp.merge(t.word, 1, Integer::sum);
            }
        }
        Map<String, Integer> speakers = new HashMap<>();
        Matcher sm = SPEAKER.matcher(text);
        while (sm.find()) {
            String w = sm.group(1);
            for (int len = 2; len <= Math.min(3, w.length()); len++) {
                speakers.merge(w.substring(w.length() - len), 1, Integer::sum);
            }
        }
        Set<String> candidates = new LinkedHashSet<>();
        hanlp.forEach((w, n) -> {
            if (n >= 3) {
                candidates.add(w);
            }
        });
        speakers.forEach((w, n) -> {
            if (n >= 2) {
                candidates.add(w);
            }
        });
        Map<String, String> titleOf = new HashMap<>();
        for (int i = 0; i + 1 < text.length(); i++) {
            if (!ChineseNames.isSurnameAt(text, i)) {
                continue;
            }
            for (int len = 2; len <= 3 && i + len <= text.length(); len++) {
                String gram = text.substring(i, i + len);
                if (!gram.chars().allMatch(c -> ChineseNames.isHan((char) c))) {
                    break;
                }
                String rest = gram.substring(1);
                if (TITLES.contains(rest)) {
                    titleOf.put(gram, rest);
                    candidates.add(gram);
                } else if (hanlp.containsKey(gram)) {
                    candidates.add(gram);
                }
            }
        }

        // HanLP often cuts a three-character name short (顾长 | 庚): extend a form whose next character is nearly fixed.
        for (String c : new ArrayList<>(candidates)) {
            String longer = extension(text, c);
            if (longer != null) {
                candidates.add(longer);
            }
        }

        Map<String, Integer> counts = new HashMap<>();
        List<String> kept = new ArrayList<>();
        for (String c : candidates) {
            int n = ChineseNames.count(text, c);
            counts.put(c, n);
            boolean title = titleOf.containsKey(c);
            if (n < (title ? 2 : 3) || !plausible(c)) {
                continue;
            }
            boolean surname = ChineseNames.startsWithSurname(c);
            int context = personContext(text, c);
            boolean byHanlp = hanlp.getOrDefault(c, 0) >= 2
                    || (c.length() == 3 && hanlp.getOrDefault(c.substring(0, 2), 0) >= 2);
            boolean evidence = speakers.getOrDefault(c, 0) >= 1 || title
                    || (surname && (byHanlp || context >= 2)) || (byHanlp && context >= 3);
            if (evidence) {
                kept.add(c);
            }
        }
        // Drop forms that are mostly part of a longer kept form (顾长 ⊂ 顾长庚), or a name plus a following word.
        kept.sort(Comparator.comparingInt(String::length).reversed());
        Set<String> dropped = new HashSet<>();
        for (String longer : kept) {
            for (String shorter : kept) {
                if (shorter.length() >= longer.length() || !longer.contains(shorter)) {
                    continue;
                }
                if (counts.get(longer) >= 0.6 * counts.get(shorter)) {
                    dropped.add(shorter);
                } else if (longer.startsWith(shorter)) {
                    dropped.add(longer);
                }
            }
        }
        kept.removeAll(dropped);

        // Join given names to their full name (晚舟 → 林晚舟), titles to the one character of their surname.
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        for (String c : kept) {
            if (titleOf.containsKey(c) || ChineseNames.startsWithSurname(c)) {
                aliases.put(c, new ArrayList<>());
                continue;
            }
            String full = fullNameOf(text, c);
            aliases.computeIfAbsent(full != null ? full : c, k -> new ArrayList<>());
            if (full != null) {
                aliases.get(full).add(c);
            }
        }
        for (String t : new ArrayList<>(aliases.keySet())) {
            if (!titleOf.containsKey(t)) {
                continue;
            }
            List<String> sameSurname = aliases.keySet().stream()
                    .filter(n -> !n.equals(t) && !titleOf.containsKey(n) && n.charAt(0) == t.charAt(0)).toList();
            if (sameSurname.size() == 1) {
                aliases.get(sameSurname.get(0)).add(t);
                aliases.get(sameSurname.get(0)).addAll(aliases.remove(t));
            }
        }

        // A three-character name is also called by its given name alone (林晚舟 → 晚舟).
        for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
            String name = e.getKey();
            if (name.length() == 3 && !titleOf.containsKey(name) && ChineseNames.startsWithSurname(name)) {
                String given = name.substring(1);
                if (!e.getValue().contains(given) && !aliases.containsKey(given) && !ChineseNames.isOrdinaryWord(given)
                        && ChineseNames.count(text, given) > ChineseNames.count(text, name)) {
                    e.getValue().add(0, given);
                }
            }
        }
        List<String> everyForm = new ArrayList<>();
        aliases.forEach((n, a) -> {
            everyForm.add(n);
            everyForm.addAll(a);
        });

        List<Found> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
            String name = e.getKey();
            List<String> forms = new ArrayList<>(List.of(name));
            forms.addAll(e.getValue());
            int mentions = mentions(text, forms);
            if (mentions < 2) {
                continue;
            }
            String title = forms.stream().map(titleOf::get).filter(java.util.Objects::nonNull).findFirst().orElse("");
            List<String> others = everyForm.stream().filter(x -> !forms.contains(x)).toList();
            found.add(new Found(name, List.copyOf(e.getValue()), mentions, isFemale(text, forms, title),
                    ageOf(text, forms, others), title, others));
        }
        found.sort(Comparator.comparingInt(Found::mentions).reversed());
        return found.size() > max ? List.copyOf(found.subList(0, max)) : List.copyOf(found);
    }

    /** Builds the {@link Character} record: appearance, age and clothing from the sentences that introduce them. */
    public static Character describe(String text, Found f) {
        List<String> intro = introduction(text, f.forms(), f.otherNames());
        List<String> clothing = new ArrayList<>();
        List<String> looks = new ArrayList<>();
        String agePhrase = "";
        for (String sentence : intro) {
            for (String clause : ChineseText.withoutQuotes(sentence).split("[，,；;。！？：:]")) {
                String c = afterName(clause.strip(), f.forms());
                if (c.isEmpty()) {
                    continue;
                }
                if (agePhrase.isEmpty() && !ChineseText.agePhrase(c).isEmpty()) {
                    agePhrase = ChineseText.agePhrase(c);
                }
                if (c.matches(".*(穿|披|衫|袍|袄|裙|长衫|蓑衣|官服|衣裳).*") && clothing.size() < 2) {
                    clothing.add(c);
                } else if (c.matches(".*(头发|眼睛|眉|脸|鼻|生得|身材|个子|皱纹|胖|瘦|辫子|酒窝|扳指|簪|墨迹|模样|清秀).*")
                        && looks.size() < 3 && !c.matches(".*(贴在|看见|看着|盯着).*")) {
                    looks.add(c);
                }
            }
        }
        String age = !agePhrase.isEmpty() ? agePhrase : f.age() > 0 ? f.age() + "岁" : "";
        String voice = (f.female() ? "female" : "male") + ", " + ageGroup(f);
        return new Character(f.name(), String.join("，", looks), age, String.join("，", clothing), voice, f.aliases());
    }

    /** The clause from just after the character's name, without a leading pronoun ("看见周伯披着蓑衣" → "披着蓑衣"). */
    private static String afterName(String clause, List<String> forms) {
        String c = clause;
        for (String form : forms) {
            int i = c.indexOf(form);
            if (i >= 0 && i + form.length() < c.length()) {
                c = c.substring(i + form.length());
                break;
            }
        }
        return c.replaceAll("^(他的|她的|他|她|的|今年|名叫)", "").strip();
    }

    private static String ageGroup(Found f) {
        if (f.age() > 0) {
            return f.age() < 18 ? "teen" : f.age() < 30 ? "young" : f.age() < 55 ? "middle-aged" : "old";
        }
        if (OLD_TITLES.contains(f.title())) {
            return "old";
        }
        return f.title().equals("掌柜") || f.title().equals("书办") ? "middle-aged" : "young";
    }

    /** The first sentence naming the character, and up to three after it that start with 他/她 or name them. */
    private static List<String> introduction(String text, List<String> forms, List<String> others) {
        List<String> sentences = Sentences.split(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sentences.size() && out.isEmpty(); i++) {
            String s = sentences.get(i);
            if (forms.stream().anyMatch(s::contains) && !s.startsWith("“") && firstNamed(s, forms, others)) {
                out.add(s);
                for (int j = i + 1; j < Math.min(sentences.size(), i + 4); j++) {
                    String next = sentences.get(j);
                    if (next.startsWith("他") || next.startsWith("她") || forms.stream().anyMatch(next::startsWith)) {
                        out.add(next);
                    } else {
                        break;
                    }
                }
            }
        }
        // A later, richer description (e.g. 顾掌柜名叫顾长庚，四十来岁，生得白白胖胖) is worth a look too.
        for (String s : sentences) {
            if (out.size() >= 6) {
                break;
            }
            if (!out.contains(s) && forms.stream().anyMatch(s::contains) && ChineseText.age(s) > 0
                    && firstNamed(s, forms, others)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether the character is named before any other (not 苏裁缝 in "她是苏小满，苏裁缝家的女儿"). */
    private static boolean firstNamed(String sentence, List<String> forms, List<String> others) {
        int own = forms.stream().mapToInt(sentence::indexOf).filter(i -> i >= 0).min().orElse(-1);
        return others.stream().mapToInt(sentence::indexOf).noneMatch(i -> i >= 0 && i < own);
    }

    private static boolean plausible(String c) {
        for (int i = 0; i < c.length(); i++) {
            if ((i > 0 && NOT_IN_NAME.indexOf(c.charAt(i)) >= 0) || NEVER_IN_NAME.indexOf(c.charAt(i)) >= 0) {
                return false;
            }
        }
        return c.chars().allMatch(ch -> ChineseNames.isHan((char) ch)) && !ChineseNames.isOrdinaryWord(c);
    }


    /** c plus the character that follows it in at least 80% of its occurrences, when that is a name character. */
    private static String extension(String text, String c) {
        if (c.length() != 2 || !ChineseNames.startsWithSurname(c)) {
            return null;
        }
        Map<java.lang.Character, Integer> next = new HashMap<>();
        int total = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            total++;
            if (i + 2 < text.length()) {
                next.merge(text.charAt(i + 2), 1, Integer::sum);
            }
        }
        for (Map.Entry<java.lang.Character, Integer> e : next.entrySet()) {
            char ch = e.getKey();
            if (e.getValue() >= 3 && e.getValue() >= 0.8 * total && ChineseNames.isHan(ch)
                    && NOT_IN_NAME.indexOf(ch) < 0 && PERSON_CONTEXT.indexOf(ch) < 0) {
                return c + ch;
            }
        }
        return null;
    }

    private static int personContext(String text, String name) {
        int n = 0;
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
            int after = i + name.length();
            if (after < text.length() && PERSON_CONTEXT.indexOf(text.charAt(after)) >= 0) {
                n++;
            }
        }
        return n;
    }

    private static String fullNameOf(String text, String given) {
        String best = null;
        int bestCount = 0;
        for (int i = text.indexOf(given); i >= 0; i = text.indexOf(given, i + 1)) {
            if (i > 0 && ChineseNames.isSurnameAt(text, i - 1)) {
                String full = text.charAt(i - 1) + given;
                int n = ChineseNames.count(text, full);
                if (n > bestCount) {
                    best = full;
                    bestCount = n;
                }
            }
        }
        return best;
    }

    private static int mentions(String text, List<String> forms) {
        // Count the longest forms first and blank them out so 林晚舟 is not also counted as 晚舟.
        String rest = text;
        int n = 0;
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        for (String f : sorted) {
            n += ChineseNames.count(rest, f);
            rest = rest.replace(f, "\u0000");
        }
        return n;
    }

    private static boolean isFemale(String text, List<String> forms, String title) {
        if (!title.isEmpty()) {
            return FEMALE_TITLES.contains(title);
        }
        int she = 0;
        int he = 0;
        for (String f : forms) {
            for (int i = text.indexOf(f); i >= 0; i = text.indexOf(f, i + 1)) {
                String window = text.substring(i, Math.min(text.length(), i + 40));
                she += ChineseNames.count(window, "她");
                he += ChineseNames.count(window, "他");
                if (window.contains(f + "姑娘") || window.contains(f + "姐")) {
                    she += 2;
                }
            }
        }
        return she > he;
    }

    private static int ageOf(String text, List<String> forms, List<String> others) {
        for (String s : introduction(text, forms, others)) {
            int age = ChineseText.age(ChineseText.withoutQuotes(s));
            if (age > 0) {
                return age;
            }
        }
        return -1;
    }
}
