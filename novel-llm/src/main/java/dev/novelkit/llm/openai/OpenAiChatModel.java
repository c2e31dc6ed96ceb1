package dev.novelkit.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.llm.openai.internal.OpenAiChatStream;
import dev.novelkit.llm.openai.internal.OpenAiErrors;
import dev.novelkit.llm.openai.internal.OpenAiJson;
import dev.novelkit.llm.openai.internal.OpenAiTransport;
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
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ChatModel} for every OpenAI-compatible chat server: swift deploy, vLLM, DashScope compatible mode,
 * Ollama, llama.cpp server, OpenAI itself. Plain and server-sent-event streamed {@code /chat/completions}, every
 * request through the model's one {@link RemoteService} (at most {@code maxInFlight} at once, 429/5xx/I/O
 * failures/timeouts retried with backoff honouring {@code Retry-After}, throttling waited out), connect, first-byte
 * and total {@link Deadlines} that name the server when they pass, token usage totals, and the API key masked in
 * every message and {@code toString()}. Immutable settings (every setter returns a new model); thread-safe; make one
 * per server and share it.
 *
 * <pre>{@code
 * try (OpenAiChatModel llm = OpenAiChatModel.of("http://localhost:8000/v1").model("qwen2-7b-instruct")) {
 *     String story = llm.chat("写一个故事的开头", GenerationOptions.seedDefaults().maxTokens(512)).text();
 * }
 * }</pre>
 *
 * <p>{@link #name()} is always {@code "openai"} (the protocol, also the backend name in every
 * {@link BackendException}); {@link #model()} and {@link #baseUrl()} tell which server and model. Without a model,
 * the first id {@code GET /models} lists is used (handy for swift deploy and vLLM, which serve one model); that
 * look-up has the same deadlines, capped at 30 s, so a dead server fails fast.
 */
public final class OpenAiChatModel implements ChatModel {
    /** The backend name in errors and {@link #name()}. */
    public static final String NAME = "openai";
    /** 16 requests in flight, {@link RetryPolicy#defaults()}. */
    public static final RemoteLimits DEFAULT_LIMITS = RemoteLimits.of(16);
    /** Connect 10 s, first byte (and the longest silence in a stream) 180 s, total 10 minutes. */
    public static final Deadlines DEFAULT_DEADLINES = Deadlines.DEFAULT.firstByte(Duration.ofSeconds(180));
    private static final Duration DISCOVERY_CAP = Duration.ofSeconds(30);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl baseUrl;
    private final HttpUrl completionsUrl;
    private final String apiKey;
    private final Map<String, Object> extraBody;
    private final RemoteLimits limits;
    private final Deadlines deadlines;
    private final OkHttpClient httpClient;
    private final OpenAiTransport transport;
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private volatile String model;
    private volatile boolean closed;

    private OpenAiChatModel(HttpUrl baseUrl, String apiKey, String model, Map<String, Object> extraBody,
                            RemoteLimits limits, Deadlines deadlines, OkHttpClient httpClient) {
        this.baseUrl = baseUrl;
        this.completionsUrl = resolve(baseUrl, "chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        this.extraBody = extraBody;
        this.limits = limits;
        this.deadlines = deadlines;
        this.httpClient = httpClient;
        Deadlines discovery = deadlines.total(min(deadlines.total(), DISCOVERY_CAP))
                .firstByte(min(deadlines.firstByte(), DISCOVERY_CAP));
        this.transport = new OpenAiTransport(OpenAiTransport.client(httpClient, deadlines),
                OpenAiTransport.client(httpClient, discovery), RemoteService.of(NAME, limits),
                new OpenAiErrors(NAME, apiKey, deadlines), new OpenAiErrors(NAME, apiKey, discovery));
    }

    /**
     * A model on the server at {@code baseUrl}, such as {@code http://localhost:8000/v1} ({@code /chat/completions}
     * and {@code /models} are appended; a trailing slash or a full {@code .../chat/completions} URL is accepted): no
     * key, the server's first model, {@link #DEFAULT_LIMITS}, {@link #DEFAULT_DEADLINES}.
     */
    public static OpenAiChatModel of(String baseUrl) {
        return new OpenAiChatModel(parseBaseUrl(baseUrl), null, null, Map.of(), DEFAULT_LIMITS, DEFAULT_DEADLINES,
                null);
    }

    /** A model configured from the process environment ({@link OpenAiSettings#fromEnv()}). */
    public static OpenAiChatModel fromEnv() {
        return OpenAiSettings.fromEnv().chatModel();
    }

    /** A model configured from {@code env} ({@link OpenAiSettings#fromEnv(Map)}). */
    public static OpenAiChatModel fromEnv(Map<String, String> env) {
        return OpenAiSettings.fromEnv(env).chatModel();
    }

    private OpenAiChatModel with(HttpUrl baseUrl, String apiKey, String model, Map<String, Object> extraBody,
                                 RemoteLimits limits, Deadlines deadlines, OkHttpClient httpClient) {
        return new OpenAiChatModel(baseUrl, apiKey, model, extraBody, limits, deadlines, httpClient);
    }

    /** The same settings on another server. */
    public OpenAiChatModel baseUrl(String value) {
        return with(parseBaseUrl(value), apiKey, model, extraBody, limits, deadlines, httpClient);
    }

    /** Sent as {@code Authorization: Bearer <key>}; null or blank sends none (local servers). */
    public OpenAiChatModel apiKey(String value) {
        return with(baseUrl, value == null || value.isBlank() ? null : value.strip(), model, extraBody, limits,
                deadlines, httpClient);
    }

    /** The model name the server knows; null or blank means the first id {@code GET /models} lists. */
    public OpenAiChatModel model(String value) {
        return with(baseUrl, apiKey, value == null || value.isBlank() ? null : value.strip(), extraBody, limits,
                deadlines, httpClient);
    }

    /** Requests in flight (streams included), retries and throttling (default {@link #DEFAULT_LIMITS}). */
    public OpenAiChatModel limits(RemoteLimits value) {
        return with(baseUrl, apiKey, model, extraBody, Require.nonNull("limits", value), deadlines, httpClient);
    }

    /** At most this many requests (streams included) at once: shorthand for {@code limits(limits().maxInFlight(n))}. */
    public OpenAiChatModel maxInFlight(int value) {
        return limits(limits.maxInFlight(value));
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public OpenAiChatModel retryPolicy(RetryPolicy value) {
        return limits(limits.retryPolicy(Require.nonNull("retryPolicy", value)));
    }

    /**
     * Connect, first-byte and total deadline of each request (default {@link #DEFAULT_DEADLINES}); the first-byte
     * deadline is also the longest silence a stream may keep.
     */
    public OpenAiChatModel deadlines(Deadlines value) {
        return with(baseUrl, apiKey, model, extraBody, limits, Require.nonNull("deadlines", value), httpClient);
    }

    /**
     * Fields added to every request body, such as {@code Map.of("enable_thinking", false)}; options set per call
     * override them. Values are serialised by Jackson.
     */
    public OpenAiChatModel extraBody(Map<String, Object> value) {
        Require.nonNull("extraBody", value);
        value.forEach((k, v) -> Require.that(k != null && !k.isBlank() && v != null, "extraBody", k,
                "keys must be non-blank and values non-null"));
        return with(baseUrl, apiKey, model, Collections.unmodifiableMap(new LinkedHashMap<>(value)), limits,
                deadlines, httpClient);
    }

    /** The OkHttp client to share (its connection pool and threads); the deadlines are applied on top. */
    public OpenAiChatModel httpClient(OkHttpClient value) {
        return with(baseUrl, apiKey, model, extraBody, limits, deadlines, Require.nonNull("httpClient", value));
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

    public RemoteLimits limits() {
        return limits;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(transport.service());
    }

    @Override
    public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
        Request request = chatRequest(messages, options, false);
        String requested = model;
        ChatResponse response = transport.execute(request, new Cancellation(),
                r -> OpenAiJson.completion(r.body().bytes(), request, requested, transport.errors()));
        count(response.usage());
        return response;
    }

    /**
     * Streams the answer over server-sent events. The request is sent (and retried) before this returns, so HTTP
     * errors are thrown here; a stream that breaks before any text reached the caller is reopened (within the retry
     * policy); one that breaks later throws a retriable {@link BackendException} from the iterator. A body that
     * ends cleanly after a {@code finish_reason} but without {@code data: [DONE]} is accepted as complete; one that
     * ends before either is a broken stream. Closing the stream cancels the call and gives
     * {@code FinishReason.CANCELLED}.
     */
    @Override
    public ChatStream stream(List<ChatMessage> messages, GenerationOptions options) {
        Request request = chatRequest(messages, options, true);
        return OpenAiChatStream.open(transport, request, model, this::count);
    }

    /**
     * The model ids the server lists ({@code GET /models}). One attempt, no retries, within the deadlines capped at
     * 30 s, so it suits readiness polling: a server not up yet gives a retriable {@link BackendException}.
     */
    public List<String> listModels() {
        return listModels(false);
    }

    private List<String> listModels(boolean retry) {
        ensureOpen();
        Request request = authorized(new Request.Builder().url(resolve(baseUrl, "models"))).get().build();
        OpenAiTransport.Handler<List<String>> handler = r -> {
            JsonNode answer = OpenAiJson.tree(r.body().bytes(), request, transport.discoveryErrors());
            JsonNode data = answer.get("data");
            if (data == null || !data.isArray()) {
                throw transport.discoveryErrors().malformed(request, "no data array in the model list",
                        answer.toString(), null);
            }
            List<String> ids = new ArrayList<>();
            data.forEach(m -> {
                if (m.hasNonNull("id")) {
                    ids.add(m.get("id").asText());
                }
            });
            return List.copyOf(ids);
        };
        return retry ? transport.discover(request, new Cancellation(), handler)
                : transport.discoverOnce(request, new Cancellation(), handler);
    }

    /** Prompt and completion tokens summed over every successful call (streams count when they finish). */
    @Override
    public TokenUsage totalUsage() {
        return new TokenUsage(promptTokens.sum(), completionTokens.sum());
    }

    /** Refuses further calls. The module's shared connection pool stays open; a given OkHttpClient is left open. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[baseUrl=" + Secrets.redact(baseUrl.toString(), apiKey) + ", model="
                + (model == null ? "(server's first)" : model) + ", apiKey=" + Secrets.mask(apiKey) + ", " + limits
                + "]";
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

    /** The configured model, or the first one the server lists (asked once, with retries, within 30 s each). */
    private String resolvedModel() {
        String m = model;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (model == null) {
                List<String> ids = listModels(true);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static HttpUrl parseBaseUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException("baseUrl", value,
                    "is missing (an OpenAI-compatible URL such as http://localhost:8000/v1)");
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
            throw new InvalidSettingException("baseUrl", value, "must be an http(s) URL");
        }
        return url;
    }
}
