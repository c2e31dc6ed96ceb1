package dev.novelkit.media.cast;

import java.util.Objects;

/**
 * One character's canonical look: the fixed words that describe them in every picture prompt they appear in
 * (appearance, clothes, colours, age), their palette colour, and where their character sheet is.
 *
 * @param name   the character's name as in the storyboard
 * @param look   the fixed description, used word for word in every prompt, e.g.
 *               "林晚舟 (女子, 十九岁, 乌黑的头发用一根桃木簪子挽着, 穿一件洗得发白的蓝布衫)"
 * @param colour the character's palette colour, {@code #RRGGBB}
 * @param sheet  the character sheet's path, relative to the output folder (e.g. {@code characters/林晚舟.png})
 *               or absolute
 */
public record CharacterLook(String name, String look, String colour, String sheet) {
    public CharacterLook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(look, "look");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(sheet, "sheet");
        name = name.strip();
        look = look.strip();
        colour = colour.strip();
        sheet = sheet.strip();
    }
}
