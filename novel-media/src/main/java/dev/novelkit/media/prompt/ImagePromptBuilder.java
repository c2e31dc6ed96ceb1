package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link Scene}, its {@link Character}s and a free description of the action into an {@link ImagePrompt}
 * for MidJourney, Stable Diffusion, Flux or a plain-text API (DALL-E, Wanx). Immutable: every method returns a new
 * builder, so one configured builder (setting, characters, translator) can be reused for every shot.
 *
 * <p>Consistency from shot to shot comes from two fixed pieces of text: the story {@link #setting(String)} prefix
 * (e.g. "古风仙侠, 江南水乡, 水墨风格") and one description per character built by {@link #describe(Character)}
 * from its appearance, age and clothing, identical in every prompt that shows the character.
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

    private final String setting;
    private final Scene scene;
    private final String action;
    private final List<Character> characters;
    private final PromptStyle style;
    private final MidjourneyParams midjourney;
    private final boolean qualityTags;
    private final List<String> avoid;
    private final PromptTranslator translator;

    private ImagePromptBuilder(String setting, Scene scene, String action, List<Character> characters,
                               PromptStyle style, MidjourneyParams midjourney, boolean qualityTags,
                               List<String> avoid, PromptTranslator translator) {
        this.setting = setting;
        this.scene = scene;
        this.action = action;
        this.characters = characters;
        this.style = style;
        this.midjourney = midjourney;
        this.qualityTags = qualityTags;
        this.avoid = avoid;
        this.translator = translator;
    }

    /** An empty builder: plain style, no setting, SD quality tags on, no translation. */
    public static ImagePromptBuilder create() {
        return new ImagePromptBuilder("", null, "", List.of(), PromptStyle.PLAIN, MidjourneyParams.defaults(),
                true, List.of(), null);
    }

    /** The story-wide prefix every prompt starts with (genre, place, art style), e.g. "古风仙侠, 江南水乡, 水墨风格". */
    public ImagePromptBuilder setting(String text) {
        return new ImagePromptBuilder(strip(text), scene, action, characters, style, midjourney, qualityTags, avoid,
                translator);
    }

    /** The scene: its place, time, mood and description go into the prompt. */
    public ImagePromptBuilder scene(Scene value) {
        return new ImagePromptBuilder(setting, value, action, characters, style, midjourney, qualityTags, avoid,
                translator);
    }

    /** What happens in this shot, e.g. "李逍遥在渡口回头望向赵灵儿". */
    public ImagePromptBuilder action(String text) {
        return new ImagePromptBuilder(setting, scene, strip(text), characters, style, midjourney, qualityTags, avoid,
                translator);
    }

    /** Adds a character shown in the shot. */
    public ImagePromptBuilder character(Character value) {
        Objects.requireNonNull(value, "character");
        List<Character> all = new ArrayList<>(characters);
        all.add(value);
        return characters(all);
    }

    /** The characters shown in the shot (replaces any given before). */
    public ImagePromptBuilder characters(List<Character> values) {
        return new ImagePromptBuilder(setting, scene, action, List.copyOf(values), style, midjourney, qualityTags,
                avoid, translator);
    }

    /** The model family to write for (default {@link PromptStyle#PLAIN}). */
    public ImagePromptBuilder style(PromptStyle value) {
        return new ImagePromptBuilder(setting, scene, action, characters, Objects.requireNonNull(value, "style"),
                midjourney, qualityTags, avoid, translator);
    }

    /** MidJourney parameters, used when the style is {@link PromptStyle#MIDJOURNEY}. */
    public ImagePromptBuilder midjourney(MidjourneyParams params) {
        return new ImagePromptBuilder(setting, scene, action, characters, style,
                Objects.requireNonNull(params, "params"), qualityTags, avoid, translator);
    }

    /** Changes the MidJourney parameters, e.g. {@code .midjourney(p -> p.seed(42))}. */
    public ImagePromptBuilder midjourney(UnaryOperator<MidjourneyParams> change) {
        return midjourney(change.apply(midjourney));
    }

    /** Whether Stable Diffusion prompts start with {@link #SD_QUALITY_TAGS} (default on). */
    public ImagePromptBuilder qualityTags(boolean on) {
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, on, avoid, translator);
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
                List.copyOf(all), translator);
    }

    /**
     * Translates every piece of the description into English through {@code model} (asked for English only), each
     * distinct piece once: the cache lives in the returned builder and every builder derived from it, so a
     * character's description translates the same way in every shot. {@code null} turns translation off.
     */
    public ImagePromptBuilder translateWith(ChatModel model) {
        return new ImagePromptBuilder(setting, scene, action, characters, style, midjourney, qualityTags, avoid,
                model == null ? null : new PromptTranslator(model));
    }

    /**
     * The fixed description of {@code character} used in every prompt: "name (age, appearance, clothing)",
     * translated when a translator is set.
     */
    public String describe(Character character) {
        return translate(fixedDescription(character));
    }

    /** The untranslated fixed description: "李逍遥 (十八岁, 剑眉星目, 青色布衣)", or the bare name. */
    public static String fixedDescription(Character character) {
        Objects.requireNonNull(character, "character");
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
        List<String> pieces = new ArrayList<>();
        addPiece(pieces, translate(setting));
        addPiece(pieces, translate(action));
        List<String> people = new ArrayList<>();
        for (Character c : characters) {
            people.add(describe(c));
        }
        String sceneText = scene == null ? "" : sceneText(scene);
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
                MidjourneyParams params = avoidTerms.isEmpty() ? midjourney
                        : midjourney.no(avoidTerms.toArray(String[]::new));
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
                + action + ", characters=" + characters.size() + ", translated=" + (translator != null) + "]";
    }
}
