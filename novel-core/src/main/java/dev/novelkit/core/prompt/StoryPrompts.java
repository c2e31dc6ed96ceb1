package dev.novelkit.core.prompt;

import dev.novelkit.core.InvalidInputException;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts of the seed's dataset stage, shared by dataset building and generation so that training and
 * inference queries match by construction: the structured-summary request, the 60-character brief request, and
 * the three query templates ({@code {summary}}, {@code {context}}, {@code {brief}} placeholders). Immutable.
 *
 * <p>{@link #seedVerbatim()} is the seed write-up word for word, typo "清洁叙述" and the indentation its Python
 * line continuations carry included; {@link #defaults()} fixes the typo to "情节叙述" and drops that indentation.
 * A request prompt may hold a {@code {paragraph}} placeholder; without one the paragraph is appended, as the seed
 * does.
 */
public final class StoryPrompts {
    static final String SUMMARY_REQUEST = """

            根据提供给你的小说段落,帮我生成一个小说/故事的总结,总结中要包含小说的人物形象,剧情概述等关键要素,不超过250字,不要回答任何其他内容。
            请参考下面的例子,输出要严格按照下面的格式!!!!!!!

            小说的风格和主题:
            xxxxxxxxxxxxxxxx

            人物形象:
            人物1:xxxxxx
            人物2:xxxxxx
            人物3:xxxxxx

            剧情概述:
            开头:xxxxxxx
            高潮:xxxxxxx
            结尾:xxxxxxx
            """;
    static final String BRIEF_REQUEST = """

            根据提供给你的小说段落,帮我生成一个小说/故事的总结,总结不需要特别详细,字数不要超过60个汉字字符!!!!!
            下面是小说/故事内容:

            """;
    static final String SUMMARY_QUERY = "根据以下对小说的总结和描述,帮我生成一篇2000字左右的小说,要有情节叙述和人物对话:\n{summary}\n现在我们开始:";
    static final String CONTINUATION_QUERY_SEED = "下面是前一个章节的结尾部分,请帮我进行扩写,扩写的内容一定要贴合前一个章节的内容,"
            + "                情节一定要生动且丰富,要同时有情节叙述和人物对话:{context}";
    static final String BRIEF_QUERY_SEED = "下面是前一个章节的简要概括,请帮我进行扩写,扩写的内容一定要贴合概括中的内容,"
            + "    情节一定要生动且丰富,要同时有清洁叙述和人物对话:\n{brief}\n现在我们开始:";

    private static final StoryPrompts SEED = new StoryPrompts(SUMMARY_REQUEST, BRIEF_REQUEST, Map.of(
            SampleKind.SUMMARY, SUMMARY_QUERY,
            SampleKind.CONTINUATION, CONTINUATION_QUERY_SEED,
            SampleKind.BRIEF, BRIEF_QUERY_SEED));
    private static final StoryPrompts DEFAULTS = new StoryPrompts(SUMMARY_REQUEST, BRIEF_REQUEST, Map.of(
            SampleKind.SUMMARY, SUMMARY_QUERY,
            SampleKind.CONTINUATION, CONTINUATION_QUERY_SEED.replace(",                情节", ",情节"),
            SampleKind.BRIEF, BRIEF_QUERY_SEED.replace(",    情节", ",情节").replace("清洁叙述", "情节叙述")));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    private final String summaryRequest;
    private final String briefRequest;
    private final Map<SampleKind, String> queries;

    private StoryPrompts(String summaryRequest, String briefRequest, Map<SampleKind, String> queries) {
        this.summaryRequest = Objects.requireNonNull(summaryRequest, "summaryRequest");
        this.briefRequest = Objects.requireNonNull(briefRequest, "briefRequest");
        EnumMap<SampleKind, String> copy = new EnumMap<>(SampleKind.class);
        copy.putAll(queries);
        for (SampleKind kind : SampleKind.values()) {
            String template = copy.get(kind);
            if (template == null) {
                throw new IllegalArgumentException("no query template for " + kind);
            }
            String needed = placeholderOf(kind);
            if (!template.contains("{" + needed + "}")) {
                throw new InvalidInputException("query template " + kind,
                        "must contain the placeholder {" + needed + "}: " + template);
            }
        }
        this.queries = Map.copyOf(copy);
    }

    /** The seed's prompts with the typo fixed ("情节叙述") and the code indentation removed. */
    public static StoryPrompts defaults() {
        return DEFAULTS;
    }

    /** The seed write-up's prompts word for word, including the typo "清洁叙述". */
    public static StoryPrompts seedVerbatim() {
        return SEED;
    }

    /** The placeholder a query template of {@code kind} must contain: summary, context or brief. */
    public static String placeholderOf(SampleKind kind) {
        return switch (kind) {
            case SUMMARY -> "summary";
            case CONTINUATION -> "context";
            case BRIEF -> "brief";
        };
    }

    public StoryPrompts summaryRequest(String prompt) {
        return new StoryPrompts(prompt, briefRequest, queries);
    }

    public StoryPrompts briefRequest(String prompt) {
        return new StoryPrompts(summaryRequest, prompt, queries);
    }

    /** Replaces the query template of one kind; it must contain that kind's placeholder. */
    public StoryPrompts queryTemplate(SampleKind kind, String template) {
        EnumMap<SampleKind, String> copy = new EnumMap<>(queries);
        copy.put(kind, template);
        return new StoryPrompts(summaryRequest, briefRequest, copy);
    }

    public String summaryRequest() {
        return summaryRequest;
    }

    public String briefRequest() {
        return briefRequest;
    }

    public String queryTemplate(SampleKind kind) {
        return queries.get(kind);
    }

    /** The user message asking for the structured summary of {@code paragraph}. */
    public String summaryRequestFor(String paragraph) {
        return withParagraph(summaryRequest, paragraph);
    }

    /** The user message asking for the brief of {@code paragraph}. */
    public String briefRequestFor(String paragraph) {
        return withParagraph(briefRequest, paragraph);
    }

    /** The training or inference query of {@code kind} around {@code value} (a summary, an ending or a brief). */
    public String queryFor(SampleKind kind, String value) {
        return fill(queries.get(kind), Map.of(placeholderOf(kind), value));
    }

    private static String withParagraph(String prompt, String paragraph) {
        return prompt.contains("{paragraph}") ? fill(prompt, Map.of("paragraph", paragraph)) : prompt + paragraph;
    }

    /** Replaces {@code {name}} placeholders in one pass; unknown names are left as written. */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoryPrompts p && summaryRequest.equals(p.summaryRequest)
                && briefRequest.equals(p.briefRequest) && queries.equals(p.queries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(summaryRequest, briefRequest, queries);
    }

    @Override
    public String toString() {
        return "StoryPrompts" + queries;
    }
}
