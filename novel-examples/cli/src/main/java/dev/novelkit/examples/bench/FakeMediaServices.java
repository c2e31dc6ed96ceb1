package dev.novelkit.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local fakes of the remote media services the video job calls, on one loopback port, each answering in its real
 * wire format after a fixed latency: OpenAI images ({@code POST /v1/images/generations}, or
 * {@code /v1/images/edits} with reference pictures, a PNG in {@code b64_json}), OpenAI speech ({@code POST /v1/audio/speech}, a WAV) and Kling image-to-video
 * ({@code POST /v1/videos/image2video}, polled at {@code GET /v1/videos/image2video/{id}} by task id or
 * {@code external_task_id}, the result downloaded
 * from {@code /files/{id}.mp4}; a real H.264 file made with ffmpeg). Kling refuses a new task with code 1303 (HTTP
 * 429) while {@code maxLiveTasks} of its tasks are running, as a resource pack does. Everything is counted: requests,
 * peak concurrency, tasks created per picture, downloads, refusals, and the first request and last answer (the
 * remote phase). For benchmarks and tests.
 *
 * <pre>{@code
 * try (FakeMediaServices fake = FakeMediaServices.start(Duration.ofSeconds(3), Duration.ofSeconds(1),
 *         Duration.ofSeconds(8), 4)) {
 *     Map<String, String> env = fake.environment();   // OPENAI_BASE_URL, KLING_BASE_URL, keys
 * }
 * }</pre>
 */
public final class FakeMediaServices implements AutoCloseable {
    /** The planted keys the fake expects (and a test can look for in outputs). */
    public static final String OPENAI_KEY = "sk-fake-openai-0123456789abcdef";
    public static final String KLING_ACCESS_KEY = "ak-fake-kling-0123456789abcdef";
    public static final String KLING_SECRET_KEY = "sk-fake-kling-secret-fedcba9876543210";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String I2V = "/v1/videos/image2video";
    private static final String MULTI = "/v1/videos/multi-image2video";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Duration imageLatency;
    private final Duration voiceLatency;
    private final Duration shotLatency;
    private final int maxLiveTasks;
    private final byte[] video;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> createsPerPicture = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloadsPerPicture = new ConcurrentHashMap<>();
    private final AtomicInteger taskIds = new AtomicInteger();
    private final AtomicInteger images = new AtomicInteger();
    private final AtomicInteger voices = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger livePeak = new AtomicInteger();
    private final AtomicInteger imagesNow = new AtomicInteger();
    private final AtomicInteger imagesPeak = new AtomicInteger();
    private final AtomicInteger voicesNow = new AtomicInteger();
    private final AtomicInteger voicesPeak = new AtomicInteger();
    private final AtomicLong firstRequest = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private record Task(String id, String picture, long created) {
    }

    private final Map<String, String> externalIds = new ConcurrentHashMap<>();

    private FakeMediaServices(HttpServer server, ExecutorService threads, Duration imageLatency, Duration voiceLatency,
                              Duration shotLatency, int maxLiveTasks, byte[] video) {
        this.server = server;
        this.threads = threads;
        this.imageLatency = imageLatency;
        this.voiceLatency = voiceLatency;
        this.shotLatency = shotLatency;
        this.maxLiveTasks = maxLiveTasks;
        this.video = video;
    }

    /**
     * Starts the fakes on a free loopback port. {@code maxLiveTasks}: Kling tasks running at once before it answers
     * 1303. The shot video is made once with ffmpeg (which must be installed).
     */
    public static FakeMediaServices start(Duration imageLatency, Duration voiceLatency, Duration shotLatency,
                                          int maxLiveTasks) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-media");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        FakeMediaServices fake = new FakeMediaServices(server, threads, imageLatency, voiceLatency, shotLatency,
                maxLiveTasks, shotVideo());
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The variables that point every backend at these fakes (with the planted keys). */
    public Map<String, String> environment() {
        return Map.of("OPENAI_BASE_URL", baseUrl() + "/v1", "OPENAI_API_KEY", OPENAI_KEY,
                "OPENAI_TTS_MODEL", "tts-1", "KLING_BASE_URL", baseUrl(), "KLING_ACCESS_KEY", KLING_ACCESS_KEY,
                "KLING_SECRET_KEY", KLING_SECRET_KEY);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Keeps every Kling task running (as if Kling were slow) until {@link #releaseTasks()}: lets a test kill a
     * job while its tasks are certainly in flight, or make sure the concurrency limit is hit.
     */
    public void holdTasks() {
        hold = new CountDownLatch(1);
    }

    /** Lets held Kling tasks finish (each after its latency, counted from its creation). */
    public void releaseTasks() {
        hold.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        firstRequest.accumulateAndGet(start, Math::min);
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("POST") && path.equals("/v1/images/generations")) {
                image(ex, false);
            } else if (method.equals("POST") && path.equals("/v1/images/edits")) {
                image(ex, true);
            } else if (method.equals("POST") && path.equals("/v1/audio/speech")) {
                speech(ex);
            } else if (method.equals("POST") && (path.equals(I2V) || path.equals(MULTI))) {
                createTask(ex);
            } else if (method.equals("GET") && (path.startsWith(I2V + "/") || path.startsWith(MULTI + "/"))) {
                pollTask(ex, path.substring(path.lastIndexOf('/') + 1));
            } else if (method.equals("GET") && path.startsWith("/files/") && path.endsWith(".mp4")) {
                download(ex, path.substring("/files/".length(), path.length() - 4));
            } else {
                send(ex, 404, "application/json", "{\"error\":{\"message\":\"no such endpoint\"}}");
            }
        } catch (RuntimeException e) {
            send(ex, 500, "application/json", "{\"error\":{\"message\":\"fake failed\"}}");
        } finally {
            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

    private void image(HttpExchange ex, boolean edit) throws IOException {
        if (!authorized(ex, "Bearer " + OPENAI_KEY)) {
            return;
        }
        byte[] raw = ex.getRequestBody().readAllBytes();
        String prompt = edit ? formField(new String(raw, StandardCharsets.UTF_8), "prompt")
                : JSON.readTree(raw).path("prompt").asText("");
        // counted as in flight until the answer is ready: a client may send its next request the moment it has it
        enter(imagesNow, imagesPeak);
        String answer;
        try {
            sleep(imageLatency);
            answer = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(picture(prompt))
                    + "\"}]}";
            images.incrementAndGet();
        } finally {
            imagesNow.decrementAndGet();
        }
        send(ex, 200, "application/json", answer);
    }

    private void speech(HttpExchange ex) throws IOException {
        if (!authorized(ex, "Bearer " + OPENAI_KEY)) {
            return;
        }
        JsonNode body = JSON.readTree(ex.getRequestBody());
        enter(voicesNow, voicesPeak);
        byte[] wav;
        try {
            sleep(voiceLatency);
            String input = body.path("input").asText("");
            wav = tone(Math.min(8, 0.3 + 0.12 * input.codePointCount(0, input.length())));
            voices.incrementAndGet();
        } finally {
            voicesNow.decrementAndGet();
        }
        send(ex, 200, "audio/wav", wav);
    }

    private synchronized void createTask(HttpExchange ex) throws IOException {
        if (!jwt(ex)) {
            return;
        }
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String still = body.has("image_list") ? body.path("image_list").path(0).path("image").asText("")
                : body.path("image").asText("");
        String picture = sha(still);
        long now = System.nanoTime();
        if (live(now) >= maxLiveTasks) {
            refused.incrementAndGet();
            send(ex, 429, "application/json", "{\"code\":1303,\"message\":\"parallel task over resource pack limit\","
                    + "\"request_id\":\"fake\"}");
            return;
        }
        String external = body.path("external_task_id").asText("");
        if (!external.isEmpty() && externalIds.containsKey(external)) {
            send(ex, 400, "application/json", "{\"code\":1201,\"message\":\"external_task_id already exists\","
                    + "\"request_id\":\"fake\"}");
            return;
        }
        String id = "task-" + taskIds.incrementAndGet();
        tasks.put(id, new Task(id, picture, now));
        if (!external.isEmpty()) {
            externalIds.put(external, id);
        }
        createsPerPicture.computeIfAbsent(picture, k -> new AtomicInteger()).incrementAndGet();
        livePeak.accumulateAndGet(live(now), Math::max);
        send(ex, 200, "application/json", "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"fake\",\"data\":"
                + "{\"task_id\":\"" + id + "\",\"task_status\":\"submitted\",\"created_at\":1746773850590}}");
    }

    private void pollTask(HttpExchange ex, String id) throws IOException {
        if (!jwt(ex)) {
            return;
        }
        polls.incrementAndGet();
        Task t = tasks.get(externalIds.getOrDefault(id, id));
        if (t == null) {
            send(ex, 404, "application/json", "{\"code\":1203,\"message\":\"task not found\",\"request_id\":\"fake\"}");
            return;
        }
        boolean done = isDone(t, System.nanoTime());
        id = t.id();
        String data = "{\"task_id\":\"" + id + "\",\"task_status\":\"" + (done ? "succeed" : "processing") + "\""
                + (done ? ",\"task_status_msg\":\"\",\"task_result\":{\"videos\":[{\"id\":\"vid-" + id + "\",\"url\":\""
                + baseUrl() + "/files/" + id + ".mp4\",\"duration\":\"5.0\"}]}" : "") + "}";
        send(ex, 200, "application/json", "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"fake\",\"data\":" + data
                + "}");
    }

    private void download(HttpExchange ex, String id) throws IOException {
        Task t = tasks.get(id);
        if (t == null || !isDone(t, System.nanoTime())) {
            send(ex, 404, "text/plain", "no such file");
            return;
        }
        downloadsPerPicture.computeIfAbsent(t.picture(), k -> new AtomicInteger()).incrementAndGet();
        send(ex, 200, "video/mp4", video);
    }

    private boolean isDone(Task t, long now) {
        return hold.getCount() == 0 && now - t.created() >= shotLatency.toNanos();
    }

    private int live(long now) {
        int n = 0;
        for (Task t : tasks.values()) {
            if (!isDone(t, now)) {
                n++;
            }
        }
        return n;
    }

    private boolean jwt(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.substring(7).split("\\.").length != 3) {
            send(ex, 401, "application/json", "{\"code\":1000,\"message\":\"Authorization is invalid\",\"request_id\":\"fake\"}");
            return false;
        }
        return true;
    }

    private boolean authorized(HttpExchange ex, String expected) throws IOException {
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
            return false;
        }
        return true;
    }

    /** The value of one text field of a multipart form (the edits endpoint's {@code prompt}). */
    static String formField(String form, String name) {
        String marker = "name=\"" + name + "\"";
        int at = form.indexOf(marker);
        if (at < 0) {
            return "";
        }
        int start = form.indexOf("\r\n\r\n", at) + 4;
        int end = form.indexOf("\r\n--", start);
        return start < 4 || end < 0 ? "" : form.substring(start, end);
    }

    private static void enter(AtomicInteger now, AtomicInteger peak) {
        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A 540x960 PNG whose colours come from the prompt (the same prompt gives the same bytes). */
    static byte[] picture(String prompt) {
        BufferedImage image = new BufferedImage(540, 960, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int hash = prompt.hashCode();
        g.setColor(new Color(hash & 0xffffff));
        g.fillRect(0, 0, 540, 960);
        g.setColor(new Color(~hash & 0xffffff));
        g.fillOval(90, 300, 360, 360);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 16-bit mono 22.05 kHz WAV of a soft tone with silence at both ends. */
    static byte[] tone(double seconds) {
        int rate = 22050;
        int frames = (int) Math.round(seconds * rate);
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + frames * 2).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16).putInt(0x61746164).putInt(frames * 2);
        int pad = rate / 10;
        for (int i = 0; i < frames; i++) {
            boolean sound = i > pad && i < frames - pad;
            b.putShort((short) (sound ? Math.round(Math.sin(2 * Math.PI * 330 * i / rate) * 9000) : 0));
        }
        return b.array();
    }

    /** Five seconds of a 270x480 test picture at 10 fps, H.264, made by ffmpeg. */
    private static byte[] shotVideo() throws IOException {
        Path dir = Files.createTempDirectory("fake-kling");
        Path file = dir.resolve("shot.mp4");
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=270x480:rate=10", "-t", "5", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                    file.toString()).redirectErrorStream(true).start();
            String log;
            try (InputStream in = p.getInputStream()) {
                log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ffmpeg could not make the fake Kling video: " + log);
            }
            return Files.readAllBytes(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the fake Kling video", e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The bytes every Kling task's video has. */
    public byte[] shotVideoBytes() {
        return video.clone();
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the fakes saw. */
    public record Stats(int images, int voices, int tasksCreated, int shotsRefused, int polls, int imagesPeak,
                        int voicesPeak, int liveTasksPeak, Map<String, Integer> createsPerPicture,
                        Map<String, Integer> downloadsPerPicture, Duration remotePhase, Duration serialSum) {
        /** Pictures whose Kling task was created more than once. */
        public List<String> picturesCreatedTwice() {
            return createsPerPicture.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        }
    }

    public Stats stats() {
        Map<String, Integer> creates = new java.util.TreeMap<>();
        createsPerPicture.forEach((k, v) -> creates.put(k, v.get()));
        Map<String, Integer> downloads = new java.util.TreeMap<>();
        downloadsPerPicture.forEach((k, v) -> downloads.put(k, v.get()));
        long first = firstRequest.get();
        long last = lastAnswer.get();
        Duration phase = last < first ? Duration.ZERO : Duration.ofNanos(last - first);
        Duration serial = imageLatency.multipliedBy(images.get()).plus(voiceLatency.multipliedBy(voices.get()))
                .plus(shotLatency.multipliedBy(taskIds.get()));
        return new Stats(images.get(), voices.get(), taskIds.get(), refused.get(), polls.get(), imagesPeak.get(),
                voicesPeak.get(), livePeak.get(), Map.copyOf(creates), Map.copyOf(downloads), phase, serial);
    }

    /** Forgets the counts (not the tasks): for a second run against the same fakes. */
    public void resetCounts() {
        images.set(0);
        voices.set(0);
        refused.set(0);
        polls.set(0);
        imagesPeak.set(0);
        voicesPeak.set(0);
        livePeak.set(0);
        firstRequest.set(Long.MAX_VALUE);
        lastAnswer.set(Long.MIN_VALUE);
    }

    @Override
    public void close() {
        hold.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
