package dev.novelkit.media.consistency;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One shot's picture as the consistency check sees it: the file, the reference pictures that went into making it,
 * and the characters it should show, each with their sheet and, where known, where they stand.
 *
 * @param shot       the shot's id
 * @param picture    the shot's picture
 * @param references the labels of the reference pictures the backend was given (empty: text alone)
 * @param characters the characters the picture should show
 */
public record ShotPicture(String shot, Path picture, List<String> references, List<Appearance> characters) {
    public ShotPicture {
        Objects.requireNonNull(shot, "shot");
        Objects.requireNonNull(picture, "picture");
        references = references == null ? List.of() : List.copyOf(references);
        characters = characters == null ? List.of() : List.copyOf(characters);
    }

    /**
     * A character the picture should show.
     *
     * @param name      the character's name
     * @param look      the character's canonical look (for a vision model)
     * @param sheet     the character's sheet
     * @param inSheet   where the character's figure is on the sheet (a story card's torso box), or null: the whole
     *                  sheet (a user's picture, a remote backend's sheet)
     * @param inPicture where the character stands in the picture, or null when unknown (remote pictures: only a
     *                  vision model can compare them)
     */
    public record Appearance(String name, String look, Path sheet, Rectangle inSheet, Rectangle inPicture) {
        public Appearance {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sheet, "sheet");
            look = look == null ? "" : look;
        }
    }
}
