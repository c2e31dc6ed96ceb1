package dev.novelkit.media.shot;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.video.VideoFormat;

import dev.novelkit.media.image.ReferenceImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one shot should be: the still it starts from, a prompt describing the motion (remote backends), what to
 * avoid, how long it lasts, the picture format, the camera move, and the character sheets of the characters in it
 * (backends that take references keep them consistent; see {@link ShotBackend#maxReferences()}). Remote backends
 * may return their own size and length (Kling: 5 or 10 s); the assembler scales and trims. A remote backend that
 * runs tasks records the task it created in {@code taskFile} (when given) before waiting for it, so a run killed
 * meanwhile takes the same task up again instead of paying for a new one. The record stays after the video is
 * downloaded (a run killed before it stored the video takes the finished task up again): the caller deletes it once
 * the video is safely stored, and before asking for a new video of the same request.
 */
public record ShotRequest(Path image, String prompt, String negativePrompt, double seconds, VideoFormat format,
                          CameraMove move, List<ReferenceImage> references, Path taskFile) {
    public ShotRequest {
        Objects.requireNonNull(image, "image");
        prompt = prompt == null ? "" : prompt.strip();
        negativePrompt = negativePrompt == null ? "" : negativePrompt.strip();
        format = format == null ? VideoFormat.PORTRAIT_1080P : format;
        move = move == null ? CameraMove.ZOOM_IN : move;
        references = references == null ? List.of() : List.copyOf(references);
        if (!(seconds > 0) || seconds > 600) {
            throw new InvalidInputException("seconds", "a shot must last 0..600 s, was " + seconds);
        }
        if (prompt.length() > 2500 || negativePrompt.length() > 2500) {
            throw new InvalidInputException("prompt", "prompts are limited to 2500 characters");
        }
    }

    /** A request without a task record. */
    public ShotRequest(Path image, String prompt, String negativePrompt, double seconds, VideoFormat format,
                       CameraMove move, List<ReferenceImage> references) {
        this(image, prompt, negativePrompt, seconds, format, move, references, null);
    }

    /** A request without references and without a task record. */
    public ShotRequest(Path image, String prompt, String negativePrompt, double seconds, VideoFormat format,
                       CameraMove move) {
        this(image, prompt, negativePrompt, seconds, format, move, List.of(), null);
    }

    /** A {@code seconds}-long 1080x1920 shot of {@code image}, zooming in, without a prompt. */
    public static ShotRequest of(Path image, double seconds) {
        return new ShotRequest(image, "", "", seconds, VideoFormat.PORTRAIT_1080P, CameraMove.ZOOM_IN, List.of(),
                null);
    }

    public ShotRequest prompt(String text) {
        return new ShotRequest(image, text, negativePrompt, seconds, format, move, references, taskFile);
    }

    public ShotRequest negativePrompt(String text) {
        return new ShotRequest(image, prompt, text, seconds, format, move, references, taskFile);
    }

    public ShotRequest seconds(double value) {
        return new ShotRequest(image, prompt, negativePrompt, value, format, move, references, taskFile);
    }

    public ShotRequest format(VideoFormat value) {
        return new ShotRequest(image, prompt, negativePrompt, seconds, value, move, references, taskFile);
    }

    public ShotRequest move(CameraMove value) {
        return new ShotRequest(image, prompt, negativePrompt, seconds, format, value, references, taskFile);
    }

    /** The sheets of the characters in the shot, the speaking one first. */
    public ShotRequest references(List<ReferenceImage> values) {
        return new ShotRequest(image, prompt, negativePrompt, seconds, format, move, values, taskFile);
    }

    /** Where a remote backend records the task it created (null: nowhere, a killed run pays again). */
    public ShotRequest taskFile(Path value) {
        return new ShotRequest(image, prompt, negativePrompt, seconds, format, move, references, value);
    }
}
