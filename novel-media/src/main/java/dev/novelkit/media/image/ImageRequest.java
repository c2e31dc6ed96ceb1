package dev.novelkit.media.image;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.prompt.ImagePrompt;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to draw and where to put it: the prompt, the size in pixels, an optional seed, the output file, for the
 * offline story card the scene, its characters and the caption to print, the reference pictures the result should
 * stay consistent with (character sheets), and whether the picture is itself a character sheet. Remote backends use
 * the prompt and the references they can take ({@link ImageGenerator#maxReferences()}); the card renderer uses the
 * scene, characters and caption (falling back to the prompt text).
 *
 * @param prompt     the prompt (remote backends send {@link ImagePrompt#positive()} and, where they can,
 *                   {@link ImagePrompt#negative()})
 * @param width      width in pixels, 64..8192
 * @param height     height in pixels, 64..8192
 * @param seed       a seed for reproducible results, or null for the backend's random one
 * @param output     the file to write (PNG)
 * @param scene      the scene shown, or null
 * @param characters the characters shown (may be empty)
 * @param caption    the text the story card prints (may be empty)
 * @param references pictures to stay consistent with, most important first (may be empty)
 * @param sheet      whether this is a character sheet (portrait and full figure of its one character)
 */
public record ImageRequest(ImagePrompt prompt, int width, int height, Long seed, Path output, Scene scene,
                           List<Character> characters, String caption, List<ReferenceImage> references,
                           boolean sheet) {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,5})\\s*[xX×*]\\s*(\\d{1,5})\\s*");

    public ImageRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(output, "output");
        checkSide("width", width);
        checkSide("height", height);
        characters = characters == null ? List.of() : List.copyOf(characters);
        caption = caption == null ? "" : caption.strip();
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A 1024x1024 request for {@code prompt} into {@code output}. */
    public static ImageRequest of(ImagePrompt prompt, Path output) {
        return new ImageRequest(prompt, 1024, 1024, null, output, null, List.of(), "", List.of(), false);
    }

    /** A 1024x1024 request for a plain-text prompt into {@code output}. */
    public static ImageRequest of(String prompt, Path output) {
        return of(ImagePrompt.plain(prompt), output);
    }

    public ImageRequest size(int w, int h) {
        return new ImageRequest(prompt, w, h, seed, output, scene, characters, caption, references, sheet);
    }

    /** The size from text such as "1080x1920" (also "1080*1920"). */
    public ImageRequest size(String widthByHeight) {
        int[] wh = parseSize(widthByHeight);
        return size(wh[0], wh[1]);
    }

    public ImageRequest seed(long value) {
        return new ImageRequest(prompt, width, height, value, output, scene, characters, caption, references, sheet);
    }

    public ImageRequest output(Path file) {
        return new ImageRequest(prompt, width, height, seed, file, scene, characters, caption, references, sheet);
    }

    public ImageRequest scene(Scene value) {
        return new ImageRequest(prompt, width, height, seed, output, value, characters, caption, references, sheet);
    }

    public ImageRequest characters(List<Character> values) {
        return new ImageRequest(prompt, width, height, seed, output, scene, values, caption, references, sheet);
    }

    public ImageRequest caption(String text) {
        return new ImageRequest(prompt, width, height, seed, output, scene, characters, text, references, sheet);
    }

    /** The pictures the result should stay consistent with, most important first (character sheets). */
    public ImageRequest references(List<ReferenceImage> values) {
        return new ImageRequest(prompt, width, height, seed, output, scene, characters, caption, values, sheet);
    }

    /** Marks the request as a character sheet: the portrait and full figure of its one character. */
    public ImageRequest sheet(boolean value) {
        return new ImageRequest(prompt, width, height, seed, output, scene, characters, caption, references, value);
    }

    /** Parses "WxH" into {width, height}, naming the bad value in the error. */
    public static int[] parseSize(String widthByHeight) {
        Matcher m = SIZE.matcher(widthByHeight == null ? "" : widthByHeight);
        if (!m.matches()) {
            throw new InvalidInputException("size", "must look like 1080x1920, was \"" + widthByHeight + "\"");
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        checkSide("width", w);
        checkSide("height", h);
        return new int[]{w, h};
    }

    private static void checkSide(String name, int value) {
        if (value < 64 || value > 8192) {
            throw new InvalidInputException(name, "must be between 64 and 8192 pixels, was " + value);
        }
    }
}
