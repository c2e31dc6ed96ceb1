package dev.novelkit.media;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.TestImages;
import dev.novelkit.media.image.openai.OpenAiImageGenerator;
import dev.novelkit.media.image.sdwebui.SdWebUiImageGenerator;
import dev.novelkit.media.image.wanx.WanxImageGenerator;
import dev.novelkit.media.lipsync.LipSyncRequest;
import dev.novelkit.media.lipsync.kling.KlingLipSync;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.shot.kling.KlingShotBackend;
import dev.novelkit.media.shot.wan.WanShotBackend;
import dev.novelkit.media.voice.VoiceProfile;
import dev.novelkit.media.voice.VoiceSynth;
import dev.novelkit.media.voice.azure.AzureVoiceBackend;
import dev.novelkit.media.voice.openai.OpenAiSpeechBackend;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.novelkit.media.MediaFixtures.still;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every remote media backend against servers that echo the request's headers back (in error bodies, in JSON fields,
 * in task failure messages): a planted key, or a value derived from it (a bearer token, Kling's JWT and each of its
 * parts, a basic-auth blob), appears in no exception (message, causes, stack trace), no message to a listener, no
 * {@code toString()} and no file written.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecretsEchoTest {
    private static final String KEY = "sk-planted-key-0123456789abcdefXYZ";
    private static final String AK = "ak-planted-access-0123456789abcdef";
    private static final String SK = "sk-planted-secret-fedcba9876543210";
    private static final String PASSWORD = "planted-password-0123456789";
    private static final RetryPolicy FAST = RetryPolicy.defaults().maxRetries(1).initialDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(2));
    private static final Deadlines SHORT = Deadlines.of(Duration.ofSeconds(20));

    @StartStop
    final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final ProgressListener listener = new ProgressListener() {
        @Override
        public void onMessage(String message) {
            shown.add(message);
        }

        @Override
        public void onProgress(dev.novelkit.core.progress.Progress progress) {
            shown.add(progress.toString());
        }
    };

    /** Answers every request with {@code answer} applied to the request's headers as text. */
    private void echo(Function<String, MockResponse> answer) {
        echo((request, headers) -> answer.apply(headers));
    }

    /** Answers every request with {@code answer} applied to the request and its headers as text. */
    private void echo(java.util.function.BiFunction<RecordedRequest, String, MockResponse> answer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                StringBuilder echoed = new StringBuilder();
                for (String name : request.getHeaders().names()) {
                    for (String value : request.getHeaders().values(name)) {
                        echoed.append(name).append(": ").append(value).append("; ");
                    }
                }
                return answer.apply(request, echoed.toString().replace("\"", "'"));
            }
        });
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** Runs {@code call}; whatever it returned or threw is kept to be searched. */
    private void shows(Object backend, ThrowingRunnable call) {
        shown.add(String.valueOf(backend));
        try {
            Object result = call.run();
            shown.add(String.valueOf(result));
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            shown.add(trace.toString());
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        Object run() throws Exception;
    }

    /** The planted secrets and every credential header value the server received, with their parts. */
    private List<String> secrets() throws Exception {
        List<String> all = new ArrayList<>(List.of(KEY, AK, SK, PASSWORD));
        int n = server.getRequestCount();
        for (int i = 0; i < n; i++) {
            RecordedRequest r = server.takeRequest();
            for (String name : r.getHeaders().names()) {
                if (Secrets.isCredentialHeader(name)) {
                    for (String value : r.getHeaders().values(name)) {
                        all.add(value);
                        for (String word : value.split(" ")) {
                            if (word.length() >= 8) {
                                all.add(word);
                                Stream.of(word.split("\\.")).filter(p -> p.length() >= 8).forEach(all::add);
                            }
                        }
                    }
                }
            }
        }
        assertThat(n).as("requests the echo server saw").isPositive();
        return all;
    }

    private void assertNothingLeaked() throws Exception {
        List<String> secrets = secrets();
        assertThat(secrets.size()).as("credentials were sent").isGreaterThan(4);
        List<String> texts = new ArrayList<>(shown);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).as("output holding a secret").doesNotContain(secret);
            }
        }
        assertThat(String.join("\n", shown)).as("the echoes were seen, masked").contains("****");
    }

    private RemoteService.Watch watch(java.util.Optional<RemoteService> service) {
        return service.orElseThrow().watch(listener);
    }

    @Test
    void openai_images_never_show_the_key() throws Exception {
        OpenAiImageGenerator g = OpenAiImageGenerator.defaults().baseUrl(server.url("/v1").toString()).apiKey(KEY)
                .retryPolicy(FAST).deadlines(SHORT);
        for (int status : new int[] {400, 500}) {
            echo(h -> json(status, "{\"error\":{\"message\":\"you sent " + h + "\"}}"));
            try (var w = watch(g.remoteService())) {
                shows(g, () -> g.generate(ImageRequest.of("渡口", dir.resolve("a.png"))));
            }
        }
        echo(h -> json(200, "{\"data\":[{\"revised_prompt\":\"" + h + "\",\"b64_json\":\""
                + TestImages.pngBase64(64, 64) + "\"}],\"note\":\"" + h + "\"}"));
        shows(g, () -> g.generate(ImageRequest.of("渡口", dir.resolve("b.png"))).info());
        echo(h -> json(200, "not json " + h));
        shows(g, () -> g.generate(ImageRequest.of("渡口", dir.resolve("c.png"))));
        assertNothingLeaked();
    }

    @Test
    void wanx_and_wan_never_show_the_dashscope_key() throws Exception {
        DashScopeTasks tasks = DashScopeTasks.of(KEY).baseUrl(server.url("/").toString())
                .pollInterval(Duration.ofMillis(2)).retryPolicy(FAST).deadlines(SHORT);
        WanxImageGenerator wanx = WanxImageGenerator.of(tasks).listener(listener);
        WanShotBackend wan = WanShotBackend.of(tasks).polling(Duration.ofMillis(2), Duration.ofSeconds(5))
                .listener(listener);
        Path still = still(dir, "s.png", 480, 800, 0.3f);
        echo(h -> json(400, "{\"code\":\"InvalidParameter\",\"message\":\"" + h + "\",\"request_id\":\"r\"}"));
        shows(wanx, () -> wanx.generate(ImageRequest.of("渡口", dir.resolve("w.png"))));
        shows(wan, () -> wan.render(ShotRequest.of(still, 5), dir.resolve("w.mp4"), new Cancellation()));
        echo(h -> h.contains("X-DashScope-Async")
                ? json(200, "{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"t-1\"},\"request_id\":\"r\"}")
                : json(200, "{\"output\":{\"task_id\":\"t-1\",\"task_status\":\"FAILED\",\"code\":\"InvalidParameter\","
                + "\"message\":\"" + h + "\"},\"request_id\":\"r\"}"));
        shows(wanx, () -> wanx.generate(ImageRequest.of("渡口", dir.resolve("w2.png"))));
        shows(wan, () -> wan.render(ShotRequest.of(still, 5).taskFile(dir.resolve("w.task")), dir.resolve("w2.mp4"),
                new Cancellation()));
        assertNothingLeaked();
    }

    @Test
    void sd_webui_never_shows_the_password_or_the_basic_auth_header() throws Exception {
        SdWebUiImageGenerator g = SdWebUiImageGenerator.defaults().baseUrl(server.url("/").toString())
                .basicAuth("artist", PASSWORD).retryPolicy(FAST).deadlines(SHORT);
        echo(h -> json(500, "{\"error\":\"OutOfMemoryError\",\"detail\":\"" + h + "\"}"));
        shows(g, () -> g.generate(ImageRequest.of("渡口", dir.resolve("sd.png"))));
        echo(h -> json(200, "{\"images\":[\"" + TestImages.pngBase64(64, 64) + "\"],\"info\":\"{\\\"seed\\\": 1, "
                + "\\\"sd_model_name\\\": \\\"" + h + "\\\"}\"}"));
        shows(g, () -> g.generate(ImageRequest.of("渡口", dir.resolve("sd2.png"))).info());
        assertNothingLeaked();
    }

    @Test
    void kling_shots_and_lip_sync_never_show_the_keys_or_the_jwt() throws Exception {
        KlingShotBackend kling = KlingShotBackend.fromEnv(Map.of("KLING_ACCESS_KEY", AK, "KLING_SECRET_KEY", SK,
                "KLING_BASE_URL", server.url("/").toString())).retryPolicy(FAST).deadlines(SHORT)
                .pollInterval(Duration.ofMillis(2))
                .listener(listener);
        KlingLipSync lipSync = KlingLipSync.of(kling.client()).listener(listener);
        Path still = still(dir, "k.png", 600, 900, 0.4f);
        for (int status : new int[] {400, 401, 500}) {
            echo(h -> json(status, "{\"code\":" + (status == 401 ? 1002 : status == 500 ? 5000 : 1200)
                    + ",\"message\":\"you sent " + h + "\",\"request_id\":\"r\"}"));
            try (var w = watch(kling.remoteService())) {
                shows(kling, () -> kling.render(ShotRequest.of(still, 5), dir.resolve("k.mp4"), new Cancellation()));
                shows(lipSync, () -> lipSync.sync(LipSyncRequest.text("https://x/v.mp4", "你好", "v1"),
                        dir.resolve("l.mp4"), new Cancellation()));
            }
        }
        echo((request, h) -> json(200, "{\"code\":0,\"message\":\"ok\",\"request_id\":\"r\",\"data\":"
                + "{\"task_id\":\"task-1\",\"task_status\":\"" + (request.getMethod().equals("POST") ? "submitted"
                : "failed") + "\",\"task_status_msg\":\"" + h + "\"}}"));
        shows(kling, () -> kling.render(ShotRequest.of(still, 5).taskFile(dir.resolve("k.task")), dir.resolve("k2.mp4"),
                new Cancellation()));
        echo(h -> json(200, "<html>" + h + "</html>"));
        shows(kling, () -> kling.render(ShotRequest.of(still, 5), dir.resolve("k3.mp4"), new Cancellation()));
        assertNothingLeaked();
    }

    @Test
    void azure_and_openai_voices_never_show_the_key() throws Exception {
        RemoteLimits brief = RemoteLimits.of(2).retryPolicy(FAST).throttleBudget(Duration.ofMillis(50))
                .maxThrottlePause(Duration.ofMillis(5));
        AzureVoiceBackend azure = AzureVoiceBackend.of("eastasia", KEY).endpoint(server.url("/tts").toString())
                .limits(brief).deadlines(SHORT);
        OpenAiSpeechBackend openai = OpenAiSpeechBackend.of(server.url("/v1").toString()).apiKey(KEY).limits(brief)
                .deadlines(SHORT);
        for (int status : new int[] {401, 429, 503}) {
            echo(h -> new MockResponse.Builder().code(status).addHeader("Retry-After", "0")
                    .body("denied: " + h).build());
            for (var backend : List.of(azure, openai)) {
                try (var w = watch(backend.remoteService())) {
                    shows(backend, () -> VoiceSynth.of(backend).speak("你好", VoiceProfile.of("alloy"),
                            dir.resolve(backend.name() + status + ".wav")));
                }
            }
        }
        assertNothingLeaked();
    }

    @Test
    void a_backends_limits_keep_their_throttle_messages_clean() throws Exception {
        OpenAiImageGenerator g = OpenAiImageGenerator.defaults().baseUrl(server.url("/v1").toString()).apiKey(KEY)
                .limits(RemoteLimits.of(1).retryPolicy(FAST).throttleBudget(Duration.ofMillis(50))
                        .maxThrottlePause(Duration.ofMillis(5)));
        echo(h -> json(429, "{\"error\":{\"message\":\"slow down, " + h + "\"}}"));
        try (var w = watch(g.remoteService())) {
            shows(g, () -> g.generate(ImageRequest.of("渡口", dir.resolve("t.png"))));
        }
        assertThat(shown).anyMatch(m -> m.contains("refused for now"));
        assertNothingLeaked();
    }
}
