package dev.novelkit.pipeline;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.dataset.storyboard.OfflineStoryboardExtractor;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.lipsync.LipSync;
import dev.novelkit.media.lipsync.LipSyncRequest;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.shot.ShotGenerator;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.voice.VoiceBackend;
import dev.novelkit.media.voice.VoiceProfile;
import dev.novelkit.media.voice.VoiceSynth;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The video job's overlapping phase against in-process remote backends that go through their own RemoteService:
 * stages overlap (proved with latches a serial pipeline could never release), every backend stays within its limit,
 * and the output does not depend on the order in which answers arrive.
 */
class StageOverlapTest {
    private static final VideoFormat FORMAT = VideoFormat.custom(180, 320, 8);
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    /**
     * Counts units in flight and their peak. The first two units meet before going on, so a backend that got its
     * work one unit at a time would wait here in vain.
     */
    static final class Gauge {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final CyclicBarrier firstTwo = new CyclicBarrier(2);

        void enter() {
            int n = calls.incrementAndGet();
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            if (n <= 2) {
                try {
                    firstTwo.await(GENEROUS.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException("fake backend");
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new AssertionError("the first two units never ran at the same time", e);
                }
            }
        }

        void leave() {
            now.decrementAndGet();
        }
    }

    /**
     * Pictures after a random pause. With latches, every shot picture after the first waits until a shot and a
     * voice have started: a pipeline that made all pictures before any shot or voice would never finish.
     */
    static final class SlowPictures implements ImageGenerator {
        final RemoteService service = RemoteService.of("fake-images", RemoteLimits.of(3));
        final Gauge gauge = new Gauge();
        final AtomicInteger shotPictures = new AtomicInteger();
        final Random random;
        final CountDownLatch shotStarted;
        final CountDownLatch voiceStarted;
        final boolean latches;

        SlowPictures(long seed, CountDownLatch shotStarted, CountDownLatch voiceStarted, boolean latches) {
            this.random = new Random(seed);
            this.shotStarted = shotStarted;
            this.voiceStarted = voiceStarted;
            this.latches = latches;
        }

        @Override
        public String name() {
            return "fake-images";
        }

        @Override
        public Optional<RemoteService> remoteService() {
            return Optional.of(service);
        }

        @Override
        public GeneratedImage generate(ImageRequest request) {
            return generate(request, new Cancellation());
        }

        @Override
        public GeneratedImage generate(ImageRequest request, Cancellation cancellation) {
            return service.runCall("picture", cancellation, () -> {
                gauge.enter();
                try {
                    pause(random, 40);
                    if (latches && request.scene() != null && shotPictures.incrementAndGet() > 1) {
                        await(shotStarted, "a shot to start before the last picture exists");
                        await(voiceStarted, "a voice to start while pictures are being made");
                    }
                    return picture(request);
                } finally {
                    gauge.leave();
                }
            });
        }
    }

    /** Shots after a random pause, rendered by Ken Burns so the assembler gets real video. */
    static final class SlowShots implements ShotBackend {
        final RemoteService service = RemoteService.of("fake-shots", RemoteLimits.of(2));
        final Gauge gauge = new Gauge();
        final Random random;
        final CountDownLatch started;
        final KenBurnsShotRenderer kenBurns = KenBurnsShotRenderer.defaults();
        /** The "service's" videos by id, as Kling keeps them for lip-sync. */
        final java.util.Map<String, byte[]> videos = new java.util.concurrent.ConcurrentHashMap<>();

        SlowShots(long seed, CountDownLatch started) {
            this.random = new Random(seed);
            this.started = started;
        }

        @Override
        public String name() {
            return "fake-shots";
        }

        @Override
        public Optional<RemoteService> remoteService() {
            return Optional.of(service);
        }

        @Override
        public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
            return service.runCall("shot", cancellation, () -> {
                started.countDown();
                gauge.enter();
                try {
                    pause(random, 60);
                    RenderedShot r = kenBurns.render(request, out, cancellation);
                    String id = "vid-" + Integer.toHexString(request.prompt().hashCode());
                    try {
                        videos.put(id, Files.readAllBytes(r.file()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return new RenderedShot(r.file(), id, "");
                } finally {
                    gauge.leave();
                }
            });
        }
    }

    /** Voice lines after a random pause: a tone as long as the text. */
    static final class SlowVoices implements VoiceBackend {
        final RemoteService service = RemoteService.of("fake-voices", RemoteLimits.of(4));
        final Gauge gauge = new Gauge();
        final Random random;
        final CountDownLatch started;

        SlowVoices(long seed, CountDownLatch started) {
            this.random = new Random(seed);
            this.started = started;
        }

        @Override
        public String name() {
            return "fake-voices";
        }

        @Override
        public String defaultVoice() {
            return "tone";
        }

        @Override
        public Optional<RemoteService> remoteService() {
            return Optional.of(service);
        }

        @Override
        public void synthesize(String text, VoiceProfile profile, Path out) {
            synthesize(text, profile, out, new Cancellation());
        }

        @Override
        public void synthesize(String text, VoiceProfile profile, Path out, Cancellation cancellation) {
            service.runCall("voice", cancellation, () -> {
                started.countDown();
                gauge.enter();
                try {
                    pause(random, 30);
                    AtomicFiles.writeBytes(out, tone(0.2 + 0.05 * text.codePointCount(0, text.length())));
                    return null;
                } finally {
                    gauge.leave();
                }
            });
        }
    }

    /** Lip-sync that checks its inputs exist, then hands back the service's video; may refuse some shots. */
    static final class SlowLipSync implements LipSync {
        final RemoteService service = RemoteService.of("fake-lipsync", RemoteLimits.of(2));
        final SlowShots shots;
        final List<LipSyncRequest> requests = new CopyOnWriteArrayList<>();
        final java.util.Set<String> refuse;

        SlowLipSync(SlowShots shots, java.util.Set<String> refuse) {
            this.shots = shots;
            this.refuse = refuse;
        }

        @Override
        public String name() {
            return "fake-lipsync";
        }

        @Override
        public Optional<RemoteService> remoteService() {
            return Optional.of(service);
        }

        @Override
        public Path sync(LipSyncRequest request, Path out, Cancellation cancellation) {
            return service.runCall("lip-sync", cancellation, () -> {
                requests.add(request);
                byte[] video = shots.videos.get(request.videoId());
                assertThat(video).as("the shot exists before its lip-sync").isNotNull();
                assertThat(request.audioFile()).as("the voices exist before the lip-sync").isRegularFile();
                if (refuse.contains(request.videoId())) {
                    throw dev.novelkit.core.BackendException.builder("fake-lipsync", "no face found").build();
                }
                AtomicFiles.writeBytes(out, video);
                return out;
            });
        }
    }

    private record Fakes(SlowPictures pictures, SlowShots shots, SlowVoices voices, NovelToVideo job) {
    }

    private static Fakes fakes(long seed, boolean latches) {
        CountDownLatch shotStarted = new CountDownLatch(1);
        CountDownLatch voiceStarted = new CountDownLatch(1);
        SlowPictures pictures = new SlowPictures(seed, shotStarted, voiceStarted, latches);
        SlowShots shots = new SlowShots(seed + 1, shotStarted);
        SlowVoices voices = new SlowVoices(seed + 2, voiceStarted);
        NovelToVideo job = NovelToVideo.offline().storyboard(OfflineStoryboardExtractor.defaults().maxShots(4))
                .format(FORMAT).images(pictures).shots(ShotGenerator.of(shots).fallback(null))
                .voices(VoiceSynth.of(voices), true).music(null, false);
        return new Fakes(pictures, shots, voices, job);
    }

    @Test
    void a_shot_starts_before_the_last_picture_exists_and_voices_run_beside_them(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Probe.available(), "ffmpeg is not installed");
        Fakes fakes = fakes(7, true);

        VideoRun run = fakes.job().start(novel(dir), dir.resolve("out"), ProgressListener.NONE).await(GENEROUS);

        assertThat(fakes.pictures().gauge.peak.get()).as("pictures at once").isBetween(2, 3);
        assertThat(fakes.shots().gauge.peak.get()).as("shots at once").isEqualTo(2);
        assertThat(fakes.voices().gauge.peak.get()).as("voices at once").isBetween(2, 4);
        assertThat(fakes.shots().gauge.calls.get()).isEqualTo(run.shots());
        assertThat(NovelToVideoTest.step(run, "shots").made()).isEqualTo(run.shots());
        assertThat(NovelToVideoTest.step(run, "voices").made()).isPositive();
    }

    @Test
    void the_same_inputs_give_the_same_files_whatever_order_the_answers_arrive_in(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Probe.available(), "ffmpeg is not installed");
        Path novel = novel(dir);

        fakes(1, false).job().start(novel, dir.resolve("a"), ProgressListener.NONE).await(GENEROUS);
        fakes(99, false).job().start(novel, dir.resolve("b"), ProgressListener.NONE).await(GENEROUS);

        for (String file : List.of("timeline.json", "video.srt", "storyboard.json")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }

    @Test
    void lip_sync_follows_each_dialogue_shot_once_its_shot_and_voices_exist(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Probe.available(), "ffmpeg is not installed");
        Fakes a = fakes(11, false);
        SlowLipSync lips = new SlowLipSync(a.shots(), java.util.Set.of());
        VideoRun run = a.job().lipSync(lips).start(novel(dir), dir.resolve("a"), ProgressListener.NONE)
                .await(GENEROUS);

        var board = dev.novelkit.core.story.StoryboardJson.read(run.storyboard());
        long dialogueShots = board.shots().stream().filter(sh -> !sh.dialogue().isEmpty()).count();
        assertThat(dialogueShots).isPositive();
        assertThat(lips.requests).hasSize((int) dialogueShots)
                .allSatisfy(r -> assertThat(r.videoId()).startsWith("vid-"));
        assertThat(NovelToVideoTest.step(run, "lip-sync").made()).isEqualTo((int) dialogueShots);
        String timeline = Files.readString(dir.resolve("a/timeline.json"));
        assertThat(timeline.split("work/lipsync/", -1)).hasSize((int) dialogueShots + 1);

        // the same inputs with other timing, and one shot the service cannot lip-sync
        Fakes b = fakes(12, false);
        String refused = lips.requests.get(0).videoId();
        VideoRun other = b.job().lipSync(new SlowLipSync(b.shots(), java.util.Set.of(refused)))
                .start(novel(dir), dir.resolve("b"), ProgressListener.NONE).await(GENEROUS);
        assertThat(NovelToVideoTest.step(other, "lip-sync").note()).contains("1 kept their plain video", "no face found");
        assertThat(Files.readString(dir.resolve("b/timeline.json")).split("work/lipsync/", -1))
                .hasSize((int) dialogueShots);
        Fakes c = fakes(13, false);
        c.job().lipSync(new SlowLipSync(c.shots(), java.util.Set.of())).start(novel(dir), dir.resolve("c"),
                ProgressListener.NONE).await(GENEROUS);
        assertThat(Files.readAllBytes(dir.resolve("c/timeline.json")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a/timeline.json")));
    }

    @Test
    void the_progress_names_what_is_in_flight_and_waiting_per_kind(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Probe.available(), "ffmpeg is not installed");
        List<Progress> seen = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
            }
        };

        fakes(3, false).job().start(novel(dir), dir.resolve("out"), listener).await(GENEROUS);

        List<Progress> phase = seen.stream().filter(p -> p.task().equals("pictures, shots, voices")).toList();
        assertThat(phase).isNotEmpty();
        assertThat(phase.get(phase.size() - 1).isComplete()).isTrue();
        assertThat(phase).allSatisfy(p -> assertThat(p.detail()).contains("fake-images: ", "fake-shots: ",
                "fake-voices: ", " in flight", "images ", "shots ", "voices "));
    }

    @Test
    void cancelling_the_job_stops_the_work_in_flight(@TempDir Path dir) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        SlowPictures stuck = new SlowPictures(5, never, never, true);
        NovelToVideo job = fakes(5, false).job().images(stuck);

        Job<VideoRun> running = job.start(novel(dir), dir.resolve("out"), ProgressListener.NONE);
        while (stuck.shotPictures.get() < 2 && !running.isDone()) {
            Thread.sleep(10);
        }
        running.cancel();

        assertThatThrownBy(() -> running.await(GENEROUS)).isInstanceOf(CancelledException.class);
        running.close();
        assertThat(stuck.gauge.now.get()).isZero();
    }

    private static Path novel(Path dir) throws IOException {
        return Files.writeString(dir.resolve("novel.txt"), NovelToVideoTest.NOVEL, StandardCharsets.UTF_8);
    }

    private static void pause(Random random, int maxMillis) {
        int ms;
        synchronized (random) {
            ms = random.nextInt(maxMillis);
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("fake backend");
        }
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("waited in vain for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(what);
        }
    }

    private static GeneratedImage picture(ImageRequest request) {
        BufferedImage image = new BufferedImage(request.width(), request.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int hash = request.prompt().positive().hashCode();
        g.setColor(new Color(hash & 0xffffff));
        g.fillRect(0, 0, request.width(), request.height());
        g.setColor(Color.WHITE);
        g.fillOval(request.width() / 4, request.height() / 4, request.width() / 2, request.width() / 2);
        g.dispose();
        AtomicFiles.write(request.output(), out -> ImageIO.write(image, "png", out));
        return new GeneratedImage(request.output(), request.width(), request.height(), "fake-images", java.util.Map.of());
    }

    /** A 16-bit mono 22.05 kHz WAV of a 440 Hz tone. */
    static byte[] tone(double seconds) {
        int rate = 22050;
        int frames = (int) Math.round(seconds * rate);
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + frames * 2).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16).putInt(0x61746164).putInt(frames * 2);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) Math.round(Math.sin(2 * Math.PI * 440 * i / rate) * 12000));
        }
        return b.array();
    }
}
