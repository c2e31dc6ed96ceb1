package dev.novelkit.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.llm.openai.internal.OpenAiChatStream;
import dev.novelkit.llm.openai.internal.OpenAiErrors;
import dev.novelkit.llm.openai.internal.OpenAiJson;
import dev.novelkit.llm.openai.internal.OpenAiTransport;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ChatModel} for every OpenAI-compatible chat server: swift deploy, vLLM, DashScope compatible mode,
 * Ollama, llama.cpp server, OpenAI itself. Plain and server-sent-event streamed {@code /chat/completions}, at most
 * {@code maxInFlight} requests at once, retries of 429/5xx/I/O failures/timeouts with backoff honouring
 * {@code Retry-After}, token usage totals, and the API key masked in every message and {@code toString()}.
 * Thread-safe; build one per server and share it.
 *
 * <pre>{@code
 * try (OpenAiChatModel llm = OpenAiChatModel.builder().baseUrl("http://localhost:8000/v1").model("qwen2-7b-instruct").build()) {
 *     String story = llm.chat("写一个故事的开头", GenerationOptions.seedDefaults().maxTokens(512)).text();
 * }
 * }</pre>
 *
 * <p>{@link #name()} is always {@code "openai"} (the protocol, also the backend name in every
 * {@link BackendException}); {@link #model()} and {@link #baseUrl()} tell which server and model. Without a model,
 * the first id {@code GET /models} lists is used (handy for swift deploy and vLLM, which serve one model).
 */
public final class OpenAiChatModel implements ChatModel {
    /** The backend name in errors and {@link #name()}. */
    public static final String NAME = "openai";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl baseUrl;
    private final HttpUrl completionsUrl;
    private final String apiKey;
    private final Map<String, Object> extraBody;
    private final OpenAiTransport transport;
    private final boolean ownsClient;
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private volatile String model;
    private volatile boolean closed;

    private OpenAiChatModel(Builder b, HttpUrl baseUrl) {
        this.baseUrl = baseUrl;
        this.completionsUrl = resolve(baseUrl, "chat/completions");
        this.apiKey = b.apiKey;
        this.model = b.model;
        this.extraBody = b.extraBody;
        this.ownsClient = b.httpClient == null;
        OkHttpClient.Builder client;
        if (b.httpClient != null) {
            client = b.httpClient.newBuilder();
        } else {
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(Math.max(64, b.maxInFlight));
            dispatcher.setMaxRequestsPerHost(Math.max(64, b.maxInFlight));
            client = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(Math.max(5, b.maxInFlight), 5, TimeUnit.MINUTES))
                    .connectTimeout(Builder.DEFAULT_CONNECT)
                    .readTimeout(Builder.DEFAULT_READ)
                    .writeTimeout(Builder.DEFAULT_READ);
        }
        if (b.connectTimeout != null) {
            client.connectTimeout(b.connectTimeout);
        }
        if (b.readTimeout != null) {
            client.readTimeout(b.readTimeout).writeTimeout(b.readTimeout);
        }
        if (b.callTimeout != null) {
            client.callTimeout(b.callTimeout);
        }
        this.transport = new OpenAiTransport(client.build(), b.retryPolicy, b.maxInFlight, new OpenAiErrors(NAME, apiKey));
    }

    /** Starts configuring a client; only {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client configured from the process environment ({@link OpenAiSettings#fromEnv()}). */
    public static OpenAiChatModel fromEnv() {
        return OpenAiSettings.fromEnv().toBuilder().build();
    }

    /** A client configured from {@code env} ({@link OpenAiSettings#fromEnv(Map)}). */
    public static OpenAiChatModel fromEnv(Map<String, String> env) {
        return OpenAiSettings.fromEnv(env).toBuilder().build();
    }

    /** Always {@code "openai"}: the protocol, not the model (see {@link #model()}). */
    @Override
    public String name() {
        return NAME;
    }

    /** The base URL, such as {@code http://localhost:8000/v1}. */
    public String baseUrl() {
        return baseUrl.toString();
    }

    /** The model sent with each request; null until resolved when none was configured. */
    public String model() {
        return model;
    }

    /**
     * "openai", the base URL and the model: the configured one, or the one the server lists first (asked now if
     * it was not yet), so that a journal of answers from one server or model is never reused for another.
     */
    @Override
    public String identity() {
        ensureOpen();
        return NAME + " " + baseUrl + " " + resolvedModel();
    }

    @Override
    public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
        Request request = chatRequest(messages, options, false);
        String requested = model;
        ChatResponse response = transport.execute(request, transport.retry(),
                r -> OpenAiJson.completion(r.body().bytes(), request, requested, transport.errors()));
        count(response.usage());
        return response;
    }

    /**
     * Streams the answer over server-sent events. The request is sent (and retried) before this returns, so HTTP
     * errors are thrown here; a stream that breaks later throws a retriable {@link BackendException} from the
     * iterator, and is reopened transparently only while no text has been delivered. A body that ends cleanly after
     * a {@code finish_reason} but without {@code data: [DONE]} is accepted as complete; one that ends before either is
     * a broken stream. Closing the stream cancels the call and gives {@code FinishReason.CANCELLED}.
     */
    @Override
    public ChatStream stream(List<ChatMessage> messages, GenerationOptions options) {
        Request request = chatRequest(messages, options, true);
        return OpenAiChatStream.open(transport, request, model, this::count);
    }

    /**
     * The model ids the server lists ({@code GET /models}). One attempt, no retries, so it suits readiness
     * polling: a server not up yet gives a retriable {@link BackendException}.
     */
    public List<String> listModels() {
        return listModels(RetryPolicy.none());
    }

    private List<String> listModels(RetryPolicy policy) {
        ensureOpen();
        Request request = authorized(new Request.Builder().url(resolve(baseUrl, "models"))).get().build();
        return transport.execute(request, policy, r -> {
            JsonNode answer = OpenAiJson.tree(r.body().bytes(), request, transport.errors());
            JsonNode data = answer.get("data");
            if (data == null || !data.isArray()) {
                throw transport.errors().malformed(request, "no data array in the model list", answer.toString(), null);
            }
            List<String> ids = new ArrayList<>();
            data.forEach(m -> {
                if (m.hasNonNull("id")) {
                    ids.add(m.get("id").asText());
                }
            });
            return List.copyOf(ids);
        });
    }

    /** Prompt and completion tokens summed over every successful call (streams count when they finish). */
    @Override
    public TokenUsage totalUsage() {
        return new TokenUsage(promptTokens.sum(), completionTokens.sum());
    }

    /** Frees the connection pool and threads if this client created them; a given OkHttpClient is left open. */
    @Override
    public void close() {
        closed = true;
        if (ownsClient) {
            transport.client().dispatcher().executorService().shutdown();
            transport.client().connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[baseUrl=" + Secrets.redact(baseUrl.toString(), apiKey) + ", model="
                + (model == null ? "(server's first)" : model) + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }

    private Request chatRequest(List<ChatMessage> messages, GenerationOptions options, boolean stream) {
        ensureOpen();
        Objects.requireNonNull(options, "options");
        if (messages == null || messages.isEmpty()) {
            throw new InvalidInputException("messages", "at least one chat message is needed");
        }
        byte[] body = OpenAiJson.bytes(OpenAiJson.requestBody(resolvedModel(), messages, options, extraBody, stream));
        Request.Builder request = authorized(new Request.Builder().url(completionsUrl)).post(RequestBody.create(body, JSON));
        if (stream) {
            request.header("Accept", "text/event-stream");
        }
        return request.build();
    }

    private Request.Builder authorized(Request.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    /** The configured model, or the first one the server lists (asked once, with retries). */
    private String resolvedModel() {
        String m = model;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (model == null) {
                List<String> ids = listModels(transport.retry());
                if (ids.isEmpty()) {
                    throw BackendException.builder(NAME, "no model configured and " + resolve(baseUrl, "models")
                            + " lists none; set the model explicitly").build();
                }
                model = ids.get(0);
            }
            return model;
        }
    }

    private void count(TokenUsage usage) {
        promptTokens.add(usage.promptTokens());
        completionTokens.add(usage.completionTokens());
    }

    private void ensureOpen() {
        if (closed) {
            throw new NovelKitException(NAME + ": this chat model is closed");
        }
    }

    private static HttpUrl resolve(HttpUrl base, String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    /**
     * Configures an {@link OpenAiChatModel}. Defaults: connect timeout 10 s, read timeout 180 s (the longest
     * silence tolerated, so a non-streamed answer must come within it), no call timeout, {@link RetryPolicy#defaults()},
     * 16 requests in flight, no API key, no extra body fields.
     */
    public static final class Builder {
        static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
        static final Duration DEFAULT_READ = Duration.ofSeconds(180);

        private String baseUrl;
        private String apiKey;
        private String model;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration callTimeout;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int maxInFlight = 16;
        private Map<String, Object> extraBody = Map.of();
        private OkHttpClient httpClient;

        private Builder() {
        }

        /**
         * The API root, such as {@code http://localhost:8000/v1}; {@code /chat/completions} and {@code /models} are
         * appended. A trailing slash, or a full {@code .../chat/completions} URL, is accepted.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Sent as {@code Authorization: Bearer <key>}; null or blank sends none (local servers). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return this;
        }

        /** The model name the server knows; null means the first id {@code GET /models} lists. */
        public Builder model(String model) {
            this.model = model == null || model.isBlank() ? null : model.strip();
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkTimeout("connectTimeout", timeout);
            return this;
        }

        /** The longest silence between two reads (a stalled server fails after it); 0 means none. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = checkTimeout("readTimeout", timeout);
            return this;
        }

        /** The longest one HTTP attempt may take in total, streams included; 0 means none (the default). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = checkTimeout("callTimeout", timeout);
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** At most this many requests (streams included) at once; further callers wait their turn, in order. */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new InvalidInputException("maxInFlight", "must be >= 1, was " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * Fields added to every request body, such as {@code Map.of("enable_thinking", false)}; options set per call
         * override them. Values are serialised by Jackson.
         */
        public Builder extraBody(Map<String, Object> extraBody) {
            Objects.requireNonNull(extraBody, "extraBody");
            extraBody.forEach((k, v) -> {
                if (k == null || k.isBlank() || v == null) {
                    throw new InvalidInputException("extraBody", "keys must be non-blank and values non-null: " + k);
                }
            });
            this.extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(extraBody));
            return this;
        }

        /**
         * Shares an existing client's connection pool and threads (its timeouts apply unless set here). Without
         * one, a client sized for {@code maxInFlight} is created and closed with the model.
         */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /** Validates and builds; a missing or malformed base URL → {@link InvalidInputException} naming it. */
        public OpenAiChatModel build() {
            return new OpenAiChatModel(this, parseBaseUrl(baseUrl));
        }

        private static HttpUrl parseBaseUrl(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("baseUrl", "is missing (an OpenAI-compatible URL such as http://localhost:8000/v1)");
            }
            String s = value.strip();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.endsWith("/chat/completions")) {
                s = s.substring(0, s.length() - "/chat/completions".length());
            }
            HttpUrl url = HttpUrl.parse(s);
            if (url == null) {
                throw new InvalidInputException("baseUrl", "not an http(s) URL: " + value);
            }
            return url;
        }

        private static Duration checkTimeout(String field, Duration timeout) {
            Objects.requireNonNull(timeout, field);
            if (timeout.isNegative()) {
                throw new InvalidInputException(field, "must not be negative, was " + timeout);
            }
            return timeout;
        }
    }
}
