package dev.novelkit.media.video.export;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.VoiceClip;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorExportTest {
    private Path dir;
    private Timeline timeline;
    private ExportResult result;
    private Path out;

    @BeforeAll
    void exportOnce(@TempDir Path tmp) throws Exception {
        MediaFixtures.assumeFfmpeg();
        dir = tmp;
        out = dir.resolve("out");
        timeline = ExportFixture.sample(dir);
        result = EditorExport.all().export(timeline, out);
    }

    @Test
    void writes_three_projects_and_an_srt_beside_them() {
        assertThat(result.projects()).containsExactly(out.resolve("project.mlt"), out.resolve("project.fcpxml"),
                out.resolve("project.otio"));
        assertThat(result.subtitles()).isEqualTo(out.resolve("project.srt"));
        assertThat(out.resolve("project.srt")).content().contains("第一句话。", "同时说的第二句。");
        assertThat(result.shotsRendered()).isEqualTo(3);
        assertThat(result.warnings()).singleElement().asString().contains("voices[2]", "cut");
    }

    @Test
    void stills_become_mp4s_of_exactly_their_frames_and_outside_media_is_copied_in() throws Exception {
        try (Stream<Path> media = Files.list(out.resolve("media"))) {
            assertThat(media.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize(4)
                    .anySatisfy(n -> assertThat(n).startsWith("outside-music-").endsWith(".wav"))
                    .filteredOn(n -> n.startsWith("shot-")).hasSize(3);
        }
        Path shot2 = singleMedia("shot-02-");
        long frames = MediaFixtures.stream(MediaFixtures.probe(shot2), "video").path("nb_frames").asLong();
        List<Long> starts = timeline.shotStartsMicros();
        long expected = timeline.format().frameAt(starts.get(1) + Timeline.micros(2.05)) - timeline.format().frameAt(starts.get(1));
        assertThat(frames).isEqualTo(expected);
        assertThat(Files.readString(out.resolve("project.mlt"))).doesNotContain(dir.toString());
    }

    @Test
    void a_second_export_reuses_the_rendered_shots() {
        ExportResult again = EditorExport.of(new OtioExporter()).export(timeline, out);
        assertThat(again.shotsRendered()).isZero();
        assertThat(again.shotsReused()).isEqualTo(3);
    }

    @Test
    void a_missing_media_file_exports_nothing_and_names_the_file() throws Exception {
        Path fresh = dir.resolve("fresh");
        Path gone = dir.resolve("gone.wav");
        Timeline broken = Timeline.of(timeline.format())
                .shot(timeline.shots().get(0))
                .voice(VoiceClip.of(gone, 0.2, "不在了"));

        assertThatThrownBy(() -> EditorExport.all().export(broken, fresh))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("voices[0]").hasMessageContaining(gone.toString())
                .hasMessageContaining("nothing was exported");
        assertThat(fresh).doesNotExist();
    }

    @Test
    void several_missing_files_are_all_named() {
        Timeline broken = Timeline.of(timeline.format())
                .shot(ShotClip.still(dir.resolve("no.png"), 1))
                .music(Music.of(dir.resolve("no-music.mp3"), 0.3));

        assertThatThrownBy(() -> EditorExport.all().export(broken, dir.resolve("fresh2")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 media files are missing")
                .hasMessageContaining("shots[0].image " + dir.resolve("no.png"))
                .hasMessageContaining("music " + dir.resolve("no-music.mp3"));
        assertThat(dir.resolve("fresh2")).doesNotExist();
    }

    @Test
    void an_unreadable_picture_fails_before_anything_is_written() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.png"), "not a picture");
        Timeline broken = Timeline.of(timeline.format()).shot(timeline.shots().get(0)).shot(ShotClip.still(bad, 1));

        assertThatThrownBy(() -> EditorExport.all().export(broken, dir.resolve("fresh3")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("shots[1].image").hasMessageContaining("bad.png");
        assertThat(dir.resolve("fresh3")).doesNotExist();
    }

    @Test
    void settings_are_checked_where_they_are_set() {
        assertThatThrownBy(() -> EditorExport.of(List.of())).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("exporters");
        assertThatThrownBy(() -> EditorExport.all().projectName("../up")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("projectName");
        assertThatThrownBy(() -> EditorExport.of(new MltExporter(), new MltExporter()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining(".mlt");
        assertThatThrownBy(() -> EditorExporter.parse("mlt,premiere")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("premiere").hasMessageContaining("mlt, fcpxml or otio");
        assertThat(EditorExporter.parse(" MLT, otio,mlt ")).extracting(EditorExporter::name).containsExactly("mlt", "otio");
    }

    private Path singleMedia(String prefix) throws Exception {
        try (Stream<Path> media = Files.list(out.resolve("media"))) {
            return media.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

}
