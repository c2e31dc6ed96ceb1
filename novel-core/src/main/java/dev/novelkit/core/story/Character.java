package dev.novelkit.core.story;

import java.util.List;
import java.util.Objects;

/**
 * A character of the story as pictures and voices need them: a fixed appearance (so a character looks the same
 * from shot to shot), age, clothing, and hints for casting a voice ("young man, calm", "old woman, sharp").
 */
public record Character(String name, String appearance, String age, String clothing, String voiceHint,
                        List<String> aliases) {
    public Character {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("character name must not be blank");
        }
        appearance = orEmpty(appearance);
        age = orEmpty(age);
        clothing = orEmpty(clothing);
        voiceHint = orEmpty(voiceHint);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public static Character named(String name) {
        return new Character(name, "", "", "", "", List.of());
    }

    public Character appearance(String value) {
        return new Character(name, value, age, clothing, voiceHint, aliases);
    }

    public Character age(String value) {
        return new Character(name, appearance, value, clothing, voiceHint, aliases);
    }

    public Character clothing(String value) {
        return new Character(name, appearance, age, value, voiceHint, aliases);
    }

    public Character voiceHint(String value) {
        return new Character(name, appearance, age, clothing, value, aliases);
    }

    static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
