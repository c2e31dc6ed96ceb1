package dev.novelkit.media.video.export;

import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VideoFormat;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Timeline} resolved for an editor: every position in whole frames of the timeline's frame rate (the same
 * frames {@link dev.novelkit.media.video.VideoAssembler} renders), every shot a real video file (a still rendered
 * with its Ken Burns move), voice and effect lengths measured, the music's level (volume, ducking and fades) as
 * keyframes and the subtitles as planned cues. Every {@link EditorExporter} writes its project from this. Paths are
 * absolute; exporters write them relative to the project file.
 *
 * @param timeline     the timeline this cut was made from
 * @param frames       the length in frames
 * @param shots        the visual track in order
 * @param voices       the voice lines in the timeline's order, each on a lane where it overlaps no other line
 * @param effects      the sound effects, each on a lane where it overlaps no other effect
 * @param music        the background music, or null
 * @param cues         the subtitles as shown, in order, never overlapping
 * @param subtitleFile the SRT of {@code cues} beside the projects, or null when there are none
 * @param fontFamily   the font family subtitles are drawn with ("" when there are none)
 */
public record EditorCut(Timeline timeline, long frames, List<Shot> shots, List<Sound> voices, List<Sound> effects,
                        MusicBed music, List<Cue> cues, Path subtitleFile, String fontFamily) {
    public EditorCut {
        Objects.requireNonNull(timeline, "timeline");
        shots = List.copyOf(shots);
        voices = List.copyOf(voices);
        effects = List.copyOf(effects);
        cues = List.copyOf(cues);
        fontFamily = fontFamily == null ? "" : fontFamily;
    }

    /**
     * One shot on the visual track.
     *
     * @param number      1-based position in the timeline
     * @param clip        the timeline's shot
     * @param file        the video file shown: the MP4 rendered from a still, or the clip itself
     * @param rendered    whether {@code file} was rendered from a still by the export
     * @param start       first frame on the timeline
     * @param end         frame after the last one
     * @param mediaFrames frames {@code file} has at the timeline's rate (fewer than {@link #length()}: the last one
     *                    is held)
     * @param crossfade   frames this shot overlaps the previous one (0: no crossfade)
     * @param fadeIn      frames fading in from black at its start
     * @param fadeOut     frames fading out to black at its end
     * @param hasAudio    whether {@code file} has sound that plays (a video clip with volume above 0)
     * @param channels    audio channels of {@code file} (0 without sound)
     */
    public record Shot(int number, ShotClip clip, Path file, boolean rendered, long start, long end, long mediaFrames,
                       long crossfade, long fadeIn, long fadeOut, boolean hasAudio, int channels) {
        /** Frames on the timeline. */
        public long length() {
            return end - start;
        }

        /** Whether the file is shorter than the shot, so its last frame is held. */
        public boolean holdsLastFrame() {
            return mediaFrames < length();
        }
    }

    /**
     * A voice line or sound effect.
     *
     * @param number       1-based position in the timeline's list
     * @param file         the audio file
     * @param start        first frame (the exact start rounded to a frame)
     * @param frames       frames it lasts (its audio rounded up to whole frames, cut at the end of the video)
     * @param startSeconds the exact start in the timeline
     * @param micros       the exact length of its audio
     * @param volume       linear gain
     * @param text         the line's text ("" for effects)
     * @param speaker      who speaks ("" for narration and effects)
     * @param lane         0-based lane: lines on different lanes overlap
     * @param channels     audio channels of the file (1 or 2)
     */
    public record Sound(int number, Path file, long start, long frames, double startSeconds, long micros,
                        double volume, String text, String speaker, int lane, int channels) {
    }

    /**
     * The background music.
     *
     * @param music      the timeline's music
     * @param fileFrames frames the file lasts (rounded up)
     * @param frames     frames it plays from the start of the video (looped when longer than the file)
     * @param levels     its level in dB at keyframes (volume × ducking × fade in and out), linear in dB between them
     * @param channels   audio channels of the file (1 or 2)
     */
    public record MusicBed(Music music, long fileFrames, long frames, List<Level> levels, int channels) {
        public MusicBed {
            levels = List.copyOf(levels);
        }
    }

    /** A level keyframe: {@code db} at {@code frame}. */
    public record Level(long frame, double db) {
    }

    /** A subtitle as shown: frames [{@code start}, {@code end}) and its wrapped lines. */
    public record Cue(long start, long end, List<String> lines) {
        public Cue {
            lines = List.copyOf(lines);
        }

        /** The lines joined with line breaks. */
        public String text() {
            return String.join("\n", lines);
        }
    }

    /** The picture format. */
    public VideoFormat format() {
        return timeline.format();
    }

    /** Frames per second. */
    public int fps() {
        return timeline.format().fps();
    }

    /**
     * Where the cut into shot {@code i} lies for an editor that shows a crossfade as a transition centred on one
     * cut point (FCPXML, OpenTimelineIO): half-way through the overlap (rounded down), or the shot's start.
     */
    public long cutPoint(int i) {
        Shot s = shots.get(i);
        return s.start() + s.crossfade() / 2;
    }

    /** The frames of shot {@code i} between its cut points: [{@link #cutPoint}(i), cutPoint(i + 1)) or its end. */
    public long cutEnd(int i) {
        return i + 1 < shots.size() && shots.get(i + 1).crossfade() > 0 ? cutPoint(i + 1) : shots.get(i).end();
    }

    /** {@code sounds} ordered by their first frame (the order a track plays them in). */
    public static List<Sound> byStart(List<Sound> sounds) {
        List<Sound> sorted = new java.util.ArrayList<>(sounds);
        sorted.sort(java.util.Comparator.comparingLong(Sound::start));
        return sorted;
    }

    /** {@code file} relative to {@code folder}, with forward slashes (absolute when on another file system root). */
    public static String relative(Path folder, Path file) {
        Path f = file.toAbsolutePath().normalize();
        Path base = folder.toAbsolutePath().normalize();
        if (f.getRoot() != null && !f.getRoot().equals(base.getRoot())) {
            return f.toString().replace('\\', '/');
        }
        return base.relativize(f).toString().replace('\\', '/');
    }
}
