package dev.novelkit.media.video.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * OpenTimelineIO JSON ({@code .otio}, read by Kdenlive, DaVinci Resolve and OTIO's adapters): a Timeline.1 whose
 * Stack.1 holds a video Track.1 of the shots (Clip.2 with an ExternalReference.1 each, SMPTE_Dissolve Transition.1
 * centred on the cut points), the subtitles as markers on it, and audio tracks of voice lines, sound effects and
 * music separated by Gap.1 items. Times are RationalTime.1 in frames at the timeline's rate; target URLs are paths
 * relative to the project file. OTIO has no schema for fades or audio levels: they travel as {@code novelkit}
 * metadata (fades in frames, the music's level keyframes in dB).
 */
public final class OtioExporter implements EditorExporter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "otio";
    }

    @Override
    public String extension() {
        return "otio";
    }

    @Override
    public String write(EditorCut cut, Path projectFile) {
        Path dir = projectFile.toAbsolutePath().getParent();
        int fps = cut.fps();
        String name = projectFile.getFileName().toString().replaceFirst("\\.otio$", "");
        ObjectNode root = JSON.createObjectNode();
        root.put("OTIO_SCHEMA", "Timeline.1");
        root.set("metadata", JSON.createObjectNode().set("novelkit", JSON.createObjectNode()
                .put("width", cut.format().width()).put("height", cut.format().height()).put("fps", fps)
                .put("subtitles", cut.subtitleFile() == null ? null : EditorCut.relative(dir, cut.subtitleFile()))));
        root.put("name", name);
        root.set("global_start_time", time(0, fps));
        ObjectNode stack = item("Stack.1", "tracks", null, fps);
        root.set("tracks", stack);
        ArrayNode tracks = stack.putArray("children");
        tracks.add(shots(cut, dir, fps));
        soundTracks(tracks, cut.voices(), "Voices", "voice", dir, fps);
        soundTracks(tracks, cut.effects(), "Effects", "effect", dir, fps);
        if (cut.music() != null && cut.music().frames() > 0) {
            tracks.add(music(cut, dir, fps));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write OTIO JSON", e);
        }
    }

    private static ObjectNode shots(EditorCut cut, Path dir, int fps) {
        ObjectNode track = track("Shots", "Video", fps);
        ArrayNode children = track.putArray("children");
        List<EditorCut.Shot> shots = cut.shots();
        for (int k = 0; k < shots.size(); k++) {
            EditorCut.Shot s = shots.get(k);
            if (s.crossfade() > 0) {
                ObjectNode t = JSON.createObjectNode();
                t.put("OTIO_SCHEMA", "Transition.1");
                t.set("metadata", JSON.createObjectNode());
                t.put("name", "Cross Dissolve");
                t.put("transition_type", "SMPTE_Dissolve");
                long before = cut.cutPoint(k) - s.start();
                t.set("in_offset", time(before, fps));
                t.set("out_offset", time(s.crossfade() - before, fps));
                children.add(t);
            }
            long in = cut.cutPoint(k) - s.start();
            ObjectNode clip = clip("Shot " + s.number(), s.file(), in, cut.cutEnd(k) - cut.cutPoint(k),
                    s.mediaFrames(), dir, fps);
            ObjectNode meta = JSON.createObjectNode();
            meta.put("shot", s.number());
            meta.put("kind", s.clip().kind().name().toLowerCase(java.util.Locale.ROOT));
            meta.put("source", EditorCut.relative(dir, s.clip().file()));
            if (s.fadeIn() > 0) {
                meta.put("fade_in_frames", s.fadeIn());
            }
            if (s.fadeOut() > 0) {
                meta.put("fade_out_frames", s.fadeOut());
            }
            if (s.holdsLastFrame()) {
                meta.put("hold_last_frame_from", s.mediaFrames());
            }
            if (s.hasAudio()) {
                meta.put("volume", s.clip().volume());
            }
            clip.set("metadata", JSON.createObjectNode().set("novelkit", meta));
            children.add(clip);
        }
        ArrayNode markers = track.putArray("markers");
        for (EditorCut.Cue c : cut.cues()) {
            ObjectNode m = JSON.createObjectNode();
            m.put("OTIO_SCHEMA", "Marker.2");
            m.set("metadata", JSON.createObjectNode().set("novelkit", JSON.createObjectNode().put("subtitle", true)));
            m.put("name", c.text());
            m.put("color", "YELLOW");
            m.set("marked_range", range(c.start(), c.end() - c.start(), fps));
            m.put("comment", c.text());
            markers.add(m);
        }
        return track;
    }

    private static void soundTracks(ArrayNode tracks, List<EditorCut.Sound> sounds, String name, String kind, Path dir,
                                    int fps) {
        int lanes = 0;
        for (EditorCut.Sound s : sounds) {
            lanes = Math.max(lanes, s.lane() + 1);
        }
        for (int lane = 0; lane < lanes; lane++) {
            ObjectNode track = track(name + (lane == 0 ? "" : " " + (lane + 1)), "Audio", fps);
            ArrayNode children = track.putArray("children");
            long at = 0;
            for (EditorCut.Sound s : EditorCut.byStart(sounds)) {
                if (s.lane() != lane) {
                    continue;
                }
                if (s.start() > at) {
                    children.add(gap(s.start() - at, fps));
                }
                String label = s.text().isEmpty() ? s.file().getFileName().toString()
                        : (s.speaker().isEmpty() ? "" : s.speaker() + "：") + s.text();
                ObjectNode clip = clip(label, s.file(), 0, s.frames(),
                        Math.max(s.frames(), (long) Math.ceil(s.micros() * (double) fps / 1e6 - 1e-6)), dir, fps);
                ObjectNode meta = JSON.createObjectNode();
                meta.put(kind, s.number());
                meta.put("start_seconds", s.startSeconds());
                meta.put("volume", s.volume());
                if (!s.text().isEmpty()) {
                    meta.put("text", s.text());
                    meta.put("speaker", s.speaker());
                }
                clip.set("metadata", JSON.createObjectNode().set("novelkit", meta));
                children.add(clip);
                at = s.start() + s.frames();
            }
            tracks.add(track);
        }
    }

    private static ObjectNode music(EditorCut cut, Path dir, int fps) {
        EditorCut.MusicBed m = cut.music();
        ObjectNode track = track("Music", "Audio", fps);
        ArrayNode children = track.putArray("children");
        long at = 0;
        while (at < m.frames()) {
            long n = Math.min(m.frames() - at, m.fileFrames());
            ObjectNode clip = clip("Music", m.music().file(), 0, n, m.fileFrames(), dir, fps);
            children.add(clip);
            at += n;
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("volume", m.music().volume());
        meta.put("loop", m.music().loop());
        meta.put("duck_db", m.music().duck() ? m.music().duckDb() : 0);
        ArrayNode keys = meta.putArray("level_db_keyframes");
        for (EditorCut.Level l : m.levels()) {
            keys.add(JSON.createArrayNode().add(l.frame()).add(l.db()));
        }
        track.set("metadata", JSON.createObjectNode().set("novelkit", meta));
        return track;
    }

    private static ObjectNode track(String name, String kind, int fps) {
        ObjectNode t = item("Track.1", name, null, fps);
        t.put("kind", kind);
        return t;
    }

    private static ObjectNode clip(String name, Path file, long in, long frames, long available, Path dir, int fps) {
        ObjectNode c = item("Clip.2", name, range(in, frames, fps), fps);
        ObjectNode ref = JSON.createObjectNode();
        ref.put("OTIO_SCHEMA", "ExternalReference.1");
        ref.set("metadata", JSON.createObjectNode());
        ref.put("name", file.getFileName().toString());
        ref.set("available_range", range(0, available, fps));
        ref.set("available_image_bounds", null);
        ref.put("target_url", EditorCut.relative(dir, file));
        c.set("media_references", JSON.createObjectNode().set("DEFAULT_MEDIA", ref));
        c.put("active_media_reference_key", "DEFAULT_MEDIA");
        return c;
    }

    private static ObjectNode gap(long frames, int fps) {
        return item("Gap.1", "", range(0, frames, fps), fps);
    }

    private static ObjectNode item(String schema, String name, ObjectNode range, int fps) {
        ObjectNode n = JSON.createObjectNode();
        n.put("OTIO_SCHEMA", schema);
        n.set("metadata", JSON.createObjectNode());
        n.put("name", name);
        n.set("source_range", range);
        n.putArray("effects");
        n.putArray("markers");
        n.put("enabled", true);
        return n;
    }

    static ObjectNode range(long start, long duration, int fps) {
        ObjectNode r = JSON.createObjectNode();
        r.put("OTIO_SCHEMA", "TimeRange.1");
        r.set("duration", time(duration, fps));
        r.set("start_time", time(start, fps));
        return r;
    }

    static ObjectNode time(long frames, int fps) {
        ObjectNode t = JSON.createObjectNode();
        t.put("OTIO_SCHEMA", "RationalTime.1");
        t.put("rate", (double) fps);
        t.put("value", (double) frames);
        return t;
    }
}
