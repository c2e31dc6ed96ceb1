package dev.novelkit.media.image.card;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What a scene's text says about its picture: time of day, weather, landscape features and mood, found by keywords
 * (夜 → night and moon, 雨 → rain, 山 → mountains, 河/江/湖/渡 → water...), plus the colours that follow and a seed
 * derived from the text so the same scene always looks the same.
 */
record SceneLook(TimeOfDay time, boolean rain, boolean snow, boolean fog, boolean mountains, boolean water,
                 boolean boat, boolean town, boolean trees, boolean bamboo, boolean lanterns, boolean fire,
                 Mood mood, long seed) {

    enum TimeOfDay { DAWN, DAY, DUSK, NIGHT }

    enum Mood { CALM, SAD, JOYFUL, TENSE, MYSTIC }

    static SceneLook of(String text, Long extraSeed) {
        // words that contain a keyword without meaning it: 水墨 (ink wash) is no water, 岁月 (years) no moon
        String t = (text == null ? "" : text).replace("水墨", "").replace("山水画", "").replace("岁月", "");
        TimeOfDay time = has(t, "夜", "晚上", "深夜", "午夜", "月", "星", "三更", "子时", "night", "moon")
                ? TimeOfDay.NIGHT
                : has(t, "黄昏", "傍晚", "夕阳", "落日", "日落", "暮", "晚霞", "残阳", "dusk", "sunset")
                ? TimeOfDay.DUSK
                : has(t, "清晨", "黎明", "拂晓", "破晓", "日出", "晨", "早上", "朝阳", "dawn", "sunrise", "morning")
                ? TimeOfDay.DAWN
                : TimeOfDay.DAY;
        Mood mood = has(t, "杀", "战", "血", "怒", "危", "紧张", "追", "斗", "仇", "刀光", "剑拔", "tense", "battle")
                ? Mood.TENSE
                : has(t, "悲", "伤", "哀", "愁", "泪", "孤", "凄", "离别", "别离", "惆怅", "寂", "sad", "lonely")
                ? Mood.SAD
                : has(t, "神秘", "诡", "幽", "妖", "鬼", "魔", "灵", "梦", "仙", "mysterious", "magic")
                ? Mood.MYSTIC
                : has(t, "喜", "欢", "笑", "乐", "庆", "婚", "热闹", "团圆", "happy", "joy")
                ? Mood.JOYFUL
                : Mood.CALM;
        boolean water = has(t, "河", "江", "湖", "渡", "海", "水", "溪", "池", "潭", "船", "舟", "桥", "river", "lake",
                "sea", "water");
        boolean town = has(t, "城", "街", "市", "楼", "宫", "殿", "院", "府", "客栈", "村", "镇", "庙", "寺", "屋",
                "房", "亭", "阁", "town", "city", "street", "temple", "palace");
        return new SceneLook(time,
                has(t, "雨", "rain"),
                has(t, "雪", "snow"),
                has(t, "雾", "烟", "霭", "云海", "朦胧", "fog", "mist"),
                has(t, "山", "峰", "岭", "崖", "峦", "谷", "mountain", "peak", "cliff"),
                water,
                water && has(t, "渡", "船", "舟", "boat", "ferry"),
                town,
                has(t, "林", "树", "森", "松", "柳", "花", "竹", "forest", "tree", "bamboo"),
                has(t, "竹", "bamboo"),
                has(t, "灯", "元宵", "夜市", "庙会", "节", "lantern", "festival")
                        || (town && time == TimeOfDay.NIGHT && !has(t, "雨")),
                has(t, "火", "烽", "焰", "燃", "fire", "flame"),
                mood, seedOf(t, extraSeed));
    }

    /** Sky colours from the top of the picture down to the horizon. */
    Color[] sky() {
        Color[] c = switch (time) {
            case NIGHT -> new Color[]{rgb(0x070B1E), rgb(0x15204A), rgb(0x2E3D6E)};
            case DUSK -> new Color[]{rgb(0x2A2250), rgb(0x8A4B78), rgb(0xF2965A)};
            case DAWN -> new Color[]{rgb(0x5B7BBE), rgb(0xB7A8CF), rgb(0xF7CFA8)};
            case DAY -> new Color[]{rgb(0x4F8FD0), rgb(0x8DBDE6), rgb(0xDCEBF4)};
        };
        if (rain || snow || fog) {
            for (int i = 0; i < c.length; i++) {
                c[i] = mix(c[i], rgb(time == TimeOfDay.NIGHT ? 0x1E2330 : 0x8A93A0), rain ? 0.55 : 0.35);
            }
        }
        return mood(c);
    }

    /** Ground colours from the horizon down to the bottom. */
    Color[] ground() {
        Color[] c = switch (time) {
            case NIGHT -> new Color[]{rgb(0x1A2238), rgb(0x0A0E1A)};
            case DUSK -> new Color[]{rgb(0x5A3B48), rgb(0x1E1420)};
            case DAWN -> new Color[]{rgb(0x7C8A7A), rgb(0x2E3A34)};
            case DAY -> new Color[]{rgb(0x7FA07A), rgb(0x3C5A40)};
        };
        if (snow) {
            c[0] = mix(c[0], rgb(0xDCE3EE), 0.65);
            c[1] = mix(c[1], rgb(0x9AA6B8), 0.55);
        }
        return mood(c);
    }

    /** Water colours from the horizon down. */
    Color[] waterColors() {
        Color[] s = sky();
        return new Color[]{mix(s[s.length - 1], rgb(0x10203A), 0.35), mix(s[0], rgb(0x050810), 0.55)};
    }

    /** The mountain colour of layer {@code i} of {@code n} (0 = farthest, palest). */
    Color mountain(int i, int n) {
        Color[] s = sky();
        Color near = time == TimeOfDay.NIGHT ? rgb(0x0C1122) : mix(ground()[1], rgb(0x1A2024), 0.5);
        double t = n <= 1 ? 0.45 : 0.25 + 0.6 * i / (n - 1.0);
        return mix(s[s.length - 1], near, t);
    }

    /** The accent for glows and lanterns. */
    Color accent() {
        return switch (mood) {
            case TENSE -> rgb(0xE0483A);
            case MYSTIC -> rgb(0xB48CFF);
            case SAD -> rgb(0x9DB4D8);
            default -> time == TimeOfDay.NIGHT ? rgb(0xFFD27A) : rgb(0xFFB25A);
        };
    }

    private Color[] mood(Color[] c) {
        Color[] out = c.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (mood) {
                case SAD -> mix(grey(out[i]), rgb(0x5A6F8C), 0.25);
                case TENSE -> mix(out[i], rgb(0x6A1010), 0.22);
                case MYSTIC -> mix(out[i], rgb(0x4B2A7A), 0.25);
                case JOYFUL -> mix(out[i], rgb(0xFFB347), 0.12);
                case CALM -> out[i];
            };
        }
        return out;
    }

    static boolean has(String text, String... words) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    static Color rgb(int rgb) {
        return new Color(rgb);
    }

    static Color mix(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * u),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }

    static Color alpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, a))));
    }

    private static Color grey(Color c) {
        int y = (int) Math.round(0.3 * c.getRed() + 0.59 * c.getGreen() + 0.11 * c.getBlue());
        return mix(c, new Color(y, y, y), 0.55);
    }

    /** A stable 64-bit seed from the text (SHA-256), so the same scene gives the same picture on every JVM. */
    static long seedOf(String text, Long extra) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(text.getBytes(StandardCharsets.UTF_8));
            if (extra != null) {
                md.update(Long.toString(extra).getBytes(StandardCharsets.US_ASCII));
            }
            byte[] d = md.digest();
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (d[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /** Describes the look in a few words (reported in {@code GeneratedImage.info}). */
    String summary() {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(time.name().toLowerCase(java.util.Locale.ROOT));
        parts.add(mood.name().toLowerCase(java.util.Locale.ROOT));
        if (mountains) {
            parts.add("mountains");
        }
        if (water) {
            parts.add("water");
        }
        if (boat) {
            parts.add("boat");
        }
        if (town) {
            parts.add("town");
        }
        if (trees) {
            parts.add(bamboo ? "bamboo" : "trees");
        }
        if (lanterns) {
            parts.add("lanterns");
        }
        if (rain) {
            parts.add("rain");
        }
        if (snow) {
            parts.add("snow");
        }
        if (fog) {
            parts.add("fog");
        }
        if (fire) {
            parts.add("fire");
        }
        return String.join(",", parts);
    }
}
