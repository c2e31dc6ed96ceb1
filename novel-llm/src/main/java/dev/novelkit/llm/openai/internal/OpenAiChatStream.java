package dev.novelkit.llm.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.remote.RemoteService;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A streamed chat completion read lazily from server-sent events: each {@code hasNext()} blocks until the next text
 * piece. The stream holds one of the server's slots from {@link #open} to its end or {@link #close()}. Opening and
 * reading up to the first text piece are retried by the server's {@code RemoteService} like any request (a stream
 * that breaks before any text reached the caller is reopened); after that, a break fails with a retriable
 * {@link BackendException} and is never retried. {@link #close()} cancels the call; the finish reason becomes
 * {@link FinishReason#CANCELLED}. {@code close()} may be called from another thread. Not public API.
 */
public final class OpenAiChatStream implements ChatStream {
    private static final String DONE = "[DONE]";

    private final OpenAiTransport transport;
    private final Request request;
    private final String requestedModel;
    private final Consumer<TokenUsage> onUsage;
    private final Cancellation cancellation = new Cancellation();
    private final StringBuilder text = new StringBuilder();

    private RemoteService.Slot slot;
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

    /** Takes a slot, sends the streaming request (with retries) and waits for the answer's headers. */
    public static OpenAiChatStream open(OpenAiTransport transport, Request request, String requestedModel,
                                        Consumer<TokenUsage> onUsage) {
        OpenAiChatStream stream = new OpenAiChatStream(transport, request, requestedModel, onUsage);
        stream.slot = transport.service().hold(transport.errors().where(request), stream.cancellation);
        try {
            transport.retried(request, stream.cancellation, () -> {
                stream.connectOnce();
                return null;
            });
        } catch (RuntimeException e) {
            stream.closeResponse();
            stream.release();
            throw e;
        }
        return stream;
    }

    /** One attempt to open: the response, or (a server that ignored {@code stream}) the whole JSON answer. */
    private void connectOnce() {
        resetAttempt();
        Response r = transport.openOnce(request, cancellation, c -> call = c);
        response = r;
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
        } catch (IOException e) {
            closeResponse();
            throw transport.errors().io(e, request);
        } catch (BackendException e) {
            closeResponse();
            throw e;
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

    /**
     * The next text piece, or null at the end. Until the first piece, a failure reopens the stream (retried by the
     * service); after it, a failure is a broken stream.
     */
    private String nextPiece() {
        if (text.length() > 0) {
            try {
                return readPiece();
            } catch (BackendException e) {
                done = true;
                closeResponse();
                release();
                if (closed) {
                    return null;
                }
                throw transport.errors().streamBroken(request, e);
            }
        }
        try {
            return transport.retried(request, cancellation, () -> {
                if (response == null) {
                    connectOnce();
                    if (done) {
                        return pending;
                    }
                }
                try {
                    return readPiece();
                } catch (BackendException e) {
                    closeResponse();
                    response = null;
                    throw e;
                }
            });
        } catch (CancelledException e) {
            if (closed) {
                return null;
            }
            done = true;
            release();
            throw e;
        } catch (RuntimeException e) {
            if (closed) {
                return null;
            }
            done = true;
            closeResponse();
            release();
            throw e;
        }
    }

    /** Reads events until a non-empty text piece (returned), the end (null) or a failure (thrown). */
    private String readPiece() {
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
                throw e instanceof IOException io ? transport.errors().io(io, request)
                        : transport.errors().malformed(request, "unreadable stream: " + e, null, e);
            }
            if (event == null) {
                if (closed) {
                    return null;
                }
                if (finishWire != null) {
                    finish();
                    return null;
                }
                throw transport.errors().malformed(request, "the stream ended before data: [DONE]", null, null);
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
        JsonNode chunk = OpenAiJson.tree(data, request, transport.errors());
        JsonNode error = OpenAiJson.error(chunk);
        if (error != null || "error".equals(event.name())) {
            throw transport.errors().errorObject(error == null ? chunk : error, request);
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

    private void resetAttempt() {
        usage = null;
        finishWire = null;
        model = requestedModel;
        events = null;
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
        cancellation.cancel();
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
        RemoteService.Slot s = slot;
        if (s != null) {
            s.close();
        }
    }
}
