package dev.novelkit.media.video;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.story.CameraMove;

import java.util.Locale;

/**
 * A slow camera move over a still picture: zoom in or out, pan or tilt, by {@code zoom} (1.15 = the picture is
 * enlarged by 15% at the tight end of the move), eased at both ends or linear.
 */
public record KenBurns(CameraMove move, double zoom, Easing easing) {
    /** How the speed of the move changes over the shot. */
    public enum Easing {
        /** Constant speed. */
        LINEAR,
        /** Starts and ends gently (smootherstep). */
        EASE_IN_OUT;

        /** Maps linear progress in [0, 1] to eased progress in [0, 1]. */
        public double apply(double t) {
            double x = Math.min(1, Math.max(0, t));
            return this == LINEAR ? x : x * x * x * (x * (6 * x - 15) + 10);
        }

        /** Parses "linear" or "ease-in-out". */
        public static Easing parse(String text) {
            try {
                return valueOf(Require.nonNull("kenBurns.easing", text).strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("kenBurns.easing", text, "must be linear or ease-in-out");
            }
        }
    }

    /** The default enlargement: 15%. */
    public static final double DEFAULT_ZOOM = 1.15;

    public KenBurns {
        if (move == null) {
            move = CameraMove.STATIC;
        }
        if (easing == null) {
            easing = Easing.EASE_IN_OUT;
        }
        Require.between("kenBurns.zoom", zoom, 1.0, 2.0);
    }

    /** {@code move} by the default 15%, eased. */
    public static KenBurns of(CameraMove move) {
        return new KenBurns(move, DEFAULT_ZOOM, Easing.EASE_IN_OUT);
    }

    /** The same move with another enlargement. */
    public KenBurns zoom(double newZoom) {
        return new KenBurns(move, newZoom, easing);
    }

    /** The same move with another easing. */
    public KenBurns easing(Easing newEasing) {
        return new KenBurns(move, zoom, newEasing);
    }

    /** Whether the picture actually moves. */
    public boolean moves() {
        return move != CameraMove.STATIC && zoom > 1.0;
    }

    /** Parses a move name such as "zoom-in", "pan_left", "TILT_UP" or "static". */
    public static CameraMove parseMove(String text) {
        try {
            return CameraMove.valueOf(Require.nonNull("move", text).strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("move", text,
                    "must be static, zoom-in, zoom-out, pan-left, pan-right, tilt-up or tilt-down");
        }
    }

    /** The kebab-case name of a move ("zoom-in"). */
    public static String moveName(CameraMove move) {
        return move.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
