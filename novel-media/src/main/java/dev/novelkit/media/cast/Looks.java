package dev.novelkit.media.cast;

import dev.novelkit.core.story.Character;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a character's canonical look from the storyboard's fields, filling what the text says nothing about
 * (gender, age, appearance, clothes) with a default chosen by the character's name and voice hint, the same on
 * every run. The storyboard's own words are kept as they are.
 */
final class Looks {
    private static final String[] FEMALE_WORDS = {"女", "姑娘", "娘", "妃", "姐", "妹", "婶", "姨", "嫂", "婆", "妇"};
    private static final String[] MALE_WORDS = {"男", "少年", "公子", "先生", "叔", "伯", "爷", "兄", "哥", "汉", "翁", "郎"};

    private Looks() {
    }

    enum Age { TEEN, YOUNG, MIDDLE, OLD }

    static String describe(Character c) {
        String text = c.appearance() + c.age() + c.clothing();
        boolean female = isFemale(c);
        Age age = ageOf(c);
        Color colour = Palette.of(c.name());
        int hash = Palette.stableHash(c.name());
        List<String> traits = new ArrayList<>();
        if (!has(text, FEMALE_WORDS) && !has(text, MALE_WORDS)) {
            traits.add(gender(female, age));
        }
        traits.add(orElse(c.age(), switch (age) {
            case TEEN -> "十五六岁";
            case YOUNG -> "二十岁上下";
            case MIDDLE -> "四十来岁";
            case OLD -> "六十多岁";
        }));
        traits.add(orElse(c.appearance(), pick(appearances(female, age), hash)));
        traits.add(orElse(c.clothing(), "穿" + Palette.hueName(colour) + "色" + pick(garments(female, age), hash >>> 8)));
        return c.name() + " (" + String.join(", ", traits) + ")";
    }

    static boolean isFemale(Character c) {
        String hint = c.voiceHint().toLowerCase(Locale.ROOT);
        if (hint.contains("female") || hint.contains("woman") || hint.contains("girl")) {
            return true;
        }
        if (hint.contains("male") || hint.contains("man") || hint.contains("boy")) {
            return false;
        }
        return has(c.appearance() + c.age() + c.clothing() + c.name(), FEMALE_WORDS);
    }

    static Age ageOf(Character c) {
        String hint = (c.voiceHint() + " " + c.age()).toLowerCase(Locale.ROOT);
        if (hint.contains("old") || hint.contains("elder") || has(c.age(), "六十", "七十", "八十", "老")) {
            return Age.OLD;
        }
        if (hint.contains("middle") || has(c.age(), "四十", "五十", "中年")) {
            return Age.MIDDLE;
        }
        if (hint.contains("teen") || hint.contains("child") || has(c.age(), "十三", "十四", "十五", "十六", "十七")) {
            return Age.TEEN;
        }
        return Age.YOUNG;
    }

    private static String gender(boolean female, Age age) {
        return switch (age) {
            case TEEN -> female ? "少女" : "少年";
            case YOUNG -> female ? "年轻女子" : "年轻男子";
            case MIDDLE -> female ? "中年妇人" : "中年男子";
            case OLD -> female ? "老妇人" : "老者";
        };
    }

    private static String[] appearances(boolean female, Age age) {
        return switch (age) {
            case TEEN -> female ? new String[]{"圆脸大眼, 扎两条辫子", "眉眼灵动, 梳双丫髻", "脸颊红润, 额前留着刘海"}
                    : new String[]{"眉眼稚气, 短发", "浓眉大眼, 头发扎成小髻", "身形瘦小, 眼睛机灵"};
            case YOUNG -> female ? new String[]{"杏眼柳眉, 长发挽髻", "鹅蛋脸, 眉眼温婉, 乌发垂肩", "眉目清冷, 长发高高束起"}
                    : new String[]{"剑眉星目, 黑发束髻", "眉目清朗, 身形清瘦", "浓眉大眼, 皮肤黝黑, 肩膀宽阔"};
            case MIDDLE -> female ? new String[]{"面容端庄, 发髻一丝不乱", "眉眼和善, 鬓角微白"}
                    : new String[]{"方脸短须, 身材敦实", "面容清癯, 留着山羊胡", "国字脸, 浓眉, 两鬓斑白"};
            case OLD -> female ? new String[]{"满头银发, 面容慈祥", "头发花白, 眼角皱纹很深"}
                    : new String[]{"须发皆白, 面容清瘦", "白发稀疏, 背微驼, 脸上满是皱纹"};
        };
    }

    private static String[] garments(boolean female, Age age) {
        if (age == Age.OLD) {
            return female ? new String[]{"粗布袄裙", "素色布袍"} : new String[]{"布袍", "粗布短褂"};
        }
        return female ? new String[]{"布裙", "交领襦裙", "短袄长裙"} : new String[]{"长衫", "交领短褐", "圆领长袍"};
    }

    private static String pick(String[] options, int hash) {
        return options[Math.floorMod(hash, options.length)];
    }

    private static String orElse(String value, String fallback) {
        String v = trimPunctuation(value);
        return v.isEmpty() ? fallback : v;
    }

    /** The text without trailing punctuation, as prompts join it. */
    static String trimPunctuation(String s) {
        String t = s == null ? "" : s.strip();
        while (!t.isEmpty() && "。.，,;；!！、 ".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }

    private static boolean has(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
