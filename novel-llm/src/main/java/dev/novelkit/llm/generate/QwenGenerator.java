package dev.novelkit.llm.generate;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.llm.generate.internal.SentenceBoundaries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes stories with a fine-tuned Qwen model the way the seed uses it, over any {@link ChatModel} (an
 * OpenAI-compatible server, swift deploy, a local GGUF file).
 *
 * <p>The queries come from {@link StoryPrompts} (by default {@link StoryPrompts#defaults()}, the same templates
 * the dataset is built with), so training and inference prompts match by construction: {@link #fromSummary} asks
 * for a story from a structured summary, {@link #continueFrom} continues from a previous ending, {@link
 * #expandBrief} expands a short brief. Sampling starts from the seed's values ({@link
 * GenerationOptions#seedDefaults()}: do_sample true, top_k 20, top_p 0.9). Each operation returns the whole
 * {@link ChatResponse}; the variants with a {@code Consumer} or a {@code Writer} also stream the text as it is
 * written. {@link #writeStory} writes several chapters by rolling the continuation prompt over the end of what
 * was written.
 *
 * <p>Immutable and thread-safe; every setter returns a new generator and checks its value at once
 * ({@link dev.novelkit.core.InvalidSettingException} naming the setting and the value).
 *
 * <pre>{@code
 * QwenGenerator writer = QwenGenerator.of(chatModel).temperature(0.7).maxTokens(800);
 * ChatResponse story = writer.expandBrief("雨夜，书生在破庙里遇见一位白衣女子");
 * }</pre>
 */
public final class QwenGenerator {
    private static final String TASK = "story";

    private final ChatModel model;
    private final StoryPrompts prompts;
    private final GenerationOptions options;
    private final String system;

    private QwenGenerator(ChatModel model, StoryPrompts prompts, GenerationOptions options, String system) {
        this.model = model;
        this.prompts = prompts;
        this.options = options;
        this.system = system;
    }

    /** A generator over {@code model} with the dataset's prompts, the seed's sampling and the seed's system. */
    public static QwenGenerator of(ChatModel model) {
        return new QwenGenerator(Require.nonNull("model", model), StoryPrompts.defaults(),
                GenerationOptions.seedDefaults(), ChatModel.DEFAULT_SYSTEM);
    }

    /** The prompt templates; use the ones the training dataset was built with. */
    public QwenGenerator prompts(StoryPrompts prompts) {
        return new QwenGenerator(model, Require.nonNull("prompts", prompts), options, system);
    }

    /** Replaces all sampling options. */
    public QwenGenerator options(GenerationOptions options) {
        return new QwenGenerator(model, prompts, Require.nonNull("options", options), system);
    }

    public QwenGenerator temperature(double value) {
        return options(options.temperature(value));
    }

    public QwenGenerator maxTokens(int value) {
        return options(options.maxTokens(value));
    }

    public QwenGenerator repetitionPenalty(double value) {
        return options(options.repetitionPenalty(value));
    }

    public QwenGenerator seed(long value) {
        return options(options.seed(value));
    }

    public QwenGenerator topK(int value) {
        return options(options.topK(value));
    }

    public QwenGenerator topP(double value) {
        return options(options.topP(value));
    }

    /** The system message (default "You are a helpful assistant.", as in training); empty sends none. */
    public QwenGenerator system(String system) {
        return new QwenGenerator(model, prompts, options, Require.nonNull("system", system));
    }

    public ChatModel model() {
        return model;
    }

    public StoryPrompts prompts() {
        return prompts;
    }

    public GenerationOptions options() {
        return options;
    }

    public String system() {
        return system;
    }

    /** The messages sent for a query of {@code kind} around {@code value}: the system message, then the query. */
    public List<ChatMessage> messages(SampleKind kind, String value) {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(inputName(kind), "is empty");
        }
        ChatMessage query = ChatMessage.user(prompts.queryFor(kind, value.strip()));
        return system.isEmpty() ? List.of(query) : List.of(ChatMessage.system(system), query);
    }

    /** Writes from the query of {@code kind} around {@code value}. */
    public ChatResponse write(SampleKind kind, String value) {
        return model.chat(messages(kind, value), options);
    }

    /** Writes from the query of {@code kind} around {@code value}, streaming the text to {@code onText}. */
    public ChatResponse write(SampleKind kind, String value, Consumer<String> onText) {
        Objects.requireNonNull(onText, "onText");
        return model.stream(messages(kind, value), options, onText);
    }

    /** A story from a structured summary (its text as the summarizer wrote it, as in training). */
    public ChatResponse fromSummary(StorySummary summary) {
        return write(SampleKind.SUMMARY, summaryText(summary));
    }

    public ChatResponse fromSummary(StorySummary summary, Consumer<String> onText) {
        return write(SampleKind.SUMMARY, summaryText(summary), onText);
    }

    public ChatResponse fromSummary(StorySummary summary, Writer out) {
        return write(SampleKind.SUMMARY, summaryText(summary), toWriter(out));
    }

    /** A story from a summary's text. */
    public ChatResponse fromSummary(String summary) {
        return write(SampleKind.SUMMARY, summary);
    }

    public ChatResponse fromSummary(String summary, Consumer<String> onText) {
        return write(SampleKind.SUMMARY, summary, onText);
    }

    public ChatResponse fromSummary(String summary, Writer out) {
        return write(SampleKind.SUMMARY, summary, toWriter(out));
    }

    /** The next part of a story from the ending of the previous one (the dataset uses its last 500 characters). */
    public ChatResponse continueFrom(String previousEnding) {
        return write(SampleKind.CONTINUATION, previousEnding);
    }

    public ChatResponse continueFrom(String previousEnding, Consumer<String> onText) {
        return write(SampleKind.CONTINUATION, previousEnding, onText);
    }

    public ChatResponse continueFrom(String previousEnding, Writer out) {
        return write(SampleKind.CONTINUATION, previousEnding, toWriter(out));
    }

    /** A story expanded from a brief of at most about 60 characters. */
    public ChatResponse expandBrief(String brief) {
        return write(SampleKind.BRIEF, brief);
    }

    public ChatResponse expandBrief(String brief, Consumer<String> onText) {
        return write(SampleKind.BRIEF, brief, onText);
    }

    public ChatResponse expandBrief(String brief, Writer out) {
        return write(SampleKind.BRIEF, brief, toWriter(out));
    }

    /** A story of {@code chapters} chapters: the first from the summary, the others rolling continuations. */
    public Story writeStory(StorySummary summary, int chapters, LongFormOptions longForm) {
        return writeLong(SampleKind.SUMMARY, summaryText(summary), "", chapters, longForm);
    }

    /** A story of {@code chapters} chapters: the first expanded from the brief, the others rolling continuations. */
    public Story writeStory(String brief, int chapters, LongFormOptions longForm) {
        return writeLong(SampleKind.BRIEF, brief, "", chapters, longForm);
    }

    /**
     * {@code chapters} new chapters after {@code previousText}, each a continuation of the last
     * {@link LongFormOptions#contextChars()} characters so far; the story returned holds only the new chapters.
     */
    public Story continueStory(String previousText, int chapters, LongFormOptions longForm) {
        if (previousText == null || previousText.isBlank()) {
            throw new InvalidInputException(inputName(SampleKind.CONTINUATION), "is empty");
        }
        return writeLong(SampleKind.CONTINUATION, previousText, previousText.strip(), chapters, longForm);
    }

    private Story writeLong(SampleKind openingKind, String openingValue, String before, int chapters,
                            LongFormOptions longForm) {
        Require.nonNull("longForm", longForm);
        Require.atLeast("chapters", chapters, 1);
        messages(openingKind, openingValue); // validates the input before anything is written
        List<Story.Chapter> written = new ArrayList<>();
        StringBuilder soFar = new StringBuilder(before);
        TokenUsage usage = TokenUsage.ZERO;
        long length = 0;
        boolean emittedAny = false;
        Story.End end = Story.End.COMPLETE;
        longForm.listener().onProgress(Progress.of(TASK, 0, chapters));
        for (int n = 1; n <= chapters; n++) {
            if (longForm.isCancelled()) {
                end = Story.End.CANCELLED;
                break;
            }
            long room = longForm.maxChars() - length;
            if (room <= 0) {
                end = Story.End.LENGTH_BOUND;
                break;
            }
            boolean opening = openingKind != SampleKind.CONTINUATION && soFar.toString().isBlank();
            List<ChatMessage> messages = opening ? messages(openingKind, openingValue)
                    : messages(SampleKind.CONTINUATION, SentenceBoundaries.tail(soFar, longForm.contextChars()));
            longForm.listener().onMessage("chapter " + n + "/" + chapters);
            ChapterResult result = writeChapter(n, messages, room, emittedAny, longForm);
            Story.Chapter chapter = result.chapter();
            written.add(chapter);
            usage = usage.plus(chapter.usage());
            length += chapter.text().length();
            if (!chapter.text().isEmpty()) {
                emittedAny = true;
                if (!soFar.isEmpty()) {
                    soFar.append(Story.CHAPTER_SEPARATOR);
                }
                soFar.append(chapter.text());
            }
            longForm.listener().onProgress(new Progress(TASK, n, chapters,
                    "chapter " + n + ": " + chapter.text().length() + " chars, " + length + " in all"));
            if (chapter.finishReason() == FinishReason.CANCELLED) {
                end = Story.End.CANCELLED;
                break;
            }
            if (result.bounded()) {
                end = Story.End.LENGTH_BOUND;
                break;
            }
        }
        return new Story(written, chapters, usage, end);
    }

    /** A chapter and whether the length bound cut it. */
    private record ChapterResult(Story.Chapter chapter, boolean bounded) {
    }

    /**
     * Streams one chapter. Text goes to the listener a sentence at a time; when the chapter reaches the length
     * bound ({@code room} characters) generation is cancelled and the chapter cut at its last sentence end within
     * the bound (or exactly at the bound when it has none), so what was streamed is what is kept.
     */
    private ChapterResult writeChapter(int number, List<ChatMessage> messages, long room, boolean emittedAny,
                                       LongFormOptions longForm) {
        StringBuilder text = new StringBuilder();
        int emitted = 0;
        FinishReason reason = null;
        String separator = emittedAny ? Story.CHAPTER_SEPARATOR : "";
        ChatResponse response;
        try (ChatStream stream = model.stream(messages, options)) {
            for (String piece : stream) {
                text.append(piece);
                if (longForm.isCancelled()) {
                    reason = FinishReason.CANCELLED;
                    break;
                }
                if (text.length() >= room) {
                    int limit = (int) Math.min(room, Integer.MAX_VALUE);
                    int cut = SentenceBoundaries.lastEnd(text, emitted, limit);
                    if (cut < 0) {
                        cut = emitted > 0 ? emitted : SentenceBoundaries.safeCut(text, limit);
                    }
                    text.setLength(cut);
                    reason = FinishReason.LENGTH;
                    break;
                }
                int end = SentenceBoundaries.lastEnd(text, emitted, text.length());
                if (end > emitted) {
                    separator = emit(longForm, separator, text.substring(emitted, end));
                    emitted = end;
                }
            }
            emit(longForm, separator, text.substring(emitted));
            stream.close();
            response = stream.response();
        }
        FinishReason finish = reason != null ? reason : response.finishReason();
        return new ChapterResult(new Story.Chapter(number, text.toString(), finish, response.usage()),
                reason == FinishReason.LENGTH);
    }

    /** Emits {@code text} after the pending separator; returns the separator still pending. */
    private static String emit(LongFormOptions longForm, String separator, String text) {
        if (text.isEmpty()) {
            return separator;
        }
        longForm.emit(separator + text);
        return "";
    }

    private static String summaryText(StorySummary summary) {
        Objects.requireNonNull(summary, "summary");
        return summary.queryText();
    }

    private static String inputName(SampleKind kind) {
        return switch (kind) {
            case SUMMARY -> "summary";
            case CONTINUATION -> "previous ending";
            case BRIEF -> "brief";
        };
    }

    private static Consumer<String> toWriter(Writer out) {
        Objects.requireNonNull(out, "out");
        return piece -> {
            try {
                out.write(piece);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the generated text: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public String toString() {
        return "QwenGenerator[model=" + model.name() + ", options=" + options + "]";
    }
}
