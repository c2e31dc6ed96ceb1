package dev.novelkit.llm.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.remote.Deadlines;
import okhttp3.Request;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one place where failures of an OpenAI-compatible server become exceptions: HTTP statuses (through
 * {@link BackendException#forHttpStatus}), I/O errors and timeouts, malformed answers, and {@code error} objects
 * inside an HTTP 200 answer. Every text that comes from the server has the API key redacted. Not public API.
 */
public final class OpenAiErrors {
    private static final int MAX_DETAIL = 300;

    private final String backend;
    private final Secrets.Redactor redactor;
    private final Deadlines deadlines;

    public OpenAiErrors(String backend, String secret, Deadlines deadlines) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.redactor = Secrets.redactor(secret);
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    public String backend() {
        return backend;
    }

    /** A non-2xx answer; the detail is the server's own error text (JSON {@code error.message} when there is one). */
    public BackendException http(int status, Request request, byte[] body, java.time.Duration retryAfter) {
        String server = errorText(body);
        String where = where(request);
        return BackendException.forHttpStatus(backend, status, server.isEmpty() ? where : server + " (" + where + ")",
                retryAfter);
    }

    /** A connection failure, a reset or a timeout: always retriable. */
    public BackendException io(IOException e, Request request) {
        if (e instanceof InterruptedIOException timeout) {
            return deadlines.timedOut(backend, where(request), timeout);
        }
        String what;
        if (e instanceof ConnectException) {
            what = "cannot connect (is the server running?)";
        } else if (e instanceof UnknownHostException) {
            what = "unknown host (check the base URL)";
        } else {
            what = "I/O error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        return BackendException.builder(backend, redact(what) + " calling " + where(request))
                .retriable(true).cause(redactor.scrub(e)).build();
    }

    /** An answer that is not what the API promises (not JSON, no {@code choices}, a stream cut short). Retriable. */
    public BackendException malformed(Request request, String problem, String bodyHead, Throwable cause) {
        String head = bodyHead == null || bodyHead.isBlank() ? "" : ": " + clean(bodyHead);
        return BackendException.builder(backend, "malformed answer from " + where(request) + ": " + problem + head)
                .retriable(true).cause(redactor.scrub(cause)).build();
    }

    /** A stream that broke after text was already handed to the caller: never resumed; as retriable as its cause. */
    public BackendException streamBroken(Request request, BackendException cause) {
        String problem = cause.getMessage().startsWith(backend + ": ")
                ? cause.getMessage().substring(backend.length() + 2) : cause.getMessage();
        return BackendException.builder(backend, "stream from " + where(request) + " broke after text was delivered: "
                        + problem)
                .retriable(cause.isRetriable()).cause(cause).build();
    }

    /**
     * An {@code error} object inside an answer that came with HTTP 200 (some servers report failures this way,
     * also mid-stream). A numeric {@code code} in 400..599 is mapped like that HTTP status; otherwise not retriable.
     */
    public BackendException errorObject(JsonNode error, Request request) {
        String message = errorMessage(error);
        String text = (message.isEmpty() ? "error object without a message" : message)
                + " (HTTP 200 with an error object, " + where(request) + ")";
        int code = error.isObject() ? codeOf(error.get("code")) : -1;
        if (code >= 400 && code <= 599) {
            return BackendException.forHttpStatus(backend, code, redact(text));
        }
        return BackendException.builder(backend, "server reported an error: " + clean(text))
                .retriable(false).build();
    }

    /** The caller's thread was interrupted or the call cancelled. */
    public CancelledException cancelled(Request request) {
        return new CancelledException(backend + " call to " + where(request));
    }

    /** {@code text} with the API key replaced by its mask. */
    public String redact(String text) {
        return redactor.redact(text);
    }

    /** "POST http://host/v1/chat/completions": the request without its query, the key redacted. */
    public String where(Request request) {
        return request.method() + " " + redact(request.url().newBuilder().query(null).build().toString());
    }

    /** The most useful line of an error body: {@code error.message}, {@code detail}, {@code message}, or the text. */
    String errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        String text = raw;
        try {
            JsonNode node = OpenAiJson.MAPPER.readTree(raw);
            if (node != null && node.isObject()) {
                String message = node.has("error") ? errorMessage(node.get("error")) : "";
                if (message.isEmpty()) {
                    message = textOf(node.get("detail"));
                }
                if (message.isEmpty()) {
                    message = textOf(node.get("message"));
                }
                if (!message.isEmpty()) {
                    text = message;
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // keep the raw text
        }
        return clean(text);
    }

    private static String errorMessage(JsonNode error) {
        if (error == null || error.isNull()) {
            return "";
        }
        if (error.isTextual()) {
            return error.asText();
        }
        String message = textOf(error.get("message"));
        String type = textOf(error.get("type"));
        return type.isEmpty() || message.contains(type) ? message : message + (message.isEmpty() ? "" : " ") + "[" + type + "]";
    }

    private static String textOf(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static int codeOf(JsonNode code) {
        if (code == null || code.isNull()) {
            return -1;
        }
        if (code.isInt()) {
            return code.asInt();
        }
        try {
            return Integer.parseInt(code.asText().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One line, key redacted, then shortened (in that order, so a cut never leaves part of the key). */
    private String clean(String s) {
        return abbreviate(redact(oneLine(s)));
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }
}
