package dev.novelkit.media.video.export;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;
import dev.novelkit.media.video.export.internal.Xml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.novelkit.media.MediaFixtures.decodeAudio;
import static dev.novelkit.media.MediaFixtures.grayFrames;
import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trip: an exported MLT project, edited as a Shotcut user would, read back into a timeline NovelKit renders. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MltImportTest {
    private static final int W = 160;
    private static final int H = 284;
    private static final int FPS = 12;
    private static final int RATE = 16_000;

    private Path dir;
    private Timeline timeline;
    private Path project;

    @BeforeAll
    void export(@TempDir Path tmp) throws Exception {
        MediaFixtures.assumeFfmpeg();
        dir = tmp;
        Path work = Files.createDirectories(dir.resolve("out/work"));
        timeline = Timeline.of(VideoFormat.custom(W, H, FPS))
                .shot(ShotClip.still(still(work, "a.png", 320, 568, 0.15f), 2.0))
                .shot(ShotClip.still(still(work, "b.png", 568, 320, 0.45f), 2.2537414965987).kenBurns(KenBurns.of(CameraMove.ZOOM_OUT)))
                .shot(ShotClip.still(still(work, "c.png", 320, 568, 0.75f), 2.0).transition(Transition.crossfade(0.5)))
                .voice(VoiceClip.of(tone(work, "v1.wav", 1000, 0.7, 0.5, 16000), 0.30312925170068, "晚舟站在渡口。").speaker("旁白"))
                .voice(VoiceClip.of(tone(work, "v2.wav", 1000, 0.6, 0.5, 16000), 2.4, "再等一等吧。").speaker("晚舟"))
                .voice(VoiceClip.of(tone(work, "v0.wav", 1000, 0.3, 0.5, 16000), 4.6, "轻声。").volume(0.8))
                .music(Music.of(tone(work, "m.wav", 220, 3.0, 0.5, 22050), 0.5))
                .subtitles(Subtitles.fromVoiceClips());
        project = EditorExport.of(new MltExporter()).export(timeline, dir.resolve("out")).projects().get(0);
    }

    @Test
    void an_unchanged_export_reads_back_to_the_same_timeline() {
        MltImport.Result r = MltImport.read(project);

        assertThat(r.notTakenOver()).isEmpty();
        assertThat(r.notes()).isEmpty();
        assertThat(r.timeline().toJson(project.getParent())).isEqualTo(timeline.toJson(project.getParent()));
    }

    @Test
    void reordered_shots_and_a_shifted_voice_line_render_as_melt_renders_the_edited_file() throws Exception {
        Melt.require();
        Document doc = Xml.read(project);
        Element shots = playlist(doc, "shots");
        // the user drags shot 1 to the end (Shotcut removes the crossfade tractor's neighbours' join: here none)
        List<Element> entries = Xml.children(shots, "entry");
        Element first = entries.get(0);
        shots.removeChild(first);
        shots.appendChild(first);
        // ... and moves the second voice line 9 frames later
        Element voices = playlist(doc, "voices");
        List<Element> blanks = Xml.children(voices, "blank");
        Element gap = blanks.get(1);
        gap.setAttribute("length", Long.toString(Long.parseLong(gap.getAttribute("length")) + 9));
        Path edited = write(doc, "edited.mlt");

        MltImport.Result r = MltImport.read(edited);

        assertThat(r.notTakenOver()).isEmpty();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("再等一等吧", "moved"));
        Timeline t = r.timeline();
        assertThat(t.shots()).extracting(s -> s.file().getFileName().toString()).containsExactly("b.png", "c.png", "a.png");
        assertThat(t.shots().get(1).transition()).isEqualTo(Transition.crossfade(0.5));
        assertThat(t.shots().get(0).kenBurns()).isEqualTo(KenBurns.of(CameraMove.ZOOM_OUT));
        long v2 = timeline.format().frameAt(Timeline.micros(2.4)) + 9;
        assertThat(t.voices().get(1).start()).isEqualTo(v2 / (double) FPS);
        assertThat(t.voices().get(0).start()).as("an unmoved line keeps its exact start").isEqualTo(0.30312925170068);
        assertThat(t.voices().get(2).volume()).isEqualTo(0.8);

        Path ours = VideoAssembler.defaults().assemble(t, dir.resolve("roundtrip/video.mp4")).file();
        Path theirs = Melt.render(edited, dir.resolve("roundtrip/melt.mp4"), dir);
        List<byte[]> a = grayFrames(ours, W, H);
        List<byte[]> b = grayFrames(theirs, W, H);
        assertThat(Math.abs(a.size() - b.size())).isLessThanOrEqualTo(1);
        for (int mid : MltExportMeltTest.midpoints(t)) {
            byte[] top1 = java.util.Arrays.copyOf(a.get(mid), W * (H * 7 / 10));
            byte[] top2 = java.util.Arrays.copyOf(b.get(mid), W * (H * 7 / 10));
            assertThat(MediaFixtures.grayDiff(top1, top2)).as("frame %d", mid).isLessThan(MltExportMeltTest.PICTURE_BOUND);
        }
        float[] sa = decodeAudio(ours, RATE);
        float[] sb = decodeAudio(theirs, RATE);
        for (VoiceClip v : t.voices()) {
            float[] line = decodeAudio(v.file(), RATE);
            double melt = Melt.placement(sb, line, RATE, v.start());
            assertThat(Math.abs(melt - v.start())).isLessThanOrEqualTo(1.0 / FPS);
            assertThat(Math.abs(Melt.placement(sa, line, RATE, v.start()) - melt)).isLessThanOrEqualTo(1.0 / FPS);
        }
        String srt = Files.readString(ours.resolveSibling("video.srt"), StandardCharsets.UTF_8);
        assertThat(srt).as("NovelKit's subtitle follows the moved line").contains(srtTime(v2 / (double) FPS) + " --> ");
    }

    @Test
    void shotcut_clock_times_read_the_same_as_frames() throws Exception {
        String text = Files.readString(project, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(in|out|length)=\"(\\d+)\"").matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, m.group(1) + "=\"" + clock(Long.parseLong(m.group(2))) + "\"");
        }
        m.appendTail(b);
        Path clock = Files.writeString(project.resolveSibling("clock.mlt"), b.toString(), StandardCharsets.UTF_8);

        MltImport.Result r = MltImport.read(clock);

        assertThat(b.toString()).contains("in=\"00:00:00.000\"");
        assertThat(r.notTakenOver()).isEmpty();
        assertThat(r.timeline().toJson(project.getParent())).isEqualTo(timeline.toJson(project.getParent()));
    }

    @Test
    void what_it_cannot_take_over_is_listed_one_line_each() throws Exception {
        Document doc = Xml.read(project);
        Element shot2 = byId(doc, "shot2");
        Element sepia = doc.createElement("filter");
        Element service = doc.createElement("property");
        service.setAttribute("name", "mlt_service");
        service.setTextContent("sepia");
        sepia.appendChild(service);
        shot2.appendChild(sepia);
        Element entry = Xml.children(playlist(doc, "shots"), "entry").get(0);
        entry.setAttribute("in", "3");
        Element cue = byId(doc, "cue1");
        for (Element f : Xml.children(cue, "filter")) {
            for (Element p : Xml.children(f, "property")) {
                if (p.getAttribute("name").equals("argument")) {
                    p.setTextContent("改过的字幕");
                }
            }
        }
        Element extra = doc.createElement("playlist");
        extra.setAttribute("id", "mine");
        Element e = doc.createElement("entry");
        e.setAttribute("producer", "voice1");
        e.setAttribute("in", "0");
        e.setAttribute("out", "3");
        extra.appendChild(e);
        Element main = byId(doc, "main");
        doc.getDocumentElement().insertBefore(extra, main);
        Element track = doc.createElement("track");
        track.setAttribute("producer", "mine");
        main.insertBefore(track, Xml.children(main, "transition").get(0));
        Path edited = write(doc, "unsupported.mlt");

        MltImport.Result r = MltImport.read(edited);

        assertThat(r.notTakenOver()).hasSize(4).anySatisfy(n -> assertThat(n).contains("sepia", "shot 2"))
                .anySatisfy(n -> assertThat(n).contains("shot 1", "starts 3 frames into its clip"))
                .anySatisfy(n -> assertThat(n).contains("subtitle '改过的字幕'", "voice lines"))
                .anySatisfy(n -> assertThat(n).contains("track 'mine'", "1 clip"));
        assertThat(r.timeline().shots()).hasSize(3);
    }

    @Test
    void a_project_that_is_not_a_novelkit_export_is_refused_naming_it() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.mlt"), "<mlt><profile width=\"160\" height=\"284\" "
                + "frame_rate_num=\"12\" frame_rate_den=\"1\"/><tractor id=\"t\"/></mlt>");
        assertThatThrownBy(() -> MltImport.read(plain)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(plain.toString()).hasMessageContaining("not a NovelKit export");
        Path broken = Files.writeString(dir.resolve("broken.mlt"), "<mlt><tractor");
        assertThatThrownBy(() -> MltImport.read(broken)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(broken.toString()).hasMessageContaining("not well-formed");
    }

    @Test
    void a_media_file_that_went_missing_is_named() throws Exception {
        Document doc = Xml.read(project);
        for (Element p : Xml.children(byId(doc, "voice2"), "property")) {
            if (p.getAttribute("name").equals("resource")) {
                p.setTextContent("work/nowhere.wav");
            }
        }
        Path edited = write(doc, "missing.mlt");
        assertThatThrownBy(() -> MltImport.read(edited)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("work/nowhere.wav").hasMessageContaining("no such file")
                .hasMessageContaining("再等一等吧");
    }

    private static Element playlist(Document doc, String id) {
        return byId(doc, id);
    }

    private static Element byId(Document doc, String id) {
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element " + id);
    }

    private Path write(Document doc, String name) throws Exception {
        Path out = project.resolveSibling(name);
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out.toFile()));
        return out;
    }

    private static String clock(long frames) {
        double s = frames / (double) FPS;
        int h = (int) (s / 3600);
        int m = (int) (s / 60 % 60);
        return String.format(Locale.ROOT, "%02d:%02d:%06.3f", h, m, s % 60);
    }

    private static String srtTime(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
