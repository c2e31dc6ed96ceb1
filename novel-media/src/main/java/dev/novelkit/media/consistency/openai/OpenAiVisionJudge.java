package dev.novelkit.media.consistency.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.media.consistency.VisionJudge;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.References;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link VisionJudge} over an OpenAI-compatible chat API with image input ({@code POST {base}/chat/completions},
 * a user message whose content is a text part and two {@code image_url} parts carrying the sheet and the picture as
 * {@code data:} URIs): OpenAI's vision models, DashScope compatible mode ({@code qwen-vl-*}), vLLM or Ollama serving a
 * vision model. The model is asked for JSON only ({@code {"similarity": 0..1, "drifted": true|false, "reason":
 * "..."}}); a code fence around it is tolerated. Immutable settings; the key never appears in messages or
 * {@link #toString()}.
 */
public final class OpenAiVisionJudge implements VisionJudge {
    private final String baseUrl;
    private final String apiKey;
    private final String model;
    private final RetryPolicy retryPolicy;
    private final OkHttpClient httpClient;
    private final HttpJson http;

    private OpenAiVisionJudge(String baseUrl, String apiKey, String model, RetryPolicy retryPolicy,
                              OkHttpClient httpClient) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.model = model;
        this.retryPolicy = retryPolicy;
        this.httpClient = httpClient;
        this.http = HttpJson.of("vision", RemoteLimits.of(4).retryPolicy(retryPolicy), Deadlines.DEFAULT, httpClient,
                apiKey);
    }

    /** A judge using vision model {@code model} at {@code https://api.openai.com/v1} (set the key and base URL). */
    public static OpenAiVisionJudge of(String model) {
        return new OpenAiVisionJudge("https://api.openai.com/v1", null, Require.nonBlank("model", model),
                RetryPolicy.defaults(), null);
    }

    /**
     * A judge from the environment: {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} (both optional) with vision
     * model {@code model}. Pass {@code System.getenv()}.
     */
    public static OpenAiVisionJudge fromEnv(Map<String, String> env, String model) {
        OpenAiVisionJudge judge = of(model);
        String base = env.get("OPENAI_BASE_URL");
        if (base != null && !base.isBlank()) {
            judge = judge.baseUrl(base);
        }
        return judge.apiKey(env.get("OPENAI_API_KEY"));
    }

    /** The base URL including {@code /v1}. */
    public OpenAiVisionJudge baseUrl(String value) {
        return new OpenAiVisionJudge(Require.baseUrl("baseUrl", value), apiKey, model, retryPolicy, httpClient);
    }

    /** The API key ({@code Authorization: Bearer}); null or blank for a local server without one. */
    public OpenAiVisionJudge apiKey(String value) {
        return new OpenAiVisionJudge(baseUrl, value == null || value.isBlank() ? null : value.strip(), model,
                retryPolicy, httpClient);
    }

    public OpenAiVisionJudge model(String value) {
        return new OpenAiVisionJudge(baseUrl, apiKey, Require.nonBlank("model", value), retryPolicy, httpClient);
    }

    public OpenAiVisionJudge retryPolicy(RetryPolicy value) {
        return new OpenAiVisionJudge(baseUrl, apiKey, model, Require.nonNull("retryPolicy", value), httpClient);
    }

    public OpenAiVisionJudge httpClient(OkHttpClient value) {
        return new OpenAiVisionJudge(baseUrl, apiKey, model, retryPolicy, Require.nonNull("httpClient", value));
    }

    @Override
    public String name() {
        return "vision model " + model;
    }

    @Override
    public Verdict compare(String name, String look, Path sheet, Path picture) {
        Objects.requireNonNull(name, "name");
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", model);
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", question(name, look));
        for (Path file : new Path[]{sheet, picture}) {
            String uri = References.dataUri(References.read(new ReferenceImage(name, file)));
            content.addObject().put("type", "image_url").putObject("image_url").put("url", uri);
        }
        Headers.Builder headers = new Headers.Builder();
        if (apiKey != null) {
            headers.add("Authorization", "Bearer " + apiKey);
        }
        Cancellation cancellation = new Cancellation();
        JsonNode answer = http.unit("compare " + name, cancellation,
                () -> http.postJson(baseUrl + "/chat/completions", headers.build(), body, cancellation));
        String text = answer.path("choices").path(0).path("message").path("content").asText("");
        return parse(text);
    }

    /** What the model is asked. */
    static String question(String name, String look) {
        return "Image 1 is the character sheet of " + name + (look == null || look.isBlank() ? "" : ", described as: "
                + look) + ". Image 2 is a picture from a video. Does " + name + " appear in image 2 looking the same "
                + "as on the sheet (face, hair, build, clothes and their colours)? Answer with JSON only: "
                + "{\"similarity\": a number from 0 (absent or a different person) to 1 (identical), "
                + "\"drifted\": true if the character looks different or is missing, \"reason\": \"one short sentence\"}";
    }

    /** Reads the model's JSON answer (inside a code fence or not). */
    static Verdict parse(String text) {
        String t = text == null ? "" : text.strip();
        int open = t.indexOf('{');
        int close = t.lastIndexOf('}');
        if (open < 0 || close < open) {
            throw BackendException.builder("vision", "the model answered without JSON: " + abbreviate(t)).build();
        }
        try {
            JsonNode verdict = HttpJson.mapper().readTree(t.substring(open, close + 1));
            JsonNode similarity = verdict.path("similarity");
            if (!similarity.isNumber()) {
                throw BackendException.builder("vision", "the model's JSON has no numeric similarity: "
                        + abbreviate(t)).build();
            }
            double s = Math.max(0, Math.min(1, similarity.asDouble()));
            return new Verdict(s, verdict.path("drifted").asBoolean(s < 0.5), verdict.path("reason").asText(""));
        } catch (IOException e) {
            throw BackendException.builder("vision", "the model's JSON is malformed: " + abbreviate(t)).cause(e)
                    .build();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @Override
    public String toString() {
        return "OpenAiVisionJudge[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }
}
