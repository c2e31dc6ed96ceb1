package dev.novelkit.media.video.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VoiceClip;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTIO export uses only OpenTimelineIO's serialized schemas with their documented fields, every time is a
 * RationalTime of whole frames at the timeline's rate, and reading the tracks back the OTIO way (items end to end,
 * transitions overlapping their neighbours) gives the timeline's clips at its frames.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtioExportTest {
    /** Fields of each schema the exporter writes, from OTIO's serialized schema documentation. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Timeline.1", Set.of("name", "metadata", "global_start_time", "tracks"),
            "Stack.1", Set.of("name", "metadata", "source_range", "effects", "markers", "enabled", "children"),
            "Track.1", Set.of("name", "metadata", "source_range", "effects", "markers", "enabled", "children", "kind"),
            "Clip.2", Set.of("name", "metadata", "source_range", "effects", "markers", "enabled", "media_references",
                    "active_media_reference_key"),
            "Gap.1", Set.of("name", "metadata", "source_range", "effects", "markers", "enabled"),
            "Transition.1", Set.of("name", "metadata", "in_offset", "out_offset", "transition_type"),
            "ExternalReference.1", Set.of("name", "metadata", "available_range", "available_image_bounds", "target_url"),
            "Marker.2", Set.of("name", "metadata", "marked_range", "color", "comment"),
            "TimeRange.1", Set.of("start_time", "duration"),
            "RationalTime.1", Set.of("rate", "value"));

    private Timeline timeline;
    private Path file;
    private JsonNode root;

    @BeforeAll
    void export(@TempDir Path dir) throws Exception {
        MediaFixtures.assumeFfmpeg();
        timeline = ExportFixture.sample(dir);
        file = EditorExport.of(new OtioExporter()).export(timeline, dir.resolve("out")).projects().get(0);
        root = new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void every_object_is_a_documented_schema_with_its_fields_and_whole_frame_times() {
        List<String> problems = new ArrayList<>();
        walk(root, problems);
        assertThat(problems).isEmpty();
        assertThat(root.path("OTIO_SCHEMA").asText()).isEqualTo("Timeline.1");
        assertThat(root.path("tracks").path("OTIO_SCHEMA").asText()).isEqualTo("Stack.1");
    }

    private void walk(JsonNode n, List<String> problems) {
        if (n.isArray()) {
            n.forEach(c -> walk(c, problems));
            return;
        }
        if (!n.isObject()) {
            return;
        }
        String schema = n.path("OTIO_SCHEMA").asText("");
        if (!schema.isEmpty()) {
            Set<String> fields = FIELDS.get(schema);
            if (fields == null) {
                problems.add("unknown schema " + schema);
                return;
            }
            for (String f : fields) {
                if (!n.has(f)) {
                    problems.add(schema + " lacks " + f);
                }
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("OTIO_SCHEMA") && !fields.contains(f)) {
                    problems.add(schema + " has an undocumented field " + f);
                }
            }
            if (schema.equals("RationalTime.1")) {
                if (n.path("rate").asDouble() != timeline.format().fps() || n.path("value").asDouble() % 1 != 0) {
                    problems.add("time " + n + " is not whole frames at " + timeline.format().fps());
                }
            }
            if (schema.equals("Track.1") && !Set.of("Video", "Audio").contains(n.path("kind").asText())) {
                problems.add("track kind " + n.path("kind"));
            }
            if (schema.equals("Clip.2") && !n.path("media_references").has(n.path("active_media_reference_key").asText())) {
                problems.add("clip " + n.path("name") + " has no media under its active key");
            }
            if (schema.equals("ExternalReference.1")
                    && !file.getParent().resolve(n.path("target_url").asText()).toFile().isFile()) {
                problems.add("target " + n.path("target_url") + " is not a file beside the project");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("metadata")) {
                walk(e.getValue(), problems);
            }
        }
    }

    @Test
    void read_back_the_tracks_put_every_clip_at_the_timelines_frames() {
        List<JsonNode> tracks = new ArrayList<>();
        root.path("tracks").path("children").forEach(tracks::add);
        assertThat(tracks).extracting(t -> t.path("name").asText())
                .containsExactly("Shots", "Voices", "Voices 2", "Effects", "Music");

        List<long[]> shots = spans(tracks.get(0));
        long[][] expected = ExportFixture.shotFrames(timeline);
        assertThat(shots).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(shots.get(k)).as("shot %d", k + 1).containsExactly(expected[k][0], expected[k][1]);
        }
        assertThat(length(tracks.get(0))).isEqualTo(timeline.frameCount());

        List<long[]> voices = new ArrayList<>(spans(tracks.get(1)));
        voices.addAll(spans(tracks.get(2)));
        voices.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < 3; i++) {
            VoiceClip v = timeline.voices().get(i);
            assertThat(voices.get(i)[0]).isEqualTo(timeline.format().frameAt(Timeline.micros(v.start())));
        }
        assertThat(length(tracks.get(4))).isEqualTo(timeline.frameCount());
        assertThat(tracks.get(0).path("markers")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(tracks.get(4).path("metadata").path("novelkit").path("level_db_keyframes")).isNotEmpty();
    }

    /** Clip spans on a track: items end to end; a transition widens the clips beside it by its offsets. */
    private static List<long[]> spans(JsonNode track) {
        List<long[]> out = new ArrayList<>();
        long at = 0;
        long pendingIn = 0;
        for (JsonNode item : track.path("children")) {
            String schema = item.path("OTIO_SCHEMA").asText();
            if (schema.equals("Transition.1")) {
                long in = frames(item.path("in_offset"));
                long outOffset = frames(item.path("out_offset"));
                out.get(out.size() - 1)[1] += outOffset;
                pendingIn = in;
                continue;
            }
            long d = frames(item.path("source_range").path("duration"));
            if (schema.equals("Clip.2")) {
                out.add(new long[]{at - pendingIn, at + d});
            }
            pendingIn = 0;
            at += d;
        }
        return out;
    }

    private static long length(JsonNode track) {
        long at = 0;
        for (JsonNode item : track.path("children")) {
            if (!item.path("OTIO_SCHEMA").asText().equals("Transition.1")) {
                at += frames(item.path("source_range").path("duration"));
            }
        }
        return at;
    }

    private static long frames(JsonNode time) {
        return Math.round(time.path("value").asDouble());
    }
}
