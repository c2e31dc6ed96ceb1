package dev.novelkit.dataset.summary.llm;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.dataset.internal.Fingerprint;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.core.summary.Summarizer;
import dev.novelkit.dataset.summary.SummaryParser;
import dev.novelkit.core.text.Sentences;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link Summarizer} over any {@link ChatModel}, asking as the seed does: a system message "You are a helpful
 * assistant." and a user message holding the request prompt and the paragraph
 * ({@link StoryPrompts#summaryRequestFor}, {@link StoryPrompts#briefRequestFor}).
 *
 * <p>When the model does not follow the summary format ({@link SummaryParser}), it is asked again, up to
 * {@link #maxAttempts(int)} calls in all; the first well-formed answer wins, otherwise the most complete one (ties
 * go to the later attempt, so with nothing usable it is the last), marked not well formed. A brief longer than
 * {@link #briefMaxChars(int)} code points is cut at the last sentence end or comma that fits. An empty answer after
 * every attempt is a non-retriable {@link BackendException}. Backend failures ({@link BackendException}) pass
 * through: retrying them is the chat model's job. Immutable and thread-safe.
 */
public final class LlmSummarizer implements Summarizer {
    private static final Pattern LABEL = Pattern.compile(
            "^(?:好的[，,。!！]?\\s*)?(?:以下是|下面是)?[^\\n：:]{0,8}(?:总结|概括|概述|简介|梗概)\\s*(?:如下)?\\s*[：:]\\s*");
    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");

    private final ChatModel model;
    private final StoryPrompts prompts;
    private final GenerationOptions options;
    private final int maxAttempts;
    private final int briefMaxChars;
    private final String name;

    private LlmSummarizer(ChatModel model, StoryPrompts prompts, GenerationOptions options, int maxAttempts,
                          int briefMaxChars, String name) {
        this.model = model;
        this.prompts = prompts;
        this.options = options;
        this.maxAttempts = maxAttempts;
        this.briefMaxChars = briefMaxChars;
        this.name = name;
    }

    /** A summarizer over {@code model} with the default prompts, backend-default sampling and 3 attempts. */
    public static LlmSummarizer of(ChatModel model) {
        return new LlmSummarizer(Require.nonNull("model", model), StoryPrompts.defaults(),
                GenerationOptions.defaults(), 3, 60, null);
    }

    /** The request prompts (the query templates in them are not used here). */
    public LlmSummarizer prompts(StoryPrompts prompts) {
        return new LlmSummarizer(model, Require.nonNull("prompts", prompts), options, maxAttempts, briefMaxChars,
                name);
    }

    /** Sampling options for every call. */
    public LlmSummarizer options(GenerationOptions options) {
        return new LlmSummarizer(model, prompts, Require.nonNull("options", options), maxAttempts, briefMaxChars,
                name);
    }

    /** Calls per summary at most, ≥ 1 (default 3): the model is asked again while it ignores the format. */
    public LlmSummarizer maxAttempts(int attempts) {
        return new LlmSummarizer(model, prompts, options, Require.atLeast("maxAttempts", attempts, 1), briefMaxChars,
                name);
    }

    /** The longest brief in code points, ≥ 10 (default 60, the seed's limit). */
    public LlmSummarizer briefMaxChars(int max) {
        return new LlmSummarizer(model, prompts, options, maxAttempts, Require.atLeast("briefMaxChars", max, 10),
                name);
    }

    /**
     * The name in reports ({@code "llm:qwen2-7b-instruct"}). It does not key the dataset journal:
     * {@link #fingerprint} does, from what is actually sent.
     */
    public LlmSummarizer name(String name) {
        return new LlmSummarizer(model, prompts, options, maxAttempts, briefMaxChars, Require.nonBlank("name", name));
    }

    /** The given name, or "llm:" and the chat model's {@link ChatModel#name() name}. */
    @Override
    public String name() {
        return name != null ? name : "llm:" + model.name();
    }

    /**
     * A SHA-256 over the chat model's {@link ChatModel#identity() identity} (backend, server, model as the server
     * names it), the request prompt of that call, the sampling options, the attempts and, for briefs, the length
     * limit: whatever changes what is sent or kept changes the fingerprint.
     */
    @Override
    public String fingerprint(SampleKind call) {
        String request = switch (call) {
            case SUMMARY -> prompts.summaryRequest();
            case BRIEF -> prompts.briefRequest() + "\u0000briefMaxChars=" + briefMaxChars;
            case CONTINUATION -> throw new IllegalArgumentException("a continuation needs no summarizer call");
        };
        return "llm/" + Fingerprint.of("llm-summarizer/1", model.identity(), ChatModel.DEFAULT_SYSTEM, request,
                options.toString(), "maxAttempts=" + maxAttempts);
    }

    @Override
    public StorySummary summarize(String paragraph) {
        Objects.requireNonNull(paragraph, "paragraph");
        String request = prompts.summaryRequestFor(paragraph);
        StorySummary best = null;
        int bestScore = -1;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            String text = ask(request, attempt);
            if (text.isBlank()) {
                continue;
            }
            StorySummary parsed = SummaryParser.parse(text);
            if (parsed.wellFormed()) {
                return parsed;
            }
            int score = SummaryParser.completeness(parsed);
            if (score >= bestScore) {
                best = parsed;
                bestScore = score;
            }
        }
        if (best == null) {
            throw emptyAnswer("summary");
        }
        return best;
    }

    @Override
    public String brief(String paragraph) {
        Objects.requireNonNull(paragraph, "paragraph");
        String request = prompts.briefRequestFor(paragraph);
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            String text = cleanBrief(ask(request, attempt));
            if (!text.isEmpty()) {
                return Sentences.trim(text, briefMaxChars);
            }
        }
        throw emptyAnswer("brief");
    }

    private String ask(String request, int attempt) {
        GenerationOptions o = options;
        if (attempt > 1 && o.seed().isPresent()) {
            // A fixed seed would repeat the same answer: vary it on a retry.
            o = o.seed(o.seed().getAsLong() + attempt - 1);
        }
        List<ChatMessage> messages = List.of(ChatMessage.system(ChatModel.DEFAULT_SYSTEM), ChatMessage.user(request));
        return model.chat(messages, o).text();
    }

    /** Drops reasoning blocks, a "以下是总结:" label, line breaks and wrapping quotes. */
    static String cleanBrief(String text) {
        String s = THINK.matcher(text).replaceAll("");
        int thinkEnd = s.lastIndexOf("</think>");
        if (thinkEnd >= 0) {
            s = s.substring(thinkEnd + "</think>".length());
        }
        s = s.replace("**", "").strip();
        s = LABEL.matcher(s).replaceFirst("");
        s = s.replaceAll("\\s*\\n\\s*", "").strip();
        if (s.length() >= 2 && "“\"「『".indexOf(s.charAt(0)) >= 0 && "”\"」』".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    private BackendException emptyAnswer(String what) {
        return BackendException.builder(model.name(), "the model returned an empty " + what + " "
                + maxAttempts + (maxAttempts == 1 ? " time" : " times")).retriable(false).build();
    }

    @Override
    public String toString() {
        return "LlmSummarizer[" + name() + ", maxAttempts=" + maxAttempts + ", briefMaxChars=" + briefMaxChars + "]";
    }
}
