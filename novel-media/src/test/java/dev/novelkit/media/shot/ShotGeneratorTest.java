package dev.novelkit.media.shot;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.internal.kling.KlingClient;
import dev.novelkit.media.shot.kling.KlingShotBackend;
import dev.novelkit.media.video.VideoFormat;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.novelkit.media.MediaFixtures.assumeFfmpeg;
import static dev.novelkit.media.MediaFixtures.still;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShotGeneratorTest {
    private static final RetryPolicy FAST = RetryPolicy.defaults().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5));

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    /** A backend that fails a given number of times with a given error, then writes a file. */
    private static final class Flaky implements ShotBackend {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;
        final boolean retriable;

        Flaky(int failures, boolean retriable) {
            this.failures = failures;
            this.retriable = retriable;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
            if (calls.incrementAndGet() <= failures) {
                throw BackendException.builder("flaky", "HTTP 503 server error").httpStatus(503).retriable(retriable).build();
            }
            dev.novelkit.core.io.AtomicFiles.writeString(out, "video");
            return new RenderedShot(out, "remote-1", "https://x/1.mp4");
        }
    }

    private ShotRequest request() throws Exception {
        return ShotRequest.of(still(dir, "s.png", 600, 900, 0.7f), 1).format(VideoFormat.custom(120, 200, 12));
    }

    @Test
    void a_retriable_failure_is_retried_and_the_primary_result_kept() throws Exception {
        Flaky flaky = new Flaky(2, true);
        List<String> messages = new ArrayList<>();
        ShotGenerator gen = ShotGenerator.using(flaky).retries(2).retryPolicy(FAST).listener(new ProgressListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        });
        ShotOutcome o = gen.generate(request(), dir.resolve("shot.mp4"));
        assertThat(o.backend()).isEqualTo("flaky");
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.fellBack()).isFalse();
        assertThat(o.remoteId()).isEqualTo("remote-1");
        assertThat(messages).hasSize(2).allMatch(m -> m.contains("retry"));
    }

    @Test
    void when_kling_refuses_for_good_the_shot_is_rendered_by_ken_burns_and_reported() throws Exception {
        assumeFfmpeg();
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .body("{\"code\":1102,\"message\":\"resource pack exhausted\",\"request_id\":\"r\"}").build());
        KlingClient client = KlingClient.create("ak-0123456789abcdef", "sk-0123456789abcdef")
                .baseUrl(server.url("/").toString()).retryPolicy(FAST);
        ShotGenerator gen = ShotGenerator.using(KlingShotBackend.create(client)).retries(3).retryPolicy(FAST);
        Path out = dir.resolve("shot.mp4");
        ShotOutcome o = gen.generate(request(), out);
        assertThat(o.fellBack()).isTrue();
        assertThat(o.backend()).isEqualTo("kenburns");
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.fallbackReason()).contains("kling").contains("1102");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(MediaFixtures.stream(MediaFixtures.probe(out), "video").path("codec_name").asText()).isEqualTo("h264");
    }

    @Test
    void one_unreadable_still_never_fails_the_whole_batch() throws Exception {
        assumeFfmpeg();
        Path good = still(dir, "good.png", 300, 500, 0.2f);
        Path bad = dir.resolve("bad.png");
        Files.writeString(bad, "this is not a picture");
        VideoFormat f = VideoFormat.custom(96, 160, 10);
        List<ShotOutcome> all = ShotGenerator.using(new Flaky(100, false)).retryPolicy(FAST).generateAll(List.of(
                ShotRequest.of(good, 1).format(f), ShotRequest.of(bad, 1).format(f)), dir.resolve("shots"), new Cancellation());
        assertThat(all).extracting(ShotOutcome::backend).containsExactly("kenburns", "blank");
        assertThat(all.get(1).fallbackReason()).contains("bad.png");
        assertThat(all).allMatch(o -> Files.isRegularFile(o.file()));
        assertThat(all.get(0).file().getFileName().toString()).isEqualTo("shot-001.mp4");
    }

    @Test
    void without_a_fallback_the_failure_is_thrown() throws Exception {
        ShotGenerator gen = ShotGenerator.using(new Flaky(5, false)).fallback(null).retryPolicy(FAST);
        assertThatThrownBy(() -> gen.generate(request(), dir.resolve("x.mp4"))).isInstanceOf(BackendException.class);
    }
}
