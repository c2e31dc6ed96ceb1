package dev.novelkit.dataset.prompt;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.prompt.StoryPrompts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link StoryPrompts} of the dataset stage: starts from the seed's prompts and replaces any of them by a
 * string or a UTF-8 template file. Immutable: every method returns a new builder.
 *
 * <p>Templates hold named placeholders in braces. The requests may hold {@code {paragraph}} (without it the
 * paragraph is appended, as the seed does); the query templates must hold {@code {summary}}, {@code {context}} or
 * {@code {brief}}. Any other lowercase name, such as {@code {words}}, is yours: give it a value with
 * {@link #value(String, String)}; {@link #build()} fails on a placeholder left without one (a typo such as
 * {@code {paragrah}} is caught there).
 *
 * <pre>{@code
 * StoryPrompts prompts = SummaryPromptBuilder.defaults()
 *         .summaryRequest("用不超过{words}字总结下面的段落：{paragraph}")
 *         .value("words", "200")
 *         .queryFile(SampleKind.BRIEF, Path.of("brief-query.txt"))
 *         .build();
 * }</pre>
 */
public final class SummaryPromptBuilder {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Set<String> RESERVED = Set.of("paragraph", "summary", "context", "brief");

    private final StoryPrompts base;
    private final String summaryRequest;
    private final String briefRequest;
    private final Map<SampleKind, String> queries;
    private final Map<String, String> values;

    private SummaryPromptBuilder(StoryPrompts base, String summaryRequest, String briefRequest,
                                 Map<SampleKind, String> queries, Map<String, String> values) {
        this.base = base;
        this.summaryRequest = summaryRequest;
        this.briefRequest = briefRequest;
        this.queries = queries;
        this.values = values;
    }

    /** Starts from the seed's prompts with the typo fixed ({@link StoryPrompts#defaults()}). */
    public static SummaryPromptBuilder defaults() {
        return of(StoryPrompts.defaults());
    }

    /** Starts from the seed's prompts word for word, typo "清洁叙述" included ({@link StoryPrompts#seedVerbatim()}). */
    public static SummaryPromptBuilder seedVerbatim() {
        return of(StoryPrompts.seedVerbatim());
    }

    /** Starts from any prompts. */
    public static SummaryPromptBuilder of(StoryPrompts prompts) {
        return new SummaryPromptBuilder(Require.nonNull("prompts", prompts), null, null, Map.of(), Map.of());
    }

    /** Replaces the structured-summary request (may hold {@code {paragraph}}). */
    public SummaryPromptBuilder summaryRequest(String template) {
        return new SummaryPromptBuilder(base, nonEmpty(template, "summary request"), briefRequest, queries, values);
    }

    /** Replaces the 60-character brief request (may hold {@code {paragraph}}). */
    public SummaryPromptBuilder briefRequest(String template) {
        return new SummaryPromptBuilder(base, summaryRequest, nonEmpty(template, "brief request"), queries, values);
    }

    /** Replaces the query template of one sample kind; it must hold that kind's placeholder. */
    public SummaryPromptBuilder query(SampleKind kind, String template) {
        Require.nonNull("kind", kind);
        EnumMap<SampleKind, String> copy = new EnumMap<>(SampleKind.class);
        copy.putAll(queries);
        copy.put(kind, nonEmpty(template, "query template " + kind));
        return new SummaryPromptBuilder(base, summaryRequest, briefRequest, Collections.unmodifiableMap(copy), values);
    }

    /** Loads the structured-summary request from a UTF-8 file, used as written (a final line break included). */
    public SummaryPromptBuilder summaryRequestFile(Path file) {
        return summaryRequest(readTemplate(file));
    }

    /** Loads the brief request from a UTF-8 file, used as written (a final line break included). */
    public SummaryPromptBuilder briefRequestFile(Path file) {
        return briefRequest(readTemplate(file));
    }

    /** Loads a query template from a UTF-8 file; one final line break, which editors add, is dropped. */
    public SummaryPromptBuilder queryFile(SampleKind kind, Path file) {
        String text = readTemplate(file);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return query(kind, nonEmptyFile(text, file));
    }

    /** Gives a value to one of your own placeholders, filled in every prompt at {@link #build()}. */
    public SummaryPromptBuilder value(String name, String value) {
        Require.nonNull("value", value);
        Require.that(name != null && name.matches("[a-z]+"), "value name", name,
                "must be lowercase letters only (a placeholder name)");
        Require.that(!RESERVED.contains(name), "value name", name, "is filled by the dataset stage itself");
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new SummaryPromptBuilder(base, summaryRequest, briefRequest, queries, Collections.unmodifiableMap(copy));
    }

    /**
     * Validates and returns the prompts.
     *
     * @throws InvalidInputException naming the prompt when a placeholder has no value or a query template lacks
     *                               its placeholder
     */
    public StoryPrompts build() {
        String summary = fillOwn(summaryRequest != null ? summaryRequest : base.summaryRequest(), "summary request",
                Set.of("paragraph"));
        String brief = fillOwn(briefRequest != null ? briefRequest : base.briefRequest(), "brief request",
                Set.of("paragraph"));
        StoryPrompts prompts = base.summaryRequest(summary).briefRequest(brief);
        for (SampleKind kind : SampleKind.values()) {
            String template = queries.getOrDefault(kind, base.queryTemplate(kind));
            String needed = StoryPrompts.placeholderOf(kind);
            prompts = prompts.queryTemplate(kind, fillOwn(template, "query template " + kind, Set.of(needed)));
        }
        return prompts;
    }

    private String fillOwn(String template, String what, Set<String> allowed) {
        Matcher m = PLACEHOLDER.matcher(template);
        Set<String> missing = new TreeSet<>();
        while (m.find()) {
            String name = m.group(1);
            if (!allowed.contains(name) && !values.containsKey(name)) {
                missing.add("{" + name + "}");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(what, "placeholder " + String.join(", ", missing)
                    + " has no value (allowed here: " + allowed.stream().map(n -> "{" + n + "}").toList()
                    + "; give your own with value(name, text))");
        }
        return values.isEmpty() ? template : StoryPrompts.fill(template, values);
    }

    private static String nonEmpty(String template, String what) {
        Require.that(template != null && !template.isBlank(), what, template, "must not be empty");
        return template;
    }

    private static String nonEmptyFile(String text, Path file) {
        if (text.isBlank()) {
            throw new InvalidInputException(file.toString(), "the template file is empty");
        }
        return text;
    }

    /** Reads a UTF-8 template (a BOM dropped, CRLF made LF); missing, unreadable, empty or not UTF-8 → error. */
    static String readTemplate(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "the template file does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read the template file: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file.toString(), "the template file is not valid UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        return nonEmptyFile(text, file);
    }

    @Override
    public String toString() {
        return "SummaryPromptBuilder[replaced=" + (summaryRequest != null ? "summaryRequest " : "")
                + (briefRequest != null ? "briefRequest " : "") + queries.keySet() + ", values=" + values.keySet() + "]";
    }
}
