package dev.novelkit.pipeline;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardJson;
import dev.novelkit.dataset.storyboard.LlmStoryboardExtractor;
import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.media.image.sdwebui.SdWebUiImageGenerator;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The video job against a hostile first week: a person's edits to its files, a failing picture or storyboard
 * backend, leftovers of interrupted runs, a second run on the same folder, and the library default matching the CLI.
 */
class EditsFallbacksAndLeftoversTest {
    @TempDir
    Path dir;
    @StartStop
    final MockWebServer server = new MockWebServer();

    private static NovelToVideo quiet(int shots) {
        return NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(shots))
                .format(VideoFormat.custom(270, 480, 10)).voices(null, false).music(null, false);
    }

    private Path novel(String text) throws IOException {
        return Files.writeString(dir.resolve("novel.txt"), text, StandardCharsets.UTF_8);
    }

    private static StepReport step(VideoRun run, String name) {
        return run.steps().stream().filter(s -> s.step().equals(name)).findFirst().orElseThrow();
    }

    /** A copy of the storyboard with the first shot's narration replaced. */
    private static void editFirstNarration(Path file, String narration) {
        Storyboard b = StoryboardJson.read(file);
        List<Shot> shots = new ArrayList<>(b.shots());
        Shot s = shots.get(0);
        shots.set(0, new Shot(s.id(), s.sceneId(), s.characters(), s.imageDescription(), s.camera(), narration,
                s.dialogue(), s.seconds()));
        StoryboardJson.write(new Storyboard(b.title(), b.characters(), b.scenes(), shots), file);
    }

    @Test
    void an_edited_storyboard_is_kept_when_the_settings_or_the_novel_change_and_what_no_longer_matches_is_said()
            throws IOException {
        Path input = novel(NovelToVideoTest.NOVEL);
        Path out = dir.resolve("out");
        quiet(4).run(input, out);
        Path storyboard = out.resolve("storyboard.json");
        editFirstNarration(storyboard, "我改过的旁白。");
        List<String> messages = new CopyOnWriteArrayList<>();

        VideoRun other = quiet(3).run(input, out, messages(messages));

        assertThat(StoryboardJson.read(storyboard).shots().get(0).narration()).isEqualTo("我改过的旁白。");
        assertThat(other.shots()).isEqualTo(4);
        assertThat(step(other, "storyboard").note()).contains("kept your edited storyboard.json")
                .contains("made with other storyboard settings (maxShots 4 → 3)");
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("storyboard: kept your edited"));

        Files.writeString(input, NovelToVideoTest.NOVEL.replace("周伯", "吴伯"), StandardCharsets.UTF_8);
        VideoRun changedNovel = quiet(3).run(input, out);

        assertThat(StoryboardJson.read(storyboard).shots().get(0).narration()).isEqualTo("我改过的旁白。");
        assertThat(step(changedNovel, "storyboard").note()).contains("the novel changed since it was made")
                .contains("the novel has no 周伯");
    }

    @Test
    void a_storyboard_nobody_edited_is_made_again_when_the_settings_change() throws IOException {
        Path input = novel(NovelToVideoTest.NOVEL);
        Path out = dir.resolve("out");
        quiet(4).run(input, out);

        VideoRun fewer = quiet(2).run(input, out);

        assertThat(fewer.shots()).isEqualTo(2);
        assertThat(StoryboardJson.read(out.resolve("storyboard.json")).shots()).hasSize(2);
        assertThat(step(fewer, "storyboard").made()).isEqualTo(1);
    }

    @Test
    void an_edited_timeline_is_set_aside_with_the_edit_and_said_before_a_new_one_is_written() throws IOException {
        Path input = novel(NovelToVideoTest.NOVEL);
        Path out = dir.resolve("out");
        quiet(2).run(input, out);
        Path timeline = out.resolve("timeline.json");
        String edited = Files.readString(timeline).replace("\"fps\" : 10", "\"fps\" : 12");
        Files.writeString(timeline, edited);

        VideoRun again = quiet(2).run(input, out);

        List<Path> aside;
        try (Stream<Path> files = Files.list(out)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("timeline.edited-")).toList();
        }
        assertThat(aside).singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo(edited));
        assertThat(Files.readString(timeline)).isNotEqualTo(edited);
        assertThat(step(again, "video").note()).contains("your edits kept as " + aside.get(0).getFileName());

        VideoRun third = quiet(2).run(input, out);
        assertThat(step(third, "video").note()).doesNotContain("your edits");
    }

    @Test
    void pictures_a_failing_image_backend_cannot_make_become_story_cards_and_the_next_run_asks_again()
            throws IOException {
        AtomicBoolean healthy = new AtomicBoolean(false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!healthy.get()) {
                    return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
                            .body("{\"error\":\"OutOfMemoryError\",\"detail\":\"CUDA out of memory\"}").build();
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"images\":[\"" + png() + "\"],\"parameters\":{},\"info\":\"{\\\"seed\\\": 7}\"}")
                        .build();
            }
        });
        NovelToVideo job = quiet(3).images(SdWebUiImageGenerator.fromEnv(
                Map.of("SD_WEBUI_URL", server.url("/").toString())));
        Path input = novel(NovelToVideoTest.NOVEL);
        Path out = dir.resolve("out");

        VideoRun broken = job.run(input, out);

        assertThat(broken.video()).isNotEmptyFile();
        assertThat(step(broken, "images").note()).startsWith("3 fell back to story cards: shot-01: sdwebui: HTTP 400")
                .contains("CUDA out of memory");
        assertThat(step(broken, "characters").note()).contains("fell back to story cards: character ");
        assertThat(step(broken, "images").costUsd()).isZero();

        healthy.set(true);
        int before = server.getRequestCount();
        VideoRun mended = job.run(input, out);

        assertThat(server.getRequestCount() - before).as("every picture asked for again")
                .isEqualTo(3 + broken.characters());
        assertThat(step(mended, "images").note()).isEmpty();
        assertThat(step(mended, "images").made()).isEqualTo(3);
    }

    @Test
    void a_chapter_whose_storyboard_answer_is_malformed_is_made_offline_and_the_video_is_still_made()
            throws IOException {
        ChatModel babbling = new ChatModel() {
            @Override
            public String name() {
                return "babbling";
            }

            @Override
            public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
                return new ChatResponse("当然！这是分镜：（没有JSON）", TokenUsage.ZERO, FinishReason.STOP, "m");
            }
        };
        NovelToVideo job = quiet(4).storyboard(LlmStoryboardExtractor.of(babbling).maxRepairs(1).maxShots(4));

        VideoRun run = job.run(novel(NovelToVideoTest.NOVEL), dir.resolve("out"));

        assertThat(run.video()).isNotEmptyFile();
        assertThat(run.shots()).isPositive();
        assertThat(step(run, "storyboard").note()).contains("2 of 2 chapters by the fallback extractor")
                .contains("chapter 1 '第一章 渡口' by offline").contains("still invalid after 2 attempts");
    }

    @Test
    void temporaries_that_interrupted_runs_left_are_removed_on_the_next_run() throws IOException {
        Path input = novel(NovelToVideoTest.NOVEL);
        Path out = dir.resolve("out");
        quiet(2).run(input, out);
        List<Path> leftovers = List.of(
                Files.writeString(out.resolve("work/images/0123456789abcdef.part.png"), "half"),
                Files.writeString(out.resolve("work/.storyboard.key.4821.tmp"), "half"),
                Files.writeString(out.resolve("work/images/.0123456789abcdef.part.png.77.tmp"), "half"),
                Files.writeString(out.resolve(".timeline.json.991.tmp"), "half"),
                Files.writeString(out.resolve(".video.mp4.1234.part.mp4"), "half"));
        List<String> messages = new CopyOnWriteArrayList<>();

        quiet(2).run(input, out, messages(messages));

        assertThat(leftovers).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("removed 3 temporary files"));
        assertThat(out.resolve("video.mp4")).isNotEmptyFile();
    }

    @Test
    void a_second_run_on_the_same_folder_is_refused_while_the_first_runs() throws Exception {
        Path input = novel(NovelToVideoTest.NOVEL);
        Path out = dir.resolve("out");
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ProgressListener blocking = new ProgressListener() {
            @Override
            public void onMessage(String message) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Job<VideoRun> first = quiet(2).start(input, out, blocking)) {
            assertThat(started.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> quiet(2).run(input, out)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("another run is using this output folder");

            release.countDown();
            assertThat(first.await().video()).isNotEmptyFile();
        }
        assertThat(quiet(2).run(input, out).video()).isNotEmptyFile();
    }

    @Test
    void the_library_default_speaks_with_espeak_ng_like_the_command_line() throws IOException {
        Assumptions.assumeTrue(EspeakVoiceBackend.isAvailable(), "espeak-ng is not installed");

        VideoRun run = NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(2))
                .format(VideoFormat.custom(270, 480, 10)).music(null, false)
                .run(novel(NovelToVideoTest.NOVEL), dir.resolve("out"));

        assertThat(step(run, "voices").backend()).isEqualTo("espeak");
        assertThat(step(run, "voices").made()).isEqualTo(run.voiceLines()).isPositive();
    }

    private static ProgressListener messages(List<String> into) {
        return new ProgressListener() {
            @Override
            public void onMessage(String message) {
                into.add(message);
            }
        };
    }

    private static String png() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", bytes);
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
