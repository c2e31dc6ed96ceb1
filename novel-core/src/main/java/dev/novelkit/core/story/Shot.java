package dev.novelkit.core.story;

import java.util.List;
import java.util.Objects;

/**
 * One shot of the storyboard: the scene it belongs to, the characters in it, what the picture shows, how the
 * camera moves, the narration and dialogue heard over it, and how long it lasts in seconds.
 */
public record Shot(String id, String sceneId, List<String> characters, String imageDescription, CameraMove camera,
                   String narration, List<DialogueLine> dialogue, double seconds) {
    public Shot {
        Objects.requireNonNull(id, "id");
        sceneId = Character.orEmpty(sceneId);
        characters = characters == null ? List.of() : List.copyOf(characters);
        imageDescription = Character.orEmpty(imageDescription);
        camera = camera == null ? CameraMove.STATIC : camera;
        narration = Character.orEmpty(narration);
        dialogue = dialogue == null ? List.of() : List.copyOf(dialogue);
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("shot " + id + ": seconds must be > 0, was " + seconds);
        }
    }
}
