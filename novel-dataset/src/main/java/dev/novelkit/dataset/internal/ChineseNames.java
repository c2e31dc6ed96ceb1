package dev.novelkit.dataset.internal;

import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.CoreDictionary;

import java.util.List;

/**
 * What NovelKit knows about Chinese personal names, written down once for both name finders (the offline
 * summary's characters and the offline storyboard's cast): the surnames, the compound surnames, and the
 * HanLP-dictionary test of whether a candidate is an ordinary word.
 */
public final class ChineseNames {
    /**
     * Common single-character surnames, minus those that are mostly ordinary words in prose (石, 白, 高, 马, 米, 柳,
     * 金, 方, 查, 冷, 游, 齐, 包, 费, 迟, 万, 左, 简, 仇, 席, 池, ...), which would make every "马上", "金子" or
     * "查清楚" a candidate.
     */
    static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
            + "崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢乔伍庞"
            + "颜倪庄聂章鲁岳翟殷詹欧耿焦俞甘祝舒阮柯纪梅童凌毕季裴霍涂苗谷盛翁冉骆蓝辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆"
            + "卓缪褚娄窦戚岑党宫卜晏柏宗瞿桂佟臧闵苟邬卞姬栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘苑邝慕萧楚燕";
    /** Two-character surnames: 欧阳锋 is 欧阳 + 锋. */
    static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "慕容", "东方", "令狐",
            "皇甫", "公孙", "独孤", "南宫", "夏侯", "尉迟", "长孙", "宇文", "端木", "西门");

    private ChineseNames() {
    }

    /** The length of the surname starting at {@code text[i]}: 2 for a compound one, 1, or 0 for none. */
    public static int surnameLength(String text, int i) {
        for (String s : COMPOUND_SURNAMES) {
            if (text.startsWith(s, i)) {
                return 2;
            }
        }
        return i < text.length() && SURNAMES.indexOf(text.charAt(i)) >= 0 ? 1 : 0;
    }

    /** Whether {@code word} starts with a surname. */
    public static boolean startsWithSurname(String word) {
        return surnameLength(word, 0) > 0;
    }

    /** Whether the character at {@code text[i]} begins a surname (single or compound). */
    public static boolean isSurnameAt(String text, int i) {
        return surnameLength(text, i) > 0;
    }

    public static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** A non-empty string of Han characters only. */
    public static boolean hanOnly(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** Non-overlapping occurrences of {@code needle} (0 for an empty one). */
    public static int count(String haystack, String needle) {
        if (needle.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** A word of HanLP's core dictionary (of any kind, names included). */
    public static boolean isDictionaryWord(String word) {
        return CoreDictionary.contains(word);
    }

    /** A word of HanLP's core dictionary that is not a name or a time word (没有, 声音, 大家; but not 小满). */
    public static boolean isOrdinaryWord(String w) {
        CoreDictionary.Attribute attr = CoreDictionary.get(w);
        if (attr == null) {
            return false;
        }
        for (Nature n : attr.nature) {
            String tag = n.toString();
            if (tag.startsWith("nr") || tag.equals("t") || tag.equals("nz")) {
                return false;
            }
        }
        return true;
    }
}
