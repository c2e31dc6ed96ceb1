package dev.novelkit.pipeline;

import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.video.VideoFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.novelkit.pipeline.NovelToVideoTest.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work folder keys every picture by what decides it, the backend's {@link ImageGenerator#identity()} included:
 * the same backend name with another model (or server) makes the pictures again instead of reusing the old ones,
 * and the same identity reuses them.
 */
class BackendIdentityTest {
    /** A one-chapter novel with two speakers: two shots, quick to make. */
    static final String NOVEL = """
            第一章 渡口

            雨下了一夜，林晚舟撑着伞来到渡口。
            “船还走吗？”林晚舟问。
            周伯摇了摇头：“等天亮吧。”
            """;

    /** Story cards under a backend name shared by two "models", counting the pictures it really draws. */
    static final class Model implements ImageGenerator {
        private final String model;
        private final AtomicInteger drawn;
        private final StoryCardRenderer cards = StoryCardRenderer.defaults();

        Model(String model, AtomicInteger drawn) {
            this.model = model;
            this.drawn = drawn;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String identity() {
            return "fake http://images.test/v1 " + model;
        }

        @Override
        public GeneratedImage generate(ImageRequest request) {
            drawn.incrementAndGet();
            return cards.generate(request);
        }
    }

    private static NovelToVideo job(ImageGenerator images) {
        return NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(2))
                .format(VideoFormat.custom(180, 320, 8)).voices(null, false).music(null, false).images(images);
    }

    @Test
    void another_model_behind_the_same_backend_name_makes_the_pictures_again(@TempDir Path dir) throws Exception {
        Path novel = Files.writeString(dir.resolve("novel.txt"), NOVEL, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        AtomicInteger first = new AtomicInteger();
        AtomicInteger same = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();

        VideoRun made = job(new Model("model-a", first)).run(novel, out);
        VideoRun again = job(new Model("model-a", same)).run(novel, out);
        VideoRun switched = job(new Model("model-b", other)).run(novel, out);

        assertThat(first.get()).isPositive();
        assertThat(step(made, "images").made()).isPositive();
        assertThat(same.get()).as("the same model: every picture reused").isZero();
        assertThat(step(again, "images").made()).isZero();
        assertThat(other.get()).as("another model: every picture made again").isEqualTo(first.get());
        assertThat(step(switched, "images").reused()).isZero();
    }
}
