package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.video.internal.TimelineJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a finished video is made of: the picture format, the visual track of shots (stills or clips, with
 * moves and transitions), voices placed in time, background music, sound effects and subtitles. Immutable; saved
 * and loaded as JSON with paths relative to the JSON file's folder.
 */
public record Timeline(VideoFormat format, List<ShotClip> shots, List<VoiceClip> voices, Music music,
                       List<SoundEffect> effects, Subtitles subtitles) {
    public Timeline {
        Objects.requireNonNull(format, "format");
        shots = shots == null ? List.of() : List.copyOf(shots);
        voices = voices == null ? List.of() : List.copyOf(voices);
        effects = effects == null ? List.of() : List.copyOf(effects);
        subtitles = subtitles == null ? Subtitles.NONE : subtitles;
        if (shots.isEmpty()) {
            throw new InvalidInputException("shots", "a timeline needs at least one shot");
        }
        for (int i = 0; i < shots.size(); i++) {
            Transition t = shots.get(i).transition();
            double here = shots.get(i).seconds();
            double before = i == 0 ? Double.MAX_VALUE : shots.get(i - 1).seconds();
            if (t.type() == Transition.Type.CROSSFADE && (t.seconds() > here || t.seconds() > before)) {
                throw new InvalidInputException("shots[" + i + "].transition.seconds", "a crossfade of " + t.seconds()
                        + " s is longer than the shots it joins (" + (i == 0 ? "" : before + " s and ") + here + " s)");
            }
            if (t.type() == Transition.Type.FADE && (t.seconds() / 2 > here || t.seconds() / 2 > before)) {
                throw new InvalidInputException("shots[" + i + "].transition.seconds", "a fade of " + t.seconds()
                        + " s needs half of it in each of the shots it joins");
            }
        }
    }

    /** Starts a timeline in {@code format}. */
    public static Builder builder(VideoFormat format) {
        return new Builder(format);
    }

    /** Exact seconds → microseconds, the unit every frame and sample position is computed from. */
    public static long micros(double seconds) {
        return Math.round(seconds * 1_000_000.0);
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

    /** The length of the video in microseconds: the end of the last shot. */
    public long durationMicros() {
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

    /** Reads a timeline JSON file; relative paths inside are resolved against the file's folder. */
    public static Timeline load(Path json) {
        return TimelineJson.load(json);
    }

    /** Parses timeline JSON; relative paths are resolved against {@code baseDir}; {@code source} names the input in errors. */
    public static Timeline fromJson(String json, Path baseDir, String source) {
        return TimelineJson.parse(json, baseDir, source);
    }

    /** Writes this timeline as JSON (atomically), with paths relative to the file's folder where possible. */
    public void save(Path json) {
        TimelineJson.save(this, json);
    }

    /** This timeline as JSON, with paths relative to {@code baseDir} where possible. */
    public String toJson(Path baseDir) {
        return TimelineJson.write(this, baseDir);
    }

    /** Fluent assembly of a timeline. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final VideoFormat format;
        private final List<ShotClip> shots = new ArrayList<>();
        private final List<VoiceClip> voices = new ArrayList<>();
        private final List<SoundEffect> effects = new ArrayList<>();
        private Music music;
        private Subtitles subtitles = Subtitles.NONE;

        private Builder(VideoFormat format) {
            this.format = Objects.requireNonNull(format, "format");
        }

        public Builder shot(ShotClip shot) {
            shots.add(Objects.requireNonNull(shot, "shot"));
            return this;
        }

        public Builder voice(VoiceClip voice) {
            voices.add(Objects.requireNonNull(voice, "voice"));
            return this;
        }

        public Builder effect(SoundEffect effect) {
            effects.add(Objects.requireNonNull(effect, "effect"));
            return this;
        }

        public Builder music(Music backgroundMusic) {
            this.music = backgroundMusic;
            return this;
        }

        public Builder subtitles(Subtitles track) {
            this.subtitles = track;
            return this;
        }

        public Timeline build() {
            return new Timeline(format, shots, voices, music, effects, subtitles);
        }
    }
}
