package dev.novelkit.media.video;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;

import java.util.Locale;

/**
 * How a shot begins: a hard cut, a dip through black ({@link Type#FADE}: the previous shot fades out over the first
 * half of the duration, this one fades in over the second half) or a crossfade that overlaps the previous shot.
 */
public record Transition(Type type, double seconds) {
    /** The kind of transition. */
    public enum Type {
        CUT, FADE, CROSSFADE;

        static Type parse(String text) {
            try {
                return valueOf(Require.nonNull("transition.type", text).strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("transition.type", text, "must be cut, fade or crossfade");
            }
        }
    }

    /** A hard cut. */
    public static final Transition CUT = new Transition(Type.CUT, 0);

    public Transition {
        if (type == null) {
            type = Type.CUT;
        }
        Require.between("transition.seconds", seconds, 0, 10);
        if (type == Type.CUT) {
            seconds = 0;
        } else {
            Require.that(seconds > 0, "transition.seconds", seconds,
                    "must be above 0 for a " + type.name().toLowerCase(Locale.ROOT));
        }
    }

    /** A dip to black lasting {@code seconds} in all. */
    public static Transition fade(double seconds) {
        return new Transition(Type.FADE, seconds);
    }

    /** A crossfade overlapping the previous shot by {@code seconds}. */
    public static Transition crossfade(double seconds) {
        return new Transition(Type.CROSSFADE, seconds);
    }

    /** Parses "cut", "fade" or "crossfade". */
    public static Transition of(String type, double seconds) {
        return new Transition(Type.parse(type), seconds);
    }
}
