package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MidJourney parameters ({@code --ar --s --c --q --seed --no --v --niji --style raw --tile --weird --iw --cref --cw
 * --oref --ow --sref --sw}), immutable: every setter returns a new instance.
 *
 * <p>Each setter checks its own range at once and throws {@link InvalidInputException} naming the parameter and
 * the value. Checks that depend on the model version run in {@link #render()}: {@code --cref}/{@code --cw} only on
 * V6 and niji 6, {@code --oref}/{@code --ow} only on V7, quality {@code .25|.5|1} before V7 and {@code 1|2|4} on V7,
 * {@code --style raw} written {@code --raw} on V7, {@code --v} and {@code --niji} mutually exclusive. Without
 * {@code --v} or {@code --niji} the checks assume MidJourney's default model, V7 (no version flag is written).
 */
public final class MidjourneyParams {
    private static final MidjourneyParams DEFAULTS = new MidjourneyParams();
    private static final Pattern RATIO = Pattern.compile("\\s*(\\S+?)\\s*:\\s*(\\S+)\\s*");
    private static final Pattern INTEGER = Pattern.compile("[0-9]+");
    private static final List<String> VERSIONS = List.of("1", "2", "3", "4", "5", "5.0", "5.1", "5.2", "6",
            "6.0", "6.1", "7");
    /** The model MidJourney uses when a prompt names none. */
    public static final String DEFAULT_VERSION = "7";

    private int arWidth;
    private int arHeight;
    private Integer stylize;
    private Integer chaos;
    private BigDecimal quality;
    private Long seed;
    private List<String> no = List.of();
    private String version;
    private Integer niji;
    private boolean styleRaw;
    private boolean tile;
    private Integer weird;
    private BigDecimal imageWeight;
    private List<String> characterRefs = List.of();
    private Integer characterWeight;
    private String omniRef;
    private Integer omniWeight;
    private List<String> styleRefs = List.of();
    private Integer styleWeight;

    private MidjourneyParams() {
    }

    private MidjourneyParams(MidjourneyParams o) {
        arWidth = o.arWidth;
        arHeight = o.arHeight;
        stylize = o.stylize;
        chaos = o.chaos;
        quality = o.quality;
        seed = o.seed;
        no = o.no;
        version = o.version;
        niji = o.niji;
        styleRaw = o.styleRaw;
        tile = o.tile;
        weird = o.weird;
        imageWeight = o.imageWeight;
        characterRefs = o.characterRefs;
        characterWeight = o.characterWeight;
        omniRef = o.omniRef;
        omniWeight = o.omniWeight;
        styleRefs = o.styleRefs;
        styleWeight = o.styleWeight;
    }

    /** No parameters at all: MidJourney's defaults (1:1, V7, stylize 100). */
    public static MidjourneyParams defaults() {
        return DEFAULTS;
    }

    /** {@code --ar W:H}; both positive integers (MidJourney rejects decimals such as 1.5:1). */
    public MidjourneyParams aspectRatio(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw bad("--ar", "must be two positive integers W:H, was " + width + ":" + height);
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.arWidth = width;
        c.arHeight = height;
        return c;
    }

    /** {@code --ar} from text such as "9:16"; integers only. */
    public MidjourneyParams aspectRatio(String ratio) {
        Matcher m = RATIO.matcher(ratio == null ? "" : ratio);
        if (!m.matches()) {
            throw bad("--ar", "must look like W:H (e.g. 9:16), was \"" + ratio + "\"");
        }
        if (!INTEGER.matcher(m.group(1)).matches() || !INTEGER.matcher(m.group(2)).matches()) {
            throw bad("--ar", "takes integers only (e.g. 3:2, not 1.5:1), was \"" + ratio.strip() + "\"");
        }
        try {
            return aspectRatio(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            throw bad("--ar", "numbers too large: \"" + ratio.strip() + "\"");
        }
    }

    /** {@code --s} (stylize) 0..1000, default 100. */
    public MidjourneyParams stylize(int value) {
        range("--s", value, 0, 1000);
        MidjourneyParams c = new MidjourneyParams(this);
        c.stylize = value;
        return c;
    }

    /** {@code --c} (chaos) 0..100. */
    public MidjourneyParams chaos(int value) {
        range("--c", value, 0, 100);
        MidjourneyParams c = new MidjourneyParams(this);
        c.chaos = value;
        return c;
    }

    /** {@code --q}: .25, .5 or 1 before V7; 1, 2 or 4 on V7 (checked against the version in {@link #render()}). */
    public MidjourneyParams quality(double value) {
        BigDecimal q = decimal(value);
        if (!List.of("0.25", "0.5", "1", "2", "4").contains(q.toPlainString())) {
            throw bad("--q", "must be .25, .5 or 1 (V6 and earlier, niji) or 1, 2 or 4 (V7), was " + plain(q));
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.quality = q;
        return c;
    }

    /** {@code --seed} 0..4294967295. */
    public MidjourneyParams seed(long value) {
        if (value < 0 || value > 4294967295L) {
            throw bad("--seed", "must be between 0 and 4294967295, was " + value);
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.seed = value;
        return c;
    }

    /** {@code --no a,b}: things to leave out (added to any already given). */
    public MidjourneyParams no(String... terms) {
        List<String> all = new ArrayList<>(no);
        for (String t : terms) {
            String term = clean(t).replace(",", " ").strip();
            if (term.isEmpty()) {
                throw bad("--no", "terms must not be empty");
            }
            if (!all.contains(term)) {
                all.add(term);
            }
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.no = List.copyOf(all);
        return c;
    }

    /** {@code --v}: 1, 2, 3, 4, 5, 5.0, 5.1, 5.2, 6, 6.0, 6.1 or 7. Mutually exclusive with {@link #niji}. */
    public MidjourneyParams version(String value) {
        String v = value == null ? "" : value.strip();
        if (!VERSIONS.contains(v)) {
            throw bad("--v", "must be one of " + String.join(", ", VERSIONS) + ", was \"" + value + "\"");
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.version = v;
        return c;
    }

    /** {@code --niji} 4, 5 or 6 (the anime model). Mutually exclusive with {@link #version}. */
    public MidjourneyParams niji(int value) {
        if (value < 4 || value > 6) {
            throw bad("--niji", "must be 4, 5 or 6, was " + value);
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.niji = value;
        return c;
    }

    /** {@code --style raw} (V5.1 to V6.1, niji 6), written {@code --raw} on V7: less MidJourney beautification. */
    public MidjourneyParams styleRaw() {
        MidjourneyParams c = new MidjourneyParams(this);
        c.styleRaw = true;
        return c;
    }

    /** {@code --tile}: a seamlessly repeating pattern. */
    public MidjourneyParams tile() {
        MidjourneyParams c = new MidjourneyParams(this);
        c.tile = true;
        return c;
    }

    /** {@code --weird} 0..3000. */
    public MidjourneyParams weird(int value) {
        range("--weird", value, 0, 3000);
        MidjourneyParams c = new MidjourneyParams(this);
        c.weird = value;
        return c;
    }

    /** {@code --iw} (image prompt weight) 0..3. */
    public MidjourneyParams imageWeight(double value) {
        if (!(value >= 0 && value <= 3)) {
            throw bad("--iw", "must be between 0 and 3, was " + value);
        }
        MidjourneyParams c = new MidjourneyParams(this);
        c.imageWeight = decimal(value);
        return c;
    }

    /** {@code --cref URL...}: character reference images (V6 and niji 6 only; V7 uses {@link #omniRef}). */
    public MidjourneyParams characterRef(String... urls) {
        MidjourneyParams c = new MidjourneyParams(this);
        c.characterRefs = urls("--cref", urls);
        return c;
    }

    /** {@code --cw} 0..100: 100 copies face, hair and clothes, 0 only the face. Needs {@link #characterRef}. */
    public MidjourneyParams characterWeight(int value) {
        range("--cw", value, 0, 100);
        MidjourneyParams c = new MidjourneyParams(this);
        c.characterWeight = value;
        return c;
    }

    /** {@code --oref URL}: omni reference, V7 only. */
    public MidjourneyParams omniRef(String url) {
        MidjourneyParams c = new MidjourneyParams(this);
        c.omniRef = urls("--oref", url).get(0);
        return c;
    }

    /** {@code --ow} 1..1000 (default 100). Needs {@link #omniRef}. */
    public MidjourneyParams omniWeight(int value) {
        range("--ow", value, 1, 1000);
        MidjourneyParams c = new MidjourneyParams(this);
        c.omniWeight = value;
        return c;
    }

    /** {@code --sref URL...} (or "random"): style reference, V6 and later, niji 6. */
    public MidjourneyParams styleRef(String... urls) {
        MidjourneyParams c = new MidjourneyParams(this);
        c.styleRefs = urls.length == 1 && "random".equals(urls[0]) ? List.of("random") : urls("--sref", urls);
        return c;
    }

    /** {@code --sw} 0..1000 (default 100). Needs {@link #styleRef}. */
    public MidjourneyParams styleWeight(int value) {
        range("--sw", value, 0, 1000);
        MidjourneyParams c = new MidjourneyParams(this);
        c.styleWeight = value;
        return c;
    }

    /** Whether a character or omni reference ({@code --cref}, {@code --oref}) is already set. */
    boolean hasReference() {
        return !characterRefs.isEmpty() || omniRef != null;
    }

    /** The version the checks use: "niji 6", "6.1", or {@link #DEFAULT_VERSION} when none is given. */
    public String effectiveVersion() {
        if (niji != null) {
            return "niji " + niji;
        }
        return version == null ? DEFAULT_VERSION : version;
    }

    /**
     * The parameter suffix, e.g. {@code --ar 9:16 --v 6.1 --s 250 --cref https://x/a.png --cw 80 --no text}.
     *
     * @throws InvalidInputException when parameters do not fit the model version or each other
     */
    public String render() {
        if (niji != null && version != null) {
            throw bad("--niji", "--niji " + niji + " and --v " + version + " are mutually exclusive: pick one model");
        }
        double major = niji != null ? 0 : Double.parseDouble(effectiveVersion());
        boolean v7 = niji == null && major >= 7;
        boolean v6 = niji == null && major >= 6 && major < 7;
        boolean niji6 = niji != null && niji == 6;
        String where = niji != null ? "niji " + niji : "V" + effectiveVersion()
                + (version == null ? " (the default when no --v is given)" : "");

        if (!characterRefs.isEmpty() && !(v6 || niji6)) {
            throw bad("--cref", "works only on V6 and niji 6, not " + where + (v7 ? "; use omniRef (--oref) on V7" : ""));
        }
        if (characterWeight != null && characterRefs.isEmpty()) {
            throw bad("--cw", "needs --cref, was --cw " + characterWeight + " without a character reference");
        }
        if (omniRef != null && !v7) {
            throw bad("--oref", "works only on V7, not " + where + "; use characterRef (--cref) on V6 and niji 6");
        }
        if (omniWeight != null && omniRef == null) {
            throw bad("--ow", "needs --oref, was --ow " + omniWeight + " without an omni reference");
        }
        if (!styleRefs.isEmpty() && !(v6 || v7 || niji6)) {
            throw bad("--sref", "works only on V6, V7 and niji 6, not " + where);
        }
        if (styleWeight != null && styleRefs.isEmpty()) {
            throw bad("--sw", "needs --sref, was --sw " + styleWeight + " without a style reference");
        }
        if (quality != null) {
            List<String> allowed = v7 ? List.of("1", "2", "4") : List.of("0.25", "0.5", "1");
            if (!allowed.contains(quality.toPlainString())) {
                throw bad("--q", "on " + where + " must be " + (v7 ? "1, 2 or 4" : ".25, .5 or 1") + ", was "
                        + plain(quality));
            }
        }
        if (styleRaw && !(v7 || niji6 || (niji == null && major >= 5.1))) {
            throw bad("--style", "raw works only on V5.1 and later and niji 6, not " + where);
        }

        List<String> parts = new ArrayList<>();
        if (arWidth > 0) {
            parts.add("--ar " + arWidth + ":" + arHeight);
        }
        if (version != null) {
            parts.add("--v " + version);
        }
        if (niji != null) {
            parts.add("--niji " + niji);
        }
        if (styleRaw) {
            parts.add(v7 ? "--raw" : "--style raw");
        }
        add(parts, "--s", stylize);
        add(parts, "--c", chaos);
        if (quality != null) {
            parts.add("--q " + plain(quality));
        }
        add(parts, "--weird", weird);
        if (tile) {
            parts.add("--tile");
        }
        if (imageWeight != null) {
            parts.add("--iw " + plain(imageWeight));
        }
        add(parts, "--seed", seed);
        if (!characterRefs.isEmpty()) {
            parts.add("--cref " + String.join(" ", characterRefs));
        }
        add(parts, "--cw", characterWeight);
        if (omniRef != null) {
            parts.add("--oref " + omniRef);
        }
        add(parts, "--ow", omniWeight);
        if (!styleRefs.isEmpty()) {
            parts.add("--sref " + String.join(" ", styleRefs));
        }
        add(parts, "--sw", styleWeight);
        if (!no.isEmpty()) {
            parts.add("--no " + String.join(",", no));
        }
        return String.join(" ", parts);
    }

    @Override
    public String toString() {
        try {
            return "MidjourneyParams[" + render() + "]";
        } catch (InvalidInputException e) {
            return "MidjourneyParams[invalid: " + e.getMessage() + "]";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MidjourneyParams other && fields().equals(other.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    private List<Object> fields() {
        return java.util.Arrays.asList(arWidth, arHeight, stylize, chaos, quality, seed, no, version, niji, styleRaw,
                tile, weird, imageWeight, characterRefs, characterWeight, omniRef, omniWeight, styleRefs, styleWeight);
    }

    /** Removes what would break a one-line MidJourney command: line breaks and {@code --} inside the text. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("-{2,}", "—").replace("::", ":");
        return s.replaceAll(" {2,}", " ").strip();
    }

    private static void add(List<String> parts, String name, Number value) {
        if (value != null) {
            parts.add(name + " " + value);
        }
    }

    private static List<String> urls(String parameter, String... urls) {
        if (urls == null || urls.length == 0) {
            throw bad(parameter, "needs at least one image URL");
        }
        List<String> out = new ArrayList<>();
        for (String url : urls) {
            String u = url == null ? "" : url.strip();
            if (!(u.startsWith("https://") || u.startsWith("http://")) || u.chars().anyMatch(Character::isWhitespace)) {
                throw bad(parameter, "must be an http(s) image URL without spaces, was \"" + url + "\"");
            }
            out.add(u);
        }
        return List.copyOf(out);
    }

    private static void range(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw bad(parameter, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static BigDecimal decimal(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return BigDecimal.valueOf(-1);
        }
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private static String plain(BigDecimal d) {
        String s = d.toPlainString();
        return s.startsWith("0.") ? s.substring(1) : s;
    }

    private static InvalidInputException bad(String parameter, String problem) {
        return new InvalidInputException(parameter, problem);
    }
}
