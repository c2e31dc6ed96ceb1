package dev.novelkit.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.novelkit.core.llm.ChatMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A loopback OpenAI-compatible chat server for benchmarks and offline examples: {@code POST /v1/chat/completions}
 * (plain JSON, or server-sent events with a usage chunk and {@code [DONE]} when {@code stream} is true) and
 * {@code GET /v1/models}, on the JDK's built-in HTTP server. Each call can take a fixed latency, at most
 * {@code maxConcurrent} calls are served at once (the others queue), and calls are counted. Token usage is reported
 * in characters (code points), not real tokens.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start(0, 300, 8, messages -> "好的。")) {
 *     ChatModel llm = OpenAiChatModel.of(server.baseUrl());
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {
    /** The one model the server lists and answers as. */
    public static final String MODEL = "fake-qwen2-7b-instruct";

    /** Throw from the answer function to make the server answer {@code status} with an OpenAI error object. */
    public static final class HttpFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public HttpFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final long latencyMillis;
    private final Semaphore slots;
    private final Function<List<ChatMessage>, String> answer;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();

    private FakeOpenAiServer(HttpServer server, ExecutorService threads, long latencyMillis, int maxConcurrent,
                             Function<List<ChatMessage>, String> answer) {
        this.server = server;
        this.threads = threads;
        this.latencyMillis = latencyMillis;
        this.slots = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
        this.answer = answer;
    }

    /**
     * Starts a server on 127.0.0.1. {@code port} 0 picks a free one; {@code latencyMillis} is how long each chat
     * call takes; {@code maxConcurrent} ≤ 0 means unbounded; {@code answer} turns the request's messages into the
     * assistant's text (or throws {@link HttpFailure}).
     */
    public static FakeOpenAiServer start(int port, long latencyMillis, int maxConcurrent,
                                         Function<List<ChatMessage>, String> answer) {
        Objects.requireNonNull(answer, "answer");
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must be >= 0, was " + latencyMillis);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            FakeOpenAiServer fake = new FakeOpenAiServer(http, threads, latencyMillis, maxConcurrent, answer);
            http.createContext("/", fake::handle);
            http.setExecutor(threads);
            http.start();
            return fake;
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException("cannot start the fake OpenAI server on port " + port, e);
        }
    }

    /** A server on a free port, answering at once with an echo of the last user message. */
    public static FakeOpenAiServer start() {
        return start(0, 0, 0, FakeOpenAiServer::echo);
    }

    /** "收到：" plus the last message's text: the default answer. */
    public static String echo(List<ChatMessage> messages) {
        return "收到：" + (messages.isEmpty() ? "" : messages.get(messages.size() - 1).content());
    }

    /** The base URL to give an OpenAI client, such as {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Chat-completion calls answered so far (successfully or with an {@link HttpFailure}). */
    public long calls() {
        return calls.get();
    }

    /** The most chat calls served at the same time so far. */
    public int peakConcurrent() {
        return peak.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = readAll(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.endsWith("/models")) {
                ObjectNode list = JSON.createObjectNode().put("object", "list");
                list.putArray("data").addObject().put("id", MODEL).put("object", "model").put("owned_by", "novelkit");
                send(exchange, 200, JSON.writeValueAsBytes(list));
            } else if (method.equals("POST") && path.endsWith("/chat/completions")) {
                chat(exchange, request);
            } else {
                send(exchange, 404, error("no route for " + method + " " + path, "not_found"));
            }
        }
    }

    private void chat(HttpExchange exchange, byte[] request) throws IOException {
        JsonNode body;
        List<ChatMessage> messages = new ArrayList<>();
        try {
            body = JSON.readTree(request);
            for (JsonNode m : body.path("messages")) {
                ChatMessage.Role role = switch (m.path("role").asText()) {
                    case "system" -> ChatMessage.Role.SYSTEM;
                    case "assistant" -> ChatMessage.Role.ASSISTANT;
                    default -> ChatMessage.Role.USER;
                };
                messages.add(new ChatMessage(role, m.path("content").asText("")));
            }
        } catch (IOException | RuntimeException e) {
            send(exchange, 400, error("request body is not a chat completion request: " + e.getMessage(),
                    "invalid_request_error"));
            return;
        }
        if (messages.isEmpty()) {
            send(exchange, 400, error("messages must not be empty", "invalid_request_error"));
            return;
        }
        String text;
        try {
            text = serve(messages);
        } catch (HttpFailure f) {
            send(exchange, f.status(), error(f.getMessage(), "fake_failure"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long prompt = messages.stream().mapToLong(m -> m.content().codePointCount(0, m.content().length())).sum();
        long completion = text.codePointCount(0, text.length());
        String id = "chatcmpl-fake-" + ids.incrementAndGet();
        if (body.path("stream").asBoolean(false)) {
            stream(exchange, id, text, prompt, completion);
        } else {
            ObjectNode answer = JSON.createObjectNode().put("id", id).put("object", "chat.completion")
                    .put("created", System.currentTimeMillis() / 1000).put("model", MODEL);
            ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            choice.put("finish_reason", "stop");
            usage(answer, prompt, completion);
            send(exchange, 200, JSON.writeValueAsBytes(answer));
        }
    }

    /** Waits for a slot, takes the latency, computes the answer. */
    private String serve(List<ChatMessage> messages) throws InterruptedException {
        if (slots != null) {
            slots.acquire();
        }
        try {
            peak.accumulateAndGet(active.incrementAndGet(), Math::max);
            calls.incrementAndGet();
            if (latencyMillis > 0) {
                TimeUnit.MILLISECONDS.sleep(latencyMillis);
            }
            return answer.apply(messages);
        } finally {
            active.decrementAndGet();
            if (slots != null) {
                slots.release();
            }
        }
    }

    private void stream(HttpExchange exchange, String id, String text, long prompt, long completion) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i += 8) {
            ObjectNode chunk = chunk(id);
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("content", new String(cps, i, Math.min(8, cps.length - i)));
            choice.putNull("finish_reason");
            event(out, JSON.writeValueAsString(chunk));
        }
        ObjectNode last = chunk(id);
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", "stop");
        event(out, JSON.writeValueAsString(last));
        ObjectNode usage = chunk(id);
        usage.putArray("choices");
        usage(usage, prompt, completion);
        event(out, JSON.writeValueAsString(usage));
        event(out, "[DONE]");
    }

    private ObjectNode chunk(String id) {
        return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", MODEL);
    }

    private static void usage(ObjectNode answer, long prompt, long completion) {
        answer.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static byte[] error(String message, String type) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type);
        return JSON.writeValueAsBytes(body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
