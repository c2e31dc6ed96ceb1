package dev.novelkit.media.video.export;

import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VoiceClip;
import dev.novelkit.media.video.export.internal.Xml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FCPXML export follows the FCPXML 1.10 DTD for every element it uses (names, required attributes, child order,
 * IDs and references), its times are whole frames as rationals that add up, and a small reader gets back the same
 * clips at the same frames as the timeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FcpxmlExportTest {
    private static final Pattern TIME = Pattern.compile("(\\d+)(?:/(\\d+))?s");
    /** Required attributes of each element the exporter writes, from the FCPXML 1.10 DTD. */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("fcpxml", List.of("version")), Map.entry("format", List.of("id")),
            Map.entry("asset", List.of("id")), Map.entry("media-rep", List.of("src")),
            Map.entry("effect", List.of("id", "uid")), Map.entry("sequence", List.of("format")),
            Map.entry("asset-clip", List.of("ref")), Map.entry("transition", List.of("duration")),
            Map.entry("filter-video", List.of("ref")), Map.entry("filter-audio", List.of("ref")),
            Map.entry("caption", List.of("duration")), Map.entry("text-style-def", List.of("id")),
            Map.entry("param", List.of("name")), Map.entry("keyframe", List.of("time", "value")),
            Map.entry("library", List.of()), Map.entry("event", List.of()), Map.entry("project", List.of()),
            Map.entry("resources", List.of()), Map.entry("spine", List.of()), Map.entry("text", List.of()),
            Map.entry("text-style", List.of()), Map.entry("adjust-volume", List.of()),
            Map.entry("adjust-blend", List.of()), Map.entry("adjust-conform", List.of()),
            Map.entry("keyframeAnimation", List.of()));
    /** Allowed children of each element, in the DTD's order (a child may repeat where the DTD allows it). */
    private static final Map<String, List<String>> ORDER = Map.ofEntries(
            Map.entry("fcpxml", List.of("import-options", "resources", "library")),
            Map.entry("resources", List.of("asset|effect|format|media|locator")),
            Map.entry("asset", List.of("media-rep", "metadata")),
            Map.entry("library", List.of("event|smart-collection")),
            Map.entry("event", List.of("clip|audition|mc-clip|ref-clip|sync-clip|asset-clip|project")),
            Map.entry("project", List.of("sequence")),
            Map.entry("sequence", List.of("note", "spine", "metadata")),
            Map.entry("spine", List.of("audio|video|clip|title|mc-clip|ref-clip|sync-clip|asset-clip|audition|gap|transition")),
            Map.entry("asset-clip", List.of("note", "conform-rate", "timeMap", "adjust-crop", "adjust-corners",
                    "adjust-conform", "adjust-transform", "adjust-blend", "adjust-stabilization", "adjust-volume",
                    "adjust-panner", "audio|video|clip|title|caption|mc-clip|ref-clip|sync-clip|asset-clip|audition|spine",
                    "marker", "audio-channel-source", "filter-video", "filter-audio", "metadata")),
            Map.entry("transition", List.of("filter-video", "filter-audio", "marker", "metadata")),
            Map.entry("caption", List.of("text", "text-style-def", "note")),
            Map.entry("text", List.of("text-style")), Map.entry("text-style-def", List.of("text-style")),
            Map.entry("adjust-blend", List.of("param")), Map.entry("adjust-volume", List.of("param")),
            Map.entry("param", List.of("fadeIn", "fadeOut", "keyframeAnimation", "param")),
            Map.entry("keyframeAnimation", List.of("keyframe")));

    private Path dir;
    private Timeline timeline;
    private Path file;
    private Document doc;
    private int fps;

    @BeforeAll
    void export(@TempDir Path tmp) throws Exception {
        MediaFixtures.assumeFfmpeg();
        dir = tmp;
        timeline = ExportFixture.sample(dir);
        fps = timeline.format().fps();
        file = EditorExport.of(new FcpxmlExporter()).export(timeline, dir.resolve("out")).projects().get(0);
        doc = Xml.read(file);
    }

    @Test
    void declares_the_fcpxml_doctype_and_version_1_10() throws Exception {
        String text = Files.readString(file);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE fcpxml>\n");
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("fcpxml");
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("1.10");
    }

    @Test
    void every_element_has_its_required_attributes_and_children_in_dtd_order() {
        List<String> problems = new ArrayList<>();
        check(doc.getDocumentElement(), problems);
        assertThat(problems).isEmpty();
    }

    private void check(Element e, List<String> problems) {
        String name = e.getTagName();
        if (!REQUIRED.containsKey(name)) {
            problems.add("<" + name + "> is not an element the checker knows");
            return;
        }
        for (String a : REQUIRED.get(name)) {
            if (!e.hasAttribute(a)) {
                problems.add("<" + name + "> lacks " + a);
            }
        }
        List<String> order = ORDER.getOrDefault(name, List.of());
        int at = 0;
        for (Element c : Xml.children(e)) {
            while (at < order.size() && !List.of(order.get(at).split("\\|")).contains(c.getTagName())) {
                at++;
            }
            if (at == order.size()) {
                problems.add("<" + c.getTagName() + "> is not allowed (or out of order) in <" + name + ">");
                return;
            }
            check(c, problems);
        }
    }

    @Test
    void ids_are_unique_and_every_reference_resolves_to_a_file_that_exists() throws Exception {
        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                assertThat(ids.add(e.getAttribute("id"))).as("id %s is unique", e.getAttribute("id")).isTrue();
            }
        }
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String a : List.of("ref", "format")) {
                if (e.hasAttribute(a) && !e.getTagName().equals("text-style")) {
                    assertThat(ids).as("<%s %s=%s>", e.getTagName(), a, e.getAttribute(a)).contains(e.getAttribute(a));
                }
            }
        }
        NodeList reps = doc.getElementsByTagName("media-rep");
        for (int i = 0; i < reps.getLength(); i++) {
            String src = ((Element) reps.item(i)).getAttribute("src");
            assertThat(src).startsWith("./");
            Path media = file.getParent().resolve(new URI(src).getPath()).normalize();
            assertThat(media).as(src).isRegularFile();
        }
    }

    @Test
    void times_are_whole_frames_and_the_spine_adds_up_to_the_sequence() {
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String a : List.of("offset", "start", "duration", "time")) {
                if (e.hasAttribute(a)) {
                    frames(e.getAttribute(a));
                }
            }
        }
        Element sequence = (Element) doc.getElementsByTagName("sequence").item(0);
        long at = 0;
        for (Element c : Xml.children(Xml.children(sequence, "spine").get(0), "asset-clip")) {
            assertThat(frames(c.getAttribute("offset"))).isEqualTo(at);
            at += frames(c.getAttribute("duration"));
        }
        assertThat(frames(sequence.getAttribute("duration"))).isEqualTo(at).isEqualTo(timeline.frameCount());
    }

    @Test
    void read_back_the_shots_voices_music_and_captions_are_where_the_timeline_puts_them() {
        Readback r = readBack();
        long[][] expected = ExportFixture.shotFrames(timeline);
        assertThat(r.shots).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(r.shots.get(k)[0]).as("shot %d start", k + 1).isEqualTo(expected[k][0]);
            assertThat(r.shots.get(k)[1]).as("shot %d end", k + 1).isEqualTo(expected[k][1]);
            assertThat(r.shotFiles.get(k)).startsWith("./media/shot-0" + (k + 1));
        }
        assertThat(r.voices).hasSize(3);
        for (int i = 0; i < 3; i++) {
            VoiceClip v = timeline.voices().get(i);
            assertThat(r.voices.get(i)[0]).isEqualTo(timeline.format().frameAt(Timeline.micros(v.start())));
        }
        assertThat(r.voiceLanes).containsExactly(-1, -2, -1);
        long musicEnd = 0;
        for (long[] m : r.music) {
            assertThat(m[0]).isEqualTo(musicEnd);
            musicEnd = m[1];
        }
        assertThat(musicEnd).isEqualTo(timeline.frameCount());
        assertThat(r.captions).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.captions.get(0)[0]).isEqualTo(r.voices.get(0)[0]);
        assertThat(r.transitions).as("one crossfade: the first shot fades in, the third dips to black").isEqualTo(1);
    }

    /** What a small FCPXML reader finds: spans of spine clips (with their transitions) and connected clips. */
    private static final class Readback {
        final List<long[]> shots = new ArrayList<>();
        final List<String> shotFiles = new ArrayList<>();
        final List<long[]> voices = new ArrayList<>();
        final List<Integer> voiceLanes = new ArrayList<>();
        final List<long[]> music = new ArrayList<>();
        final List<long[]> captions = new ArrayList<>();
        int transitions;
    }

    private Readback readBack() {
        Map<String, String> src = new HashMap<>();
        NodeList assets = doc.getElementsByTagName("asset");
        for (int i = 0; i < assets.getLength(); i++) {
            Element a = (Element) assets.item(i);
            src.put(a.getAttribute("id"), Xml.children(a, "media-rep").get(0).getAttribute("src"));
        }
        Readback r = new Readback();
        Element spine = (Element) doc.getElementsByTagName("spine").item(0);
        List<Element> items = Xml.children(spine);
        for (int i = 0; i < items.size(); i++) {
            Element e = items.get(i);
            if (e.getTagName().equals("transition")) {
                r.transitions++;
                continue;
            }
            long offset = frames(e.getAttribute("offset"));
            long start = frames(e.getAttribute("start"));
            long end = offset + frames(e.getAttribute("duration"));
            Element before = i > 0 && items.get(i - 1).getTagName().equals("transition") ? items.get(i - 1) : null;
            Element after = i + 1 < items.size() && items.get(i + 1).getTagName().equals("transition")
                    ? items.get(i + 1) : null;
            long first = before == null ? offset : frames(before.getAttribute("offset"));
            long last = after == null ? end : frames(after.getAttribute("offset")) + frames(after.getAttribute("duration"));
            assertThat(offset - first).as("media before the cut for the transition").isLessThanOrEqualTo(start);
            r.shots.add(new long[]{first, last});
            r.shotFiles.add(src.get(e.getAttribute("ref")));
            for (Element c : Xml.children(e)) {
                if (!c.hasAttribute("offset")) {
                    continue;
                }
                long at = offset + frames(c.getAttribute("offset")) - start;
                long[] span = {at, at + frames(c.getAttribute("duration"))};
                if (c.getTagName().equals("caption")) {
                    r.captions.add(span);
                } else if ("dialogue".equals(c.getAttribute("audioRole"))) {
                    r.voices.add(span);
                    r.voiceLanes.add(Integer.parseInt(c.getAttribute("lane")));
                } else if ("music".equals(c.getAttribute("audioRole"))) {
                    r.music.add(span);
                }
            }
        }
        return r;
    }

    /** A rational time as whole frames; fails when it is not a whole number of frames. */
    private long frames(String time) {
        Matcher m = TIME.matcher(time);
        assertThat(m.matches()).as("'%s' is a rational time", time).isTrue();
        long num = Long.parseLong(m.group(1));
        long den = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
        assertThat(num * fps % den).as("'%s' is a whole number of frames", time).isZero();
        return num * fps / den;
    }
}
