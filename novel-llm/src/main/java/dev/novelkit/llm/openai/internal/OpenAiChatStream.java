package dev.novelkit.llm.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.TokenUsage;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A streamed chat completion read lazily from server-sent events: each {@code hasNext()} blocks until the next text
 * piece. The HTTP call is opened (with retries) by {@link #open}, so HTTP errors surface there. A stream that breaks
 * before any text reached the caller is reopened (within the retry policy); after that it fails with a retriable
 * {@link BackendException} and is never retried. {@link #close()} cancels the call; the finish reason becomes
 * {@link FinishReason#CANCELLED}. {@code close()} may be called from another thread. Not public API.
 */
public final class OpenAiChatStream implements ChatStream {
    private static final String DONE = "[DONE]";

    private final OpenAiTransport transport;
    private final Request request;
    private final String requestedModel;
    private final Consumer<TokenUsage> onUsage;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicBoolean slotHeld = new AtomicBoolean();
    private final StringBuilder text = new StringBuilder();

    private volatile boolean closed;
    private volatile Call call;
    private Response response;
    private SseReader events;
    private boolean done;
    private boolean iterated;
    private String pending;
    private TokenUsage usage;
    private String finishWire;
    private FinishReason finishReason;
    private String model;

    private OpenAiChatStream(OpenAiTransport transport, Request request, String requestedModel,
                             Consumer<TokenUsage> onUsage) {
        this.transport = transport;
        this.request = request;
        this.requestedModel = requestedModel;
        this.model = requestedModel;
        this.onUsage = onUsage;
    }

    /** Sends the streaming request and waits for the answer's headers. */
    public static OpenAiChatStream open(OpenAiTransport transport, Request request, String requestedModel,
                                        Consumer<TokenUsage> onUsage) {
        OpenAiChatStream stream = new OpenAiChatStream(transport, request, requestedModel, onUsage);
        stream.connect();
        return stream;
    }

    private void connect() {
        Response r = transport.open(request, attempts, c -> call = c);
        slotHeld.set(true);
        response = r;
        if (closed) {
            closeResponse();
            release();
            return;
        }
        MediaType type = r.body().contentType();
        if (type != null && type.subtype().contains("json")) {
            readWholeJsonAnswer(r);
        } else {
            events = new SseReader(r.body().source());
        }
    }

    /** A server that ignored {@code stream: true} and sent one JSON completion: deliver it as one piece. */
    private void readWholeJsonAnswer(Response r) {
        ChatResponse whole;
        try {
            whole = OpenAiJson.completion(r.body().bytes(), request, requestedModel, transport.errors());
        } catch (IOException | BackendException e) {
            BackendException failure = e instanceof IOException io ? transport.errors().io(io, request)
                    : (BackendException) e;
            if (reconnectAfter(failure)) {
                return;
            }
            throw failure;
        }
        pending = whole.text().isEmpty() ? null : whole.text();
        text.append(whole.text());
        usage = whole.usage();
        finishReason = whole.finishReason();
        model = whole.model();
        finish();
    }

    @Override
    public Iterator<String> iterator() {
        if (iterated) {
            throw new IllegalStateException("a ChatStream can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (pending == null && !done && !closed) {
                    pending = nextPiece();
                }
                return pending != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String piece = pending;
                pending = null;
                return piece;
            }
        };
    }

    /** Reads events until a non-empty text piece, the end ([DONE]) or a failure. */
    private String nextPiece() {
        while (true) {
            if (closed) {
                return null;
            }
            SseReader.Event event;
            try {
                event = events.next();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return null;
                }
                BackendException failure = e instanceof IOException io ? transport.errors().io(io, request)
                        : transport.errors().malformed(request, "unreadable stream: " + e, null, e);
                if (!reconnectAfter(failure)) {
                    throw failure;
                }
                continue;
            }
            if (event == null) {
                if (closed) {
                    return null;
                }
                if (finishWire != null) {
                    finish();
                    return null;
                }
                BackendException cut = transport.errors().malformed(request,
                        "the stream ended before data: [DONE]", null, null);
                if (!reconnectAfter(cut)) {
                    throw cut;
                }
                continue;
            }
            String data = event.data().strip();
            if (data.equals(DONE)) {
                finish();
                return null;
            }
            String piece = onChunk(event, data);
            if (piece != null) {
                return piece;
            }
        }
    }

    /** Handles one chunk; returns its text piece, or null when it has none. */
    private String onChunk(SseReader.Event event, String data) {
        if (data.isEmpty()) {
            return null;
        }
        JsonNode chunk;
        try {
            chunk = OpenAiJson.tree(data, request, transport.errors());
            JsonNode error = OpenAiJson.error(chunk);
            if (error != null || "error".equals(event.name())) {
                throw transport.errors().errorObject(error == null ? chunk : error, request);
            }
        } catch (BackendException e) {
            if (reconnectAfter(e)) {
                return null;
            }
            throw e;
        }
        model = OpenAiJson.model(chunk, model);
        TokenUsage u = OpenAiJson.usage(chunk);
        if (u != null) {
            usage = u;
        }
        JsonNode choice = OpenAiJson.firstChoice(chunk);
        if (choice == null) {
            return null;
        }
        String reason = OpenAiJson.finishReason(choice);
        if (reason != null) {
            finishWire = reason;
        }
        String piece = OpenAiJson.content(choice.get("delta"));
        if (piece.isEmpty()) {
            return null;
        }
        text.append(piece);
        return piece;
    }

    /**
     * After a broken stream or a bad chunk: reopens it when no text has reached the caller and the retry policy
     * allows, and says whether it did. Otherwise frees the call; the caller throws.
     */
    private boolean reconnectAfter(BackendException failure) {
        closeResponse();
        release();
        if (text.length() > 0) {
            done = true;
            throw transport.errors().streamBroken(request, failure);
        }
        int n = attempts.get();
        if (!failure.isRetriable() || n > transport.retry().maxRetries()) {
            done = true;
            return false;
        }
        transport.pause(transport.retry().delayBefore(n, null), request);
        usage = null;
        finishWire = null;
        model = requestedModel;
        try {
            connect();
        } catch (CancelledException e) {
            if (closed) {
                return true;
            }
            done = true;
            throw e;
        } catch (RuntimeException e) {
            done = true;
            throw e;
        }
        return true;
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (finishReason == null) {
            finishReason = FinishReason.fromWire(finishWire);
        }
        if (usage == null) {
            usage = TokenUsage.ZERO;
        }
        closeResponse();
        release();
        onUsage.accept(usage);
    }

    @Override
    public ChatResponse response() {
        pending = null;
        while (!done && !closed) {
            nextPiece();
        }
        boolean cancelled = closed && finishReason == null;
        return new ChatResponse(text.toString(), usage, cancelled ? FinishReason.CANCELLED : finishReason, model);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (done) {
            return;
        }
        Call c = call;
        if (c != null) {
            c.cancel();
        }
        closeResponse();
        release();
    }

    private void closeResponse() {
        Response r = response;
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException ignored) {
                // closing from another thread while the reader is blocked; the cancel already ended the call
            }
        }
    }

    private void release() {
        if (slotHeld.compareAndSet(true, false)) {
            transport.release();
        }
    }
}
