package dev.novelkit.core.story;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The whole plan of a video: its characters, scenes and shots, in order. Saved as JSON for editing. */
public record Storyboard(String title, List<Character> characters, List<Scene> scenes, List<Shot> shots) {
    public Storyboard {
        title = Character.orEmpty(title);
        characters = List.copyOf(Objects.requireNonNull(characters, "characters"));
        scenes = List.copyOf(Objects.requireNonNull(scenes, "scenes"));
        shots = List.copyOf(Objects.requireNonNull(shots, "shots"));
    }

    public Optional<Character> character(String name) {
        return characters.stream().filter(c -> c.name().equals(name) || c.aliases().contains(name)).findFirst();
    }

    public Optional<Scene> scene(String id) {
        return scenes.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
