package dev.novelkit.core.story;

import java.util.Objects;

/** Where and when shots take place: an id, the place, the time of day, the mood and a free description. */
public record Scene(String id, String place, String time, String mood, String description) {
    public Scene {
        Objects.requireNonNull(id, "id");
        place = Character.orEmpty(place);
        time = Character.orEmpty(time);
        mood = Character.orEmpty(mood);
        description = Character.orEmpty(description);
    }

    public static Scene of(String id, String description) {
        return new Scene(id, "", "", "", description);
    }
}
