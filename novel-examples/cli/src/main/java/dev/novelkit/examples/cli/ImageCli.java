package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.Character;

import java.util.ArrayList;
import java.util.List;

/** Helpers shared by {@code novelkit prompt} and {@code novelkit image}: characters given on the command line. */
final class ImageCli {
    private ImageCli() {
    }

    /**
     * Parses {@code --character} values: "名字:外貌" (an ASCII or full-width colon), or a bare name. The appearance
     * text goes into {@link Character#appearance()}.
     */
    static List<Character> characters(List<String> values) {
        List<Character> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            String v = value == null ? "" : value.strip();
            int colon = indexOfColon(v);
            String name = (colon < 0 ? v : v.substring(0, colon)).strip();
            String looks = colon < 0 ? "" : v.substring(colon + 1).strip();
            if (name.isEmpty()) {
                throw new InvalidInputException("--character", "needs a name, as \"名字:外貌\", was \"" + value + "\"");
            }
            out.add(Character.named(name).appearance(looks));
        }
        return out;
    }

    private static int indexOfColon(String s) {
        int ascii = s.indexOf(':');
        int wide = s.indexOf('：');
        if (ascii < 0) {
            return wide;
        }
        return wide < 0 ? ascii : Math.min(ascii, wide);
    }
}
