package dev.novelkit.core.summary;

import java.util.List;
import java.util.Objects;

/**
 * The structured summary of a paragraph in the seed's format: style and theme, characters, and the plot as
 * opening, climax and ending. {@code text} is what the summarizer actually wrote (used verbatim in training
 * queries, as the seed does); {@code wellFormed} says whether it followed the format.
 */
public record StorySummary(String styleAndTheme, List<CharacterNote> characters, String opening, String climax,
                           String ending, String text, boolean wellFormed) {
    public StorySummary {
        styleAndTheme = nullToEmpty(styleAndTheme);
        characters = List.copyOf(Objects.requireNonNull(characters, "characters"));
        opening = nullToEmpty(opening);
        climax = nullToEmpty(climax);
        ending = nullToEmpty(ending);
        text = nullToEmpty(text);
    }

    /** A well-formed summary whose text is its own rendering in the seed format. */
    public static StorySummary of(String styleAndTheme, List<CharacterNote> characters, String opening,
                                  String climax, String ending) {
        StorySummary s = new StorySummary(styleAndTheme, characters, opening, climax, ending, "", true);
        return new StorySummary(styleAndTheme, characters, opening, climax, ending, s.render(), true);
    }

    /** Renders the fields in the seed's output format (section headings with ASCII colons, as the seed prompt). */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("小说的风格和主题:\n").append(styleAndTheme).append("\n\n人物形象:\n");
        for (CharacterNote c : characters) {
            b.append(c.name()).append(':').append(c.description()).append('\n');
        }
        b.append("\n剧情概述:\n");
        b.append("开头:").append(opening).append('\n');
        b.append("高潮:").append(climax).append('\n');
        b.append("结尾:").append(ending);
        return b.toString();
    }

    /** The text to put into a query: what the summarizer wrote, or the rendering when it wrote nothing. */
    public String queryText() {
        return text.isBlank() ? render() : text;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
