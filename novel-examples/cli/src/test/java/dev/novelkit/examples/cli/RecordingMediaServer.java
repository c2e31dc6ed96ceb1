package dev.novelkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MultipartReader;
import okio.Buffer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fake OpenAI-compatible images API, DashScope and Kling on one MockWebServer, answering in each service's wire
 * format and recording every request: pictures are real PNGs whose colour follows the prompt (so every sheet has its
 * own bytes), DashScope tasks and Kling tasks succeed at the first poll, Kling videos are a real MP4.
 */
final class RecordingMediaServer extends Dispatcher {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded call: method, path, and the body (JSON or multipart parts). */
    record Call(String method, String path, byte[] body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The multipart parts of an images/edits call: name, file name (null for fields), bytes. */
        List<Part> parts() {
            String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
            List<Part> parts = new ArrayList<>();
            try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
                MultipartReader.Part part;
                while ((part = reader.nextPart()) != null) {
                    String disposition = part.headers().get("Content-Disposition");
                    parts.add(new Part(field(disposition, "name"), field(disposition, "filename"),
                            part.body().readByteArray()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return parts;
        }

        String formField(String name) {
            return parts().stream().filter(p -> p.name().equals(name) && p.fileName() == null).findFirst()
                    .map(p -> new String(p.body(), StandardCharsets.UTF_8)).orElse(null);
        }

        List<byte[]> files(String name) {
            return parts().stream().filter(p -> p.name().equals(name) && p.fileName() != null).map(Part::body).toList();
        }

        private static String field(String disposition, String key) {
            int at = disposition.indexOf(key + "=\"");
            if (at < 0) {
                return null;
            }
            int start = at + key.length() + 2;
            return disposition.substring(start, disposition.indexOf('"', start));
        }
    }

    record Part(String name, String fileName, byte[] body) {
    }

    final MockWebServer server = new MockWebServer();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final byte[] video;
    private final AtomicInteger tasks = new AtomicInteger();

    RecordingMediaServer(byte[] video) throws IOException {
        this.video = video;
        server.setDispatcher(this);
        server.start();
    }

    String url(String path) {
        return server.url(path).toString().replaceAll("/+$", "");
    }

    List<Call> calls(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    void forget() {
        calls.clear();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod();
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        calls.add(new Call(method, path, body, request.getHeaders().get("Content-Type")));
        if (path.equals("/v1/images/generations")) {
            return b64Image(promptOf(body));
        }
        if (path.equals("/v1/images/edits")) {
            Call call = new Call(method, path, body, request.getHeaders().get("Content-Type"));
            return b64Image(call.formField("prompt"));
        }
        if (path.equals("/v1/chat/completions")) {
            return json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake-vl\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + "\"{\\\"similarity\\\": 0.9, \\\"drifted\\\": false, \\\"reason\\\": \\\"same clothes\\\"}\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                    + "\"total_tokens\":15}}");
        }
        if (path.startsWith("/api/v1/services/aigc/")) {
            return json("{\"output\":{\"task_status\":\"PENDING\",\"task_id\":\"ds-" + tasks.incrementAndGet()
                    + "\"},\"request_id\":\"r\"}");
        }
        if (path.startsWith("/api/v1/tasks/")) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            return json("{\"request_id\":\"r\",\"output\":{\"task_id\":\"" + id + "\",\"task_status\":\"SUCCEEDED\","
                    + "\"results\":[{\"url\":\"" + url("/files/" + id + ".png") + "\"}]},\"usage\":{\"image_count\":1}}");
        }
        if (path.startsWith("/files/") && path.endsWith(".png")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                    .body(new Buffer().write(png(path))).build();
        }
        if (path.equals("/v1/videos/image2video") || path.equals("/v1/videos/multi-image2video")) {
            return json("{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"k\",\"data\":{\"task_id\":\"k-"
                    + tasks.incrementAndGet() + "\",\"task_status\":\"submitted\",\"created_at\":1,\"updated_at\":1}}");
        }
        if (path.startsWith("/v1/videos/image2video/") || path.startsWith("/v1/videos/multi-image2video/")) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            return json("{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"k\",\"data\":{\"task_id\":\"" + id
                    + "\",\"task_status\":\"succeed\",\"task_status_msg\":\"\",\"task_result\":{\"videos\":[{\"id\":\"v-"
                    + id + "\",\"url\":\"" + url("/files/" + id + ".mp4") + "\",\"duration\":\"5.0\"}]}}}");
        }
        if (path.startsWith("/files/") && path.endsWith(".mp4")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "video/mp4")
                    .body(new Buffer().write(video)).build();
        }
        return new MockResponse.Builder().code(404).body("{\"error\":\"no such path " + path + "\"}").build();
    }

    private static String promptOf(byte[] body) {
        try {
            return JSON.readTree(body).path("prompt").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse b64Image(String prompt) {
        return json("{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png(prompt))
                + "\"}]}");
    }

    /** A real 400x720 PNG (big enough for Kling and DashScope editing) whose colour and stripe follow {@code seed}. */
    static byte[] png(String seed) {
        int h = seed == null ? 0 : seed.hashCode();
        BufferedImage img = new BufferedImage(400, 720, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.getHSBColor((h & 0xffff) / 65535f, 0.6f, 0.8f));
        g.fillRect(0, 0, 400, 720);
        g.setColor(Color.getHSBColor(((h >>> 16) & 0xffff) / 65535f, 0.7f, 0.5f));
        g.fillRect(0, 200 + Math.floorMod(h, 300), 400, 60);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.close();
    }
}
