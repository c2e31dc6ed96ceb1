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
 * What to draw and where to put it: the prompt, the size in pixels, an optional seed, the output file, and for the
 * offline story card the scene, its characters and the caption to print. Remote backends use the prompt; the card
 * renderer uses the scene, characters and caption (falling back to the prompt text).
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
 */
public record ImageRequest(ImagePrompt prompt, int width, int height, Long seed, Path output, Scene scene,
                           List<Character> characters, String caption) {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,5})\\s*[xX×*]\\s*(\\d{1,5})\\s*");

    public ImageRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(output, "output");
        checkSide("width", width);
        checkSide("height", height);
        characters = characters == null ? List.of() : List.copyOf(characters);
        caption = caption == null ? "" : caption.strip();
    }

    /** A 1024x1024 request for {@code prompt} into {@code output}. */
    public static ImageRequest of(ImagePrompt prompt, Path output) {
        return new ImageRequest(prompt, 1024, 1024, null, output, null, List.of(), "");
    }

    /** A 1024x1024 request for a plain-text prompt into {@code output}. */
    public static ImageRequest of(String prompt, Path output) {
        return of(ImagePrompt.plain(prompt), output);
    }

    public ImageRequest size(int w, int h) {
        return new ImageRequest(prompt, w, h, seed, output, scene, characters, caption);
    }

    /** The size from text such as "1080x1920" (also "1080*1920"). */
    public ImageRequest size(String widthByHeight) {
        int[] wh = parseSize(widthByHeight);
        return size(wh[0], wh[1]);
    }

    public ImageRequest seed(long value) {
        return new ImageRequest(prompt, width, height, value, output, scene, characters, caption);
    }

    public ImageRequest output(Path file) {
        return new ImageRequest(prompt, width, height, seed, file, scene, characters, caption);
    }

    public ImageRequest scene(Scene value) {
        return new ImageRequest(prompt, width, height, seed, output, value, characters, caption);
    }

    public ImageRequest characters(List<Character> values) {
        return new ImageRequest(prompt, width, height, seed, output, scene, values, caption);
    }

    public ImageRequest caption(String text) {
        return new ImageRequest(prompt, width, height, seed, output, scene, characters, text);
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
