package dev.novelkit.media.shot;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.MediaFixtures;
import dev.novelkit.media.kling.KlingClient;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A remote backend that fails a given number of times with a given error, then writes a file; its calls go
     * through its own RemoteService, as every remote backend's do.
     */
    private static final class Flaky implements ShotBackend {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;
        final BackendException error;
        final RemoteService service = RemoteService.of("flaky", RemoteLimits.of(2).retryPolicy(FAST)
                .throttleBudget(Duration.ofMillis(200)));

        Flaky(int failures, boolean retriable) {
            this(failures, BackendException.builder("flaky", "HTTP 503 server error").httpStatus(503)
                    .retriable(retriable).build());
        }

        Flaky(int failures, BackendException error) {
            this.failures = failures;
            this.error = error;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Optional<RemoteService> remoteService() {
            return Optional.of(service);
        }

        @Override
        public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
            return service.runCall("render " + out.getFileName(), cancellation, () -> {
                if (calls.incrementAndGet() <= failures) {
                    throw error;
                }
                dev.novelkit.core.io.AtomicFiles.writeString(out, "video");
                return new RenderedShot(out, "remote-1", "https://x/1.mp4");
            });
        }
    }

    private ShotRequest request() throws Exception {
        return ShotRequest.of(still(dir, "s.png", 600, 900, 0.7f), 1).format(VideoFormat.custom(120, 200, 12));
    }

    @Test
    void a_retriable_failure_is_retried_by_the_backends_service_and_the_primary_result_kept() throws Exception {
        Flaky flaky = new Flaky(2, true);
        List<String> messages = new CopyOnWriteArrayList<>();
        ShotGenerator gen = ShotGenerator.of(flaky);
        ShotOutcome o;
        try (RemoteService.Watch ignored = flaky.service.watch(new ProgressListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        })) {
            o = gen.generate(request(), dir.resolve("shot.mp4"));
        }
        assertThat(o.backend()).isEqualTo("flaky");
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.fellBack()).isFalse();
        assertThat(o.remoteId()).isEqualTo("remote-1");
        assertThat(messages).hasSize(2).allMatch(m -> m.contains("retry"));
    }

    @Test
    void a_shot_the_service_keeps_refusing_for_its_limits_never_falls_back() throws Exception {
        BackendException refused = BackendException.builder("flaky", "code 1303 concurrency limit").throttled(true)
                .retryAfter(Duration.ofMillis(20)).build();
        Flaky flaky = new Flaky(1000, refused);

        assertThatThrownBy(() -> ShotGenerator.of(flaky).generate(request(), dir.resolve("shot.mp4")))
                .isInstanceOf(BackendException.class).matches(e -> ((BackendException) e).isThrottled());
        assertThat(flaky.calls.get()).isGreaterThan(1);
        assertThat(dir.resolve("shot.mp4")).doesNotExist();
    }

    @Test
    void when_kling_refuses_for_good_the_shot_is_rendered_by_ken_burns_and_reported() throws Exception {
        assumeFfmpeg();
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .body("{\"code\":1102,\"message\":\"resource pack exhausted\",\"request_id\":\"r\"}").build());
        KlingClient client = KlingClient.of("ak-0123456789abcdef", "sk-0123456789abcdef")
                .baseUrl(server.url("/").toString()).retryPolicy(FAST);
        ShotGenerator gen = ShotGenerator.of(KlingShotBackend.of(client));
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
        List<ShotOutcome> all = ShotGenerator.of(new Flaky(100, false)).generateAll(List.of(
                ShotRequest.of(good, 1).format(f), ShotRequest.of(bad, 1).format(f)), dir.resolve("shots"), new Cancellation());
        assertThat(all).extracting(ShotOutcome::backend).containsExactly("kenburns", "blank");
        assertThat(all.get(1).fallbackReason()).contains("bad.png");
        assertThat(all).allMatch(o -> Files.isRegularFile(o.file()));
        assertThat(all.get(0).file().getFileName().toString()).isEqualTo("shot-001.mp4");
    }

    @Test
    void without_a_fallback_the_failure_is_thrown() throws Exception {
        ShotGenerator gen = ShotGenerator.of(new Flaky(5, false)).fallback(null);
        assertThatThrownBy(() -> gen.generate(request(), dir.resolve("x.mp4"))).isInstanceOf(BackendException.class);
    }
}
