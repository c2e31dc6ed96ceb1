package dev.novelkit.media.video;

import dev.novelkit.core.config.Require;

import java.nio.file.Path;

/**
 * One item of the visual track: a still picture or a video clip shown for {@code seconds}, with an optional Ken
 * Burns move (stills only), the transition into it, and the volume of the clip's own sound (video clips only).
 * A video clip shorter than its slot holds its last frame; a longer one is cut.
 */
public record ShotClip(Kind kind, Path file, double seconds, KenBurns kenBurns, Transition transition, double volume) {
    /** A still picture or a video file. */
    public enum Kind { STILL, VIDEO }

    public ShotClip {
        Require.nonNull("kind", kind);
        Require.nonNull("file", file);
        Require.that(seconds > 0 && seconds <= 24 * 3600, "seconds", seconds,
                "must be above 0 and at most 86400 (shot " + file.getFileName() + ")");
        Require.that(kenBurns == null || kind == Kind.STILL, "kenBurns", kenBurns == null ? null : kenBurns.move(),
                "a Ken Burns move applies to stills only, not to video " + file);
        transition = transition == null ? Transition.CUT : transition;
        Require.between("volume", volume, 0, 4);
    }

    /** A still shown for {@code seconds} without a move. */
    public static ShotClip still(Path image, double seconds) {
        return new ShotClip(Kind.STILL, image, seconds, null, Transition.CUT, 1.0);
    }

    /** A video clip shown for {@code seconds} with its own sound at full volume. */
    public static ShotClip video(Path clip, double seconds) {
        return new ShotClip(Kind.VIDEO, clip, seconds, null, Transition.CUT, 1.0);
    }

    /** The same clip with a Ken Burns move. */
    public ShotClip kenBurns(KenBurns move) {
        return new ShotClip(kind, file, seconds, move, transition, volume);
    }

    /** The same clip with another transition into it. */
    public ShotClip transition(Transition into) {
        return new ShotClip(kind, file, seconds, kenBurns, into, volume);
    }

    /** The same clip with its own sound at another volume (0 mutes it). */
    public ShotClip volume(double newVolume) {
        return new ShotClip(kind, file, seconds, kenBurns, transition, newVolume);
    }

    /** The same clip with another path (used when a timeline is moved). */
    public ShotClip file(Path newFile) {
        return new ShotClip(kind, newFile, seconds, kenBurns, transition, volume);
    }

    /** The same clip lasting {@code newSeconds} (a still held longer, a video clip trimmed or held on its end). */
    public ShotClip seconds(double newSeconds) {
        return new ShotClip(kind, file, newSeconds, kenBurns, transition, volume);
    }
}
