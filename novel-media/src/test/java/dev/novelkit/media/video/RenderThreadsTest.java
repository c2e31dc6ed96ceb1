package dev.novelkit.media.video;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.story.CameraMove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.fadingClip;
import static dev.novelkit.media.MediaFixtures.still;
import static dev.novelkit.media.MediaFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The frames handed to the encoder do not depend on how many threads compose them, and the output file is handled
 * with care: stale temporaries of an interrupted run go, a symbolic link is written through, a folder is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderThreadsTest {
    private Path dir;
    private Timeline timeline;

    @BeforeAll
    void makeMedia(@TempDir Path tmp) throws Exception {
        assumeFfmpeg();
        dir = tmp;
        Path a = still(dir, "a.png", 480, 800, 0.55f);
        Path b = still(dir, "b.png", 800, 480, 0.05f);
        Path c = still(dir, "c.png", 360, 640, 0.3f);
        Path clip = fadingClip(dir, "clip.mp4", 320, 240, 24, 1.2);
        // every kind of frame: moves of both kinds crossfading, a clip in a crossfade, fades, a still, subtitles
        timeline = Timeline.of(VideoFormat.custom(180, 320, 25))
                .shot(ShotClip.still(a, 1.2).kenBurns(KenBurns.of(CameraMove.ZOOM_IN)).transition(Transition.fade(0.4)))
                .shot(ShotClip.still(b, 1.0).kenBurns(KenBurns.of(CameraMove.PAN_LEFT).zoom(1.3))
                        .transition(Transition.crossfade(0.4)))
                .shot(ShotClip.video(clip, 1.4).transition(Transition.crossfade(0.3)))
                .shot(ShotClip.still(c, 0.8).transition(Transition.fade(0.4)))
                .shot(ShotClip.still(a, 0.6).kenBurns(new KenBurns(CameraMove.TILT_UP, 1.2, KenBurns.Easing.LINEAR)))
                .voice(VoiceClip.of(tone(dir, "v.wav", 800, 0.9, 0.5, 22050), 0.3, "雨下了一夜，渡口的灯还亮着。"))
                .subtitles(new Subtitles(List.of(SubtitleCue.of(2.2, 3.6, "你来了。")), true, SubtitleStyle.defaults()));
    }

    @Test
    void the_frames_handed_to_the_encoder_are_the_same_whatever_the_number_of_render_threads() throws Exception {
        List<String> one = new ArrayList<>();
        List<String> four = new ArrayList<>();

        AssemblyResult r1 = VideoAssembler.defaults().preset("ultrafast").renderThreads(1).frameTap(hashes(one))
                .assemble(timeline, dir.resolve("one/video.mp4"));
        AssemblyResult r4 = VideoAssembler.defaults().preset("ultrafast").renderThreads(4).frameTap(hashes(four))
                .assemble(timeline, dir.resolve("four/video.mp4"));

        assertThat(one).hasSize((int) r1.frames()).hasSize((int) timeline.frameCount());
        assertThat(r4.frames()).isEqualTo(r1.frames());
        assertThat(four).isEqualTo(one);
        assertThat(one.stream().distinct().count()).as("moves, fades and cues make most frames differ")
                .isGreaterThan(one.size() / 2);
    }

    @Test
    void a_temporary_left_by_an_interrupted_run_is_removed_and_one_still_being_written_is_kept() throws Exception {
        Path out = dir.resolve("stale/video.mp4");
        Files.createDirectories(out.getParent());
        Path stale = Files.writeString(out.resolveSibling(".video.mp4.1234567890.part.mp4"), "half a video");
        Path busy = Files.writeString(out.resolveSibling(".video.mp4.9988776655.part.mp4"), "being written");
        Path otherOutput = Files.writeString(out.resolveSibling(".other.mp4.1234567890.part.mp4"), "not ours");

        try (FileChannel ch = FileChannel.open(busy, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            VideoAssembler.defaults().preset("ultrafast").assemble(timeline, out);
        }

        assertThat(out).isNotEmptyFile();
        assertThat(stale).doesNotExist();
        assertThat(busy).exists();
        assertThat(otherOutput).exists();
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("video.mp4", "video.srt", busy.getFileName().toString(),
                            otherOutput.getFileName().toString());
        }
    }

    @Test
    void an_output_that_is_a_symbolic_link_is_written_through_and_a_folder_is_refused() throws Exception {
        Path real = dir.resolve("linked/real.mp4");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("linked/video.mp4"), real.getFileName());

        VideoAssembler.defaults().preset("ultrafast").writeSrt(false).assemble(timeline, link);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.size(real)).isGreaterThan(1000);
        Path folder = Files.createDirectories(dir.resolve("a-folder.mp4"));
        assertThatThrownBy(() -> VideoAssembler.defaults().assemble(timeline, folder))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a-folder.mp4").hasMessageContaining("folder");
    }

    @Test
    void bad_settings_name_the_setting_and_the_value() {
        assertThatThrownBy(() -> VideoAssembler.defaults().renderThreads(0)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("renderThreads").hasMessageContaining("was 0");
        assertThatThrownBy(() -> VideoAssembler.defaults().encoderThreads(-1)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("encoderThreads");
        assertThatThrownBy(() -> VideoAssembler.defaults().crf(52)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("crf").hasMessageContaining("was 52");
        assertThatThrownBy(() -> VideoAssembler.defaults().preset("turbo")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("preset").hasMessageContaining("\"turbo\"");
        assertThatThrownBy(() -> VideoAssembler.defaults().sampleRate(22050)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("sampleRate");
        assertThatThrownBy(() -> VideoAssembler.defaults().assemble(Timeline.of(VideoFormat.PORTRAIT_1080P), dir.resolve("x.mp4")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one shot");
    }

    private static FrameTap hashes(List<String> into) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        return (index, frame) -> {
            assertThat(index).isEqualTo(into.size());
            sha.update(frame);
            into.add(HexFormat.of().formatHex(sha.digest()));
        };
    }
}
