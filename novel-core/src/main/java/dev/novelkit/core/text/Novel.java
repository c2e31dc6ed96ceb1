package dev.novelkit.core.text;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.text.internal.CharClass;
import dev.novelkit.core.text.internal.Chapters;
import dev.novelkit.core.text.internal.Decoding;
import dev.novelkit.core.text.internal.Headings;
import dev.novelkit.core.text.internal.LineEnds;
import dev.novelkit.core.text.internal.ScanIndex;
import dev.novelkit.core.text.internal.TextWindow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A novel's text, decoded and with line ends normalised, with its title and chapters. Immutable and thread-safe.
 *
 * <p>{@link #read(Path)} detects the encoding: a byte-order mark (UTF-8, UTF-16 LE/BE), else UTF-16 without a mark,
 * else strict UTF-8, else GB18030 (which covers GBK and GB2312) or Big5, told apart by their character statistics;
 * when that cannot be told, the error asks for the encoding ({@link #read(Path, Charset)}). {@code \r\n} and
 * {@code \r} become {@code \n}, as Python's {@code open()} does. An empty, blank, binary or undecodable file is an
 * {@link InvalidInputException} naming the file and the problem. Chapters start at headings on their own line: 第…章/回/节/卷 with Chinese or Arabic
 * numerals, 序章/楔子/尾声 and the like, "Chapter 12", and short numbered titles such as "一、风起"; text before the
 * first heading is chapter 0 (the preface, with an empty title) when it is not blank.
 */
public final class Novel {
    private final String source;
    /** The text; built on first use from {@link #chars} when the novel was decoded from a file. */
    private volatile String text;
    /** The decoded chars [0, length) until {@link #text} is built from them (then null). */
    private volatile char[] chars;
    private final int length;
    private final Charset charset;
    private final String fallbackTitle;
    private final ScanIndex index;
    private volatile Structure structure;

    private record Structure(String title, List<Chapter> chapters) {
    }

    private Novel(String source, String text, char[] chars, int length, Charset charset, String fallbackTitle,
            ScanIndex index) {
        this.source = source;
        this.index = index;
        this.text = text;
        this.chars = text == null ? chars : null;
        this.length = length;
        this.charset = charset;
        this.fallbackTitle = fallbackTitle;
    }

    /** Reads a novel file, detecting its encoding. */
    public static Novel read(Path file) {
        return read(file, null);
    }

    /** Reads a novel file in the given encoding ({@code null}: detect it). */
    public static Novel read(Path file, Charset charset) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        try {
            if (!Files.exists(file)) {
                throw new InvalidInputException(name, "no such file");
            }
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(name, "is a directory, not a text file");
            }
            if (Files.size(file) == 0) {
                throw new InvalidInputException(name, "empty file");
            }
            Decoding.Decoded decoded = Decoding.readFile(file, charset, name);
            if (decoded.nul() >= 0) {
                throw new InvalidInputException(name, "binary file (NUL character at character " + decoded.nul() + ")");
            }
            if (decoded.blank()) {
                throw new InvalidInputException(name, "no text (only whitespace)");
            }
            return new Novel(name, decoded.text(), decoded.chars(), decoded.length(), decoded.charset(), stem(file),
                    decoded.index());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** A novel from text in memory (line ends are normalised, a leading byte-order mark dropped; may be empty). */
    public static Novel of(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String normalized = LineEnds.normalize(t, 0);
        return new Novel("text", normalized, null, normalized.length(), null, "", null);
    }

    private static String stem(Path file) {
        Path fileName = file.getFileName();
        String n = fileName == null ? file.toString() : fileName.toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static int firstNonBlank(String s) {
        int i = 0;
        while (i < s.length() && CharClass.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Where the splitters' event chars are, when found while decoding; null otherwise. */
    ScanIndex index() {
        return index;
    }

    /** A window over the text for the splitters, over the decoded chars if the text String is not built yet. */
    TextWindow window() {
        char[] c = chars;
        return c != null ? TextWindow.of(c, length, index) : TextWindow.of(text(), index);
    }

    /** The length of the text in chars. */
    int length() {
        return length;
    }

    /** The whole text, line ends normalised to {@code \n}; all offsets (chapters, paragraphs) point into it. */
    public String text() {
        String t = text;
        if (t == null) {
            synchronized (this) {
                t = text;
                if (t == null) {
                    // Built only when asked for: splitting reads the decoded chars directly.
                    t = new String(chars, 0, length);
                    text = t;
                    chars = null;
                }
            }
        }
        return t;
    }

    /**
     * The title: the first non-blank line before the first heading if it is short (at most 40 characters) and
     * not a sentence, with 《》 removed; else the file name without its extension (empty for {@link #of(String)}).
     */
    public String title() {
        return structure().title();
    }

    /** The chapters in order; empty only for a blank text. */
    public List<Chapter> chapters() {
        return structure().chapters();
    }

    /**
     * This novel, when it holds story text: something besides chapter headings and its title line. A file of
     * headings only would make empty outputs, so every command that reads a novel calls this.
     *
     * @throws InvalidInputException naming the source when there is no story text
     */
    public Novel requireStoryText() {
        String title = title();
        for (Chapter c : chapters()) {
            String body = c.text().strip();
            if (!body.isEmpty() && !(c.index() == 0 && c.title().isEmpty()
                    && (body.equals(title) || body.equals("《" + title + "》")))) {
                return this;
            }
        }
        throw new InvalidInputException(source, chapters().isEmpty() ? "no text"
                : "no story text: only chapter headings" + (title.isEmpty() ? "" : " and the title"));
    }

    /** The encoding the file was read with; empty for {@link #of(String)}. */
    public Optional<Charset> charset() {
        return Optional.ofNullable(charset);
    }

    /** The file this novel was read from (as given), or "text". */
    public String source() {
        return source;
    }

    private Structure structure() {
        Structure s = structure;
        if (s == null) {
            s = detect();
            structure = s;
        }
        return s;
    }

    private Structure detect() {
        String text = text();
        TextWindow w = TextWindow.of(text);
        Chapters finder = new Chapters(w);
        List<Chapters.Heading> headings = new ArrayList<>();
        for (int lineStart = 0; lineStart >= 0; ) {
            Chapters.Heading h = finder.at(lineStart);
            if (h != null) {
                headings.add(h);
            }
            int nl = text.indexOf('\n', lineStart);
            lineStart = nl < 0 ? -1 : nl + 1;
        }
        List<Chapter> chapters = new ArrayList<>();
        int firstHeading = headings.isEmpty() ? text.length() : (int) headings.get(0).lineStart();
        if (firstNonBlank(text) < firstHeading) {
            chapters.add(new Chapter(0, "", text.substring(0, firstHeading), 0));
        }
        for (int i = 0; i < headings.size(); i++) {
            Chapters.Heading h = headings.get(i);
            int bodyStart = (int) Math.min(text.length(), h.lineEnd() + 1);
            int bodyEnd = i + 1 < headings.size() ? (int) headings.get(i + 1).lineStart() : text.length();
            chapters.add(new Chapter(h.index(), h.title(), text.substring(bodyStart, Math.max(bodyStart, bodyEnd)),
                    bodyStart));
        }
        return new Structure(titleOf(firstHeading), List.copyOf(chapters));
    }

    private String titleOf(int firstHeading) {
        String text = text();
        int start = firstNonBlank(text);
        if (start < firstHeading) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 || nl > firstHeading ? firstHeading : nl;
            String line = text.substring(start, end).strip();
            char last = line.isEmpty() ? '。' : line.charAt(line.length() - 1);
            if (line.codePointCount(0, line.length()) <= 40 && !CharClass.isTerminator(last)
                    && last != '，' && last != ',') {
                if (line.startsWith("《") && line.endsWith("》") && line.length() > 2) {
                    line = line.substring(1, line.length() - 1);
                }
                if (Headings.title(line) == null && !line.isBlank()) {
                    return line;
                }
            }
        }
        return fallbackTitle;
    }

    @Override
    public String toString() {
        return "Novel[source=" + source + ", chars=" + length + ", charset="
                + (charset == null ? "-" : charset.name()) + "]";
    }
}
