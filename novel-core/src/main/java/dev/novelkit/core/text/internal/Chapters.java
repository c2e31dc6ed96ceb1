package dev.novelkit.core.text.internal;

/**
 * Chapter numbering while scanning: headings are looked for at line starts; chapter 0 is the preface (the text
 * before the first heading) when it is not blank, otherwise the first heading's chapter is chapter 0.
 */
public final class Chapters {
    /** A heading found at {@code lineStart}; its line ends at {@code lineEnd} (a line feed or the end of the text). */
    public record Heading(int index, String title, long lineStart, long lineEnd) {
    }

    private final TextWindow w;
    private final long firstNonBlank;
    private int seen;
    private boolean preface;

    public Chapters(TextWindow w) {
        this.w = w;
        long p = 0;
        int c;
        while ((c = w.charAt(p)) >= 0 && CharClass.isSpace(c)) {
            p++;
        }
        this.firstNonBlank = p;
    }

    /** The heading on the line starting at {@code lineStart}, or null. */
    public Heading at(long lineStart) {
        int c;
        long p = lineStart;
        int n = 0;
        while ((c = w.charAt(p)) >= 0 && c != '\n' && CharClass.isSpace(c) && n++ < Headings.MAX_LINE_CHARS) {
            p++;
        }
        if (c < 0 || !Headings.mayStartHeading(c)) {
            return null;
        }
        String line = w.line(lineStart, Headings.MAX_LINE_CHARS);
        if (line == null) {
            return null;
        }
        String title = Headings.title(line);
        if (title == null) {
            return null;
        }
        if (seen == 0) {
            preface = firstNonBlank < lineStart;
        }
        return new Heading(seen++ + (preface ? 1 : 0), title, lineStart, lineStart + line.length());
    }
}
