package dev.novelkit.core.summary;

import java.util.Objects;

/** One character as a summary describes them: a name and a short description. */
public record CharacterNote(String name, String description) {
    public CharacterNote {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}
