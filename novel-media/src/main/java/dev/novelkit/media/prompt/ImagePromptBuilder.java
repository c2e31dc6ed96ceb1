package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.core.config.Require;
import dev.novelkit.media.cast.Cast;
import dev.novelkit.media.cast.CharacterLook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link Scene}, its {@link Character}s and a free description of the action into an {@link ImagePrompt}
 * for MidJourney, Stable Diffusion, Flux or a plain-text API (DALL-E, Wanx). Immutable: every method returns a new
 * builder, so one configured builder (setting, characters, translator) can be reused for every shot.
 *
 * <p>Consistency from shot to shot comes from two fixed pieces of text: the story {@link #setting(String)} prefix
 * (e.g. "古风仙侠, 江南水乡, 水墨风格") and one description per character, identical in every prompt that shows
 * the character: its canonical look from the {@link #cast(Cast) cast} when one is set, otherwise
 * {@link #fixedDescription(Character)} from its appearance, age and clothing. Character sheets get their own prompt
 * ({@link #sheet(boolean)}), and MidJourney prompts point {@code --cref} (V6, niji 6) or {@code --oref} (V7) at the
 * sheets of the characters shown where the user hosts them ({@link #sheetsUrl(String)}).
 *
 * <p>Per style: MidJourney gets comma-separated phrases and the {@link MidjourneyParams} suffix, with the
 * {@link #avoid(String...) avoid} terms as {@code --no}; Stable Diffusion gets optional quality tags such as
 * {@code (masterpiece:1.2)}, parentheses in the text escaped, and a negative prompt; Flux gets plain sentences and
 * <b>no negative prompt</b> (Flux models ignore negative prompts and weights, so avoid terms are dropped); plain
 * text (DALL-E, Wanx) gets sentences and the avoid terms as its negative part (Wanx sends it as
 * {@code negative_prompt}; DALL-E ignores it). MidJourney and Flux read English far better than Chinese: use
 * {@link #translateWith(ChatModel)}.
 */
public final class ImagePromptBuilder {
    /** Quality tags put in front of Stable Diffusion prompts when {@link #qualityTags(boolean)} is on. */
    public static final String SD_QUALITY_TAGS = "(masterpiece:1.2), (best quality:1.2), highly detailed";
    /** The negative prompt every Stable Diffusion prompt starts from. */
    public static final String SD_NEGATIVE = "lowres, worst quality, low quality, bad anatomy, bad hands, "
            + "extra fingers, missing fingers, deformed, blurry, jpeg artifacts, text, watermark, signature";

    /** What a character sheet shows, put where the action goes. */
    public static final String SHEET_ACTION = "角色设定图：同一人物的全身正面立像和头肩特写，纯色浅灰背景，画面中没有文字";

    private final String setting;
    private final Scene scene;
    private final String action;
    private final List<Character> characters;
    private final PromptStyle style;
    private final MidjourneyParams midjourney;
    private final boolean qualityTags;
    private final List<String> avoid;
    private final PromptTranslator translator;
    private final Cast cast;
    private final boolean sheet;
    private final String sheetsUrl;

    private ImagePromptBuilder(String setting, Scene scene, String action, List<Character> characters,
                               PromptStyle style, MidjourneyParams midjourney, boolean qualityTags,
                               List<String> avoid, PromptTranslator translator, Cast cast, boolean sheet,
                               String sheetsUrl) {
        this.setting = setting;
        this.scene = scene;
        this.action = action;
        this.characters = characters;
        this.style = style;
        this.midjourney = midjourney;
        this.qualityTags = qualityTags;
        this.avoid = avoid;
        this.translator = translator;
        this.cast = cast;
        this.sheet = sheet;
        this.sheetsUrl = sheetsUrl;
    }

    /** An empty builder: plain style, no setting, SD quality tags on, no translation, no cast. */
    public static ImagePromptBuilder defaults() {
        return new ImagePromptBuilder("", null, "", List.of(), PromptStyle.PLAIN, MidjourneyParams.defaults(),
                true, List.of(), null, null, false, "");
    }

    /** The story-wide prefix every prompt starts with (genre, place, art style), e.g. "古风仙侠, 江南水乡, 水墨风格". */
    public ImagePromptBuilder setting(String text) {
        return new ImagePromptBuilder(strip(text), scene, action, characters, style, midjourney, qualityTags, avoid,
                translator, cast, sheet, sheetsUrl);
    }

    /** The scene: its place, time, mood and description go into the prompt. */
    public ImagePromptBuilder scene(Scene value) {
        return new ImagePromptBuilder(setting, value, action, characters, style, midjourney, qualityTags, avoid,
                translator, cast, sheet, sheetsUrl);
    }

    /** What happens in this shot, e.g. "李逍遥在渡口回头望向赵灵儿". */
    public ImagePromptBuilder action(String text) {
        return new ImagePromptBuilder(setting, scene, strip(text), characters, style, midjourney, qualityTags, avoid,
                translator, cast, sheet, sheetsUrl);
    }

    /** Adds a character shown in the shot. */
    public ImagePromptBuilder character(Character value) {
        Require.nonNull("character", value);
        List<Character> all = new ArrayList<>(characters);
        all.add(value);
        return characters(all);
    }

    /** The characters shown in the shot (replaces any given before). */
    public ImagePromptBuilder characters(List<Character> values) {
        List<Character> all = List.copyOf(Require.nonNull("characters", values));
        return new ImagePromptBuilder(setting, scene, action, all, style, midjourney, qualityTags, avoid, translator,
                cast, sheet, sheetsUrl);
    }

    /** The model family to write for (default {@link PromptStyle#PLAIN}). */
    public ImagePromptBuilder style(PromptStyle value) {
        return new ImagePromptBuilder(setting, scene, action, characters, Require.nonNull("style", value),
                midjourney, qualityTags, avoid, translator, cast, sheet, sheetsUrl);
    }

    /** MidJourney parameters, used when the style is {@link PromptStyle#MIDJOURNEY}. */
    public ImagePromptBuilder midjourney(MidjourneyParams params) {
        return new ImagePromptBuilder(setting, scene, action, characters, style,
                Require.nonNull("midjourney", params), qualityTags, avoid, translator, cast, sheet, sheetsUrl);
    }

    /** Changes the MidJourney parameters, e.g. {@code .midjourney(p -> p.seed(42))}. */
    public ImagePromptBuilder midjourney(UnaryOperator<MidjourneyParams> change) {
        return midjourney(change.apply(midjourney));
    }

    /** Whether Stable Diffusion prompts start with {@link #SD_QUALITY_TAGS} (default on). */
    public ImagePromptBuilder qualityTags(boolean on) {
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, on, avoid, translator,
                cast, sheet, sheetsUrl);
    }

    /** Things to keep out of the picture (SD negative prompt, MidJourney {@code --no}, Wanx negative prompt). */
    public ImagePromptBuilder avoid(String... terms) {
        List<String> all = new ArrayList<>(avoid);
        for (String term : terms) {
            String t = strip(term);
            if (!t.isEmpty() && !all.contains(t)) {
                all.add(t);
            }
        }
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, qualityTags,
                List.copyOf(all), translator, cast, sheet, sheetsUrl);
    }

    /**
     * Translates every piece of the description into English through {@code model} (asked for English only), each
     * distinct piece once: the cache lives in the returned builder and every builder derived from it, so a
     * character's description translates the same way in every shot. {@code null} turns translation off.
     */
    public ImagePromptBuilder translateWith(ChatModel model) {
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, qualityTags, avoid,
                model == null ? null : new PromptTranslator(model), cast, sheet, sheetsUrl);
    }

    /**
     * The canonical looks of the story's characters: a character with a look in the cast is described by the look's
     * words in every prompt (null: every character by {@link #fixedDescription(Character)}).
     */
    public ImagePromptBuilder cast(Cast value) {
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, qualityTags, avoid,
                translator, value, sheet, sheetsUrl);
    }

    /**
     * Whether the prompt is for a character sheet: its one character's full figure and portrait on a plain
     * background ({@link #SHEET_ACTION} in place of the action; the scene is left out).
     */
    public ImagePromptBuilder sheet(boolean on) {
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, qualityTags, avoid,
                translator, cast, on, sheetsUrl);
    }

    /**
     * Where the user hosts the output folder's character sheets, e.g. {@code https://example.com/novel} (a sheet
     * {@code characters/林晚舟.png} is then {@code https://example.com/novel/characters/%E6%9E%97...png}).
     * MidJourney prompts then reference the sheets of the characters shown, in order: {@code --cref} with every
     * sheet on V6 and niji 6, {@code --oref} with the first one on V7 (it takes one picture), unless the
     * {@link #midjourney(MidjourneyParams) parameters} already name a reference. Empty: no references.
     */
    public ImagePromptBuilder sheetsUrl(String baseUrl) {
        String url = baseUrl == null || baseUrl.isBlank() ? "" : Require.baseUrl("sheetsUrl", baseUrl);
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, qualityTags, avoid,
                translator, cast, sheet, url);
    }

    /**
     * The fixed description of {@code character} used in every prompt: its look from the cast, or "name (age,
     * appearance, clothing)", translated when a translator is set.
     */
    public String describe(Character character) {
        Optional<CharacterLook> look = cast == null ? Optional.empty() : cast.look(character.name());
        return translate(look.map(CharacterLook::look).orElseGet(() -> fixedDescription(character)));
    }

    /** The untranslated fixed description: "李逍遥 (十八岁, 剑眉星目, 青色布衣)", or the bare name. */
    public static String fixedDescription(Character character) {
        Require.nonNull("character", character);
        List<String> traits = new ArrayList<>();
        for (String s : List.of(character.age(), character.appearance(), character.clothing())) {
            String t = trimPunctuation(s);
            if (!t.isEmpty()) {
                traits.add(t);
            }
        }
        return traits.isEmpty() ? character.name() : character.name() + " (" + String.join(", ", traits) + ")";
    }

    /**
     * Builds the prompt.
     *
     * @throws InvalidInputException when there is nothing to draw, or the MidJourney parameters do not fit the
     *                               model version
     */
    public ImagePrompt build() {
        if (sheet && characters.size() != 1) {
            throw new InvalidInputException("characters", "a character sheet shows exactly one character, was "
                    + characters.size());
        }
        List<String> pieces = new ArrayList<>();
        addPiece(pieces, translate(setting));
        addPiece(pieces, translate(sheet ? SHEET_ACTION : action));
        List<String> people = new ArrayList<>();
        for (Character c : characters) {
            people.add(describe(c));
        }
        String sceneText = scene == null || sheet ? "" : sceneText(scene);
        if (action.isEmpty() && sceneText.isEmpty() && characters.isEmpty()) {
            throw new InvalidInputException("scene", "nothing to draw: give a scene, an action or characters");
        }
        List<String> avoidTerms = new ArrayList<>();
        for (String a : avoid) {
            avoidTerms.add(translate(a));
        }
        String translatedScene = translate(sceneText);
        return switch (style) {
            case MIDJOURNEY -> {
                List<String> all = new ArrayList<>(pieces);
                all.addAll(people);
                addPiece(all, translatedScene);
                MidjourneyParams params = withSheets(avoidTerms.isEmpty() ? midjourney
                        : midjourney.no(avoidTerms.toArray(String[]::new)));
                String text = MidjourneyParams.clean(String.join(", ", all));
                yield new ImagePrompt(PromptStyle.MIDJOURNEY, text, "", params.render());
            }
            case STABLE_DIFFUSION -> {
                List<String> all = new ArrayList<>();
                if (qualityTags) {
                    all.add(SD_QUALITY_TAGS);
                }
                for (String p : pieces) {
                    all.add(escapeSd(p));
                }
                for (String p : people) {
                    all.add(escapeSd(p));
                }
                if (!translatedScene.isEmpty()) {
                    all.add(escapeSd(translatedScene));
                }
                List<String> negative = new ArrayList<>(List.of(SD_NEGATIVE));
                for (String a : avoidTerms) {
                    negative.add(escapeSd(a));
                }
                yield new ImagePrompt(PromptStyle.STABLE_DIFFUSION, oneLine(String.join(", ", all)),
                        oneLine(String.join(", ", negative)), "");
            }
            case FLUX, PLAIN -> {
                List<String> all = new ArrayList<>(pieces);
                addPiece(all, translatedScene);
                if (!people.isEmpty()) {
                    all.add(String.join("; ", people));
                }
                String negative = style == PromptStyle.FLUX ? "" : String.join(", ", avoidTerms);
                yield new ImagePrompt(style, sentences(all), negative, "");
            }
        };
    }

    /** The MidJourney parameters with the shown characters' sheets as {@code --cref} or {@code --oref}. */
    private MidjourneyParams withSheets(MidjourneyParams params) {
        if (sheetsUrl.isEmpty() || sheet || cast == null || params.hasReference()) {
            return params;
        }
        List<String> urls = new ArrayList<>();
        for (Character c : characters) {
            cast.look(c.name()).ifPresent(l -> urls.add(sheetUrl(l)));
        }
        if (urls.isEmpty()) {
            return params;
        }
        String version = params.effectiveVersion();
        boolean v7 = !version.startsWith("niji") && Double.parseDouble(version) >= 7;
        boolean crefModel = version.equals("niji 6") || (!version.startsWith("niji") && version.startsWith("6"));
        if (v7) {
            return params.omniRef(urls.get(0));
        }
        return crefModel ? params.characterRef(urls.toArray(String[]::new)) : params;
    }

    /** Where a look's sheet is hosted: the sheets URL and the sheet's path, each segment percent-encoded. */
    String sheetUrl(CharacterLook look) {
        String path = look.sheet().replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            path = path.substring(path.lastIndexOf('/') + 1);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return sheetsUrl + "/" + String.join("/", segments);
    }

    /** The scene's place, time, mood and description as one comma-separated phrase. */
    static String sceneText(Scene scene) {
        List<String> parts = new ArrayList<>();
        for (String s : List.of(scene.place(), scene.time(), scene.mood(), scene.description())) {
            String t = trimPunctuation(s);
            if (!t.isEmpty()) {
                parts.add(t);
            }
        }
        return String.join(", ", parts);
    }

    private String translate(String text) {
        return translator == null || text.isEmpty() ? text : translator.translate(text);
    }

    private static void addPiece(List<String> pieces, String text) {
        String t = trimPunctuation(text);
        if (!t.isEmpty()) {
            pieces.add(t);
        }
    }

    /** Joins pieces as sentences: "。" after a piece with Chinese in it, ". " after anything else. */
    private static String sentences(List<String> pieces) {
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            String p = oneLine(trimPunctuation(piece));
            if (p.isEmpty()) {
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != '。') {
                out.append(' ');
            }
            out.append(p);
            out.append(PromptTranslator.hasCjk(p) ? "。" : ".");
        }
        return out.toString();
    }

    /** Escapes the characters Stable Diffusion WebUI reads as attention syntax. */
    static String escapeSd(String text) {
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                .replace("[", "\\[").replace("]", "\\]");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static String trimPunctuation(String s) {
        String t = strip(s);
        while (!t.isEmpty() && "。.，,;；!！、 ".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    @Override
    public String toString() {
        return "ImagePromptBuilder[style=" + style + ", setting=" + setting + ", scene=" + scene + ", action="
                + action + ", characters=" + characters.size() + ", translated=" + (translator != null) + ", cast="
                + (cast != null) + ", sheet=" + sheet + (sheetsUrl.isEmpty() ? "" : ", sheetsUrl=" + sheetsUrl) + "]";
    }
}
