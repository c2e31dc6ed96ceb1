package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.media.video.internal.TimelineJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a finished video is made of: the picture format, the visual track of shots (stills or clips, with
 * moves and transitions), voices placed in time, background music, sound effects and subtitles. Immutable: start
 * with {@link #of(VideoFormat)} and add to it; each change returns a new timeline and is checked at once. Saved and
 * loaded as JSON with paths relative to the JSON file's folder (the format is described in the README's "Timeline
 * JSON" section).
 *
 * <pre>{@code
 * Timeline t = Timeline.of(VideoFormat.PORTRAIT_1080P);
 * ShotClip next = ShotClip.still(Path.of("a.png"), 4).transition(Transition.crossfade(0.4));
 * double start = t.startOfNextShot(next.transition());          // place its voices relative to the shot
 * t = t.voice(VoiceClip.of(Path.of("a.wav"), start + 0.35, "雨下了一夜。")).shot(next);
 * }</pre>
 */
public record Timeline(VideoFormat format, List<ShotClip> shots, List<VoiceClip> voices, Music music,
                       List<SoundEffect> effects, Subtitles subtitles) {
    public Timeline {
        Require.nonNull("format", format);
        shots = shots == null ? List.of() : List.copyOf(shots);
        voices = voices == null ? List.of() : List.copyOf(voices);
        effects = effects == null ? List.of() : List.copyOf(effects);
        subtitles = subtitles == null ? Subtitles.NONE : subtitles;
        for (int i = 0; i < shots.size(); i++) {
            Transition t = shots.get(i).transition();
            double here = shots.get(i).seconds();
            double before = i == 0 ? Double.MAX_VALUE : shots.get(i - 1).seconds();
            if (t.type() == Transition.Type.CROSSFADE && (t.seconds() > here || t.seconds() > before)) {
                throw new InvalidSettingException("shots[" + i + "].transition.seconds", t.seconds(),
                        "a crossfade must not be longer than the shots it joins (" + (i == 0 ? "" : before + " s and ")
                                + here + " s)");
            }
            if (t.type() == Transition.Type.FADE && (t.seconds() / 2 > here || t.seconds() / 2 > before)) {
                throw new InvalidSettingException("shots[" + i + "].transition.seconds", t.seconds(),
                        "a fade needs half of its length in each of the shots it joins");
            }
        }
    }

    /** An empty timeline in {@code format}: no shots, voices, music, effects or subtitles yet. */
    public static Timeline of(VideoFormat format) {
        return new Timeline(format, List.of(), List.of(), null, List.of(), Subtitles.NONE);
    }

    /** The same timeline in another picture format. */
    public Timeline format(VideoFormat value) {
        return new Timeline(value, shots, voices, music, effects, subtitles);
    }

    /** This timeline with {@code shot} appended to the visual track. */
    public Timeline shot(ShotClip shot) {
        return shots(append(shots, Require.nonNull("shot", shot)));
    }

    /** This timeline with exactly these shots. */
    public Timeline shots(List<ShotClip> value) {
        return new Timeline(format, Require.nonNull("shots", value), voices, music, effects, subtitles);
    }

    /** This timeline with {@code voice} added. */
    public Timeline voice(VoiceClip voice) {
        return voices(append(voices, Require.nonNull("voice", voice)));
    }

    /** This timeline with exactly these voices. */
    public Timeline voices(List<VoiceClip> value) {
        return new Timeline(format, shots, Require.nonNull("voices", value), music, effects, subtitles);
    }

    /** This timeline with {@code effect} added. */
    public Timeline effect(SoundEffect effect) {
        return effects(append(effects, Require.nonNull("effect", effect)));
    }

    /** This timeline with exactly these sound effects. */
    public Timeline effects(List<SoundEffect> value) {
        return new Timeline(format, shots, voices, music, Require.nonNull("effects", value), subtitles);
    }

    /** This timeline with background music (null: none). */
    public Timeline music(Music value) {
        return new Timeline(format, shots, voices, value, effects, subtitles);
    }

    /** This timeline with another subtitle track ({@link Subtitles#NONE}: none). */
    public Timeline subtitles(Subtitles value) {
        return new Timeline(format, shots, voices, music, effects, Require.nonNull("subtitles", value));
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return out;
    }

    /** Exact seconds → microseconds, the unit every frame and sample position is computed from. */
    public static long micros(double seconds) {
        return Math.round(seconds * 1_000_000.0);
    }

    /**
     * When a shot appended now with the transition {@code into} would start, in seconds: the end of the last shot,
     * earlier by the overlap of a crossfade (the first shot starts at 0, whatever its transition). For placing
     * voices relative to a shot before its length is known.
     */
    public double startOfNextShot(Transition into) {
        Require.nonNull("into", into);
        double at = 0;
        for (int i = 0; i < shots.size(); i++) {
            at = startAfter(at, i, shots.get(i).transition()) + shots.get(i).seconds();
        }
        return startAfter(at, shots.size(), into);
    }

    private static double startAfter(double end, int index, Transition into) {
        return index > 0 && into.type() == Transition.Type.CROSSFADE ? end - into.seconds() : end;
    }

    /** When each shot starts, in microseconds (a crossfade makes a shot start before the previous one ends). */
    public List<Long> shotStartsMicros() {
        List<Long> starts = new ArrayList<>(shots.size());
        long t = 0;
        for (int i = 0; i < shots.size(); i++) {
            ShotClip s = shots.get(i);
            if (i > 0 && s.transition().type() == Transition.Type.CROSSFADE) {
                t -= micros(s.transition().seconds());
            }
            starts.add(t);
            t += micros(s.seconds());
        }
        return starts;
    }

    /** The length of the video in microseconds: the end of the last shot (0 without shots). */
    public long durationMicros() {
        if (shots.isEmpty()) {
            return 0;
        }
        List<Long> starts = shotStartsMicros();
        return starts.get(starts.size() - 1) + micros(shots.get(shots.size() - 1).seconds());
    }

    /** The length of the video in seconds. */
    public double duration() {
        return durationMicros() / 1_000_000.0;
    }

    /** The number of video frames: the duration rounded to whole frames once, from the exact time. */
    public long frameCount() {
        return format.frameAt(durationMicros());
    }

    /** Fails unless there is something to show: a timeline needs at least one shot to be assembled or saved. */
    public Timeline requireShots() {
        if (shots.isEmpty()) {
            throw new InvalidInputException("shots", "a timeline needs at least one shot");
        }
        return this;
    }

    /**
     * Reads a timeline JSON file (UTF-8, with or without a byte order mark); relative paths inside are resolved
     * against the file's folder.
     */
    public static Timeline load(Path json) {
        return TimelineJson.load(json);
    }

    /** Parses timeline JSON; relative paths are resolved against {@code baseDir}; {@code source} names the input in errors. */
    public static Timeline fromJson(String json, Path baseDir, String source) {
        return TimelineJson.parse(json, baseDir, source);
    }

    /** Writes this timeline as JSON (atomically), with paths relative to the file's folder where possible. */
    public void save(Path json) {
        TimelineJson.save(requireShots(), json);
    }

    /**
     * This timeline as JSON, with paths relative to {@code baseDir} where possible (a relative path in the timeline
     * is taken from the working folder, as Java does).
     */
    public String toJson(Path baseDir) {
        return TimelineJson.write(requireShots(), baseDir);
    }
}
