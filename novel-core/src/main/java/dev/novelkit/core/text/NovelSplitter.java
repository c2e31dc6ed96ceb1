package dev.novelkit.core.text;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.text.internal.ChunkSource;
import dev.novelkit.core.text.internal.DecodingSource;
import dev.novelkit.core.text.internal.Engine;
import dev.novelkit.core.text.internal.ReaderSource;
import dev.novelkit.core.text.internal.SeedEngine;
import dev.novelkit.core.text.internal.SentenceEngine;
import dev.novelkit.core.text.internal.TextWindow;
import dev.novelkit.core.text.internal.Utf8;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a novel into paragraphs for training samples. Immutable: every setting returns a new splitter and rejects
 * a bad value with an {@link dev.novelkit.core.InvalidSettingException}.
 *
 * <ul>
 *   <li>{@link #sentences()} (the default): sentences end at 。！？!?… (a run of them ends one) with the closing
 *   quotes and brackets after them (”」』）】…), or at a line end; they are packed greedily into paragraphs of at
 *   most {@link #maxChars(int) maxChars} code points (default 2200) that never cross a chapter heading (headings
 *   are not part of any paragraph, only their {@link Paragraph#chapterTitle()}). A sentence longer than that is cut
 *   at its last comma, semicolon, colon or space in the second half of the limit, else at the limit. With
 *   {@link #overlap(int) overlap(n)} each paragraph after the first of a chapter starts with the end of the one
 *   before (from a sentence start within its last n code points where there is one), still within maxChars.
 *   A paragraph's text is exactly {@code novel.text().substring(start, end)}.</li>
 *   <li>{@link #seedCompatible()}: exactly what the seed's Python {@code get_novel_text(data)} returns, quirks
 *   included: a '。' after every piece (the last too), each paragraph {@code strip()}ped, a possibly empty first
 *   paragraph, an over-long sentence as its own over-long paragraph, lengths in code points. Chapters do not
 *   change the cut; each paragraph is labelled with the chapter it starts in.</li>
 * </ul>
 *
 * <p>{@link #split(Novel)} returns a list; {@link #stream(Path)} and {@link #stream(Reader)} give the same
 * paragraphs reading with a bounded buffer, so memory does not grow with the file (in seed mode it grows with the
 * longest run of text without a '。', as the seed's output does).
 */
public final class NovelSplitter {
    /** The seed's paragraph limit. */
    public static final int DEFAULT_MAX_CHARS = 2200;
    private static final int CHUNK = 1 << 16;

    /** How a splitter cuts. */
    public enum Mode {
        /** Exactly the seed's {@code get_novel_text}. */
        SEED_COMPATIBLE,
        /** Sentence-aware, never over maxChars, never across chapters. */
        SENTENCES
    }

    private static final NovelSplitter SENTENCES = new NovelSplitter(Mode.SENTENCES, DEFAULT_MAX_CHARS, 0);
    private static final NovelSplitter SEED = new NovelSplitter(Mode.SEED_COMPATIBLE, DEFAULT_MAX_CHARS, 0);

    private final Mode mode;
    private final int maxChars;
    private final int overlap;

    private NovelSplitter(Mode mode, int maxChars, int overlap) {
        this.mode = mode;
        this.maxChars = maxChars;
        this.overlap = overlap;
    }

    /** The sentence-aware splitter (the default mode), 2200 code points, no overlap. */
    public static NovelSplitter sentences() {
        return SENTENCES;
    }

    /** The seed-compatible splitter: the seed's {@code get_novel_text}, byte for byte. */
    public static NovelSplitter seedCompatible() {
        return SEED;
    }

    /** The splitter for a mode. */
    public static NovelSplitter of(Mode mode) {
        return Require.nonNull("mode", mode) == Mode.SENTENCES ? SENTENCES : SEED;
    }

    /** The paragraph limit in code points (in seed mode it replaces the seed's 2200, compared as the seed does). */
    public NovelSplitter maxChars(int maxChars) {
        Require.atLeast("maxChars", maxChars, 1);
        checkOverlap(mode, maxChars, overlap);
        return new NovelSplitter(mode, maxChars, overlap);
    }

    /** Code points of the previous paragraph repeated at the start of the next (sentence mode only; at most maxChars/2). */
    public NovelSplitter overlap(int chars) {
        checkOverlap(mode, maxChars, chars);
        return new NovelSplitter(mode, maxChars, chars);
    }

    private static void checkOverlap(Mode mode, int maxChars, int overlap) {
        Require.atLeast("overlap", overlap, 0);
        Require.that(overlap == 0 || mode == Mode.SENTENCES, "overlap", overlap,
                "is not part of the seed's algorithm: use sentences()");
        Require.that(overlap <= maxChars / 2, "overlap", overlap, "must be at most maxChars/2 (" + maxChars / 2 + ")");
    }

    public Mode mode() {
        return mode;
    }

    public int maxChars() {
        return maxChars;
    }

    public int overlap() {
        return overlap;
    }

    /** Splits a novel; offsets point into {@link Novel#text()}. */
    public List<Paragraph> split(Novel novel) {
        Objects.requireNonNull(novel, "novel");
        return collect(engine(novel.window()));
    }

    /**
     * Splits a text. In seed mode the string is taken verbatim, exactly as the seed's function receives it; in
     * sentence mode it is {@code split(Novel.of(text))} (line ends normalised).
     */
    public List<Paragraph> split(String text) {
        Objects.requireNonNull(text, "text");
        if (mode == Mode.SEED_COMPATIBLE) {
            return collect(engine(TextWindow.of(text)));
        }
        return split(Novel.of(text));
    }

    /** Paragraphs of a novel in memory, one at a time. */
    public ParagraphStream stream(Novel novel) {
        Objects.requireNonNull(novel, "novel");
        return new ParagraphStream(engine(novel.window()), null, () -> Utf8.length(novel.text()));
    }

    /**
     * Paragraphs read from {@code reader} with a bounded buffer; the same as {@code split(Novel.of(all of it))}.
     * The stream closes the reader.
     */
    public ParagraphStream stream(Reader reader) {
        Objects.requireNonNull(reader, "reader");
        ReaderSource source = new ReaderSource(reader, CHUNK);
        return new ParagraphStream(engine(TextWindow.over(source)), source, source::utf8Bytes);
    }

    /** Paragraphs of a file read with a bounded buffer, encoding detected as {@link Novel#read(Path)} does. */
    public ParagraphStream stream(Path file) {
        return stream(file, null);
    }

    /**
     * Paragraphs of a file read with a bounded buffer in the given encoding ({@code null}: detect it from the
     * first megabyte). An empty, blank or binary file is an {@link dev.novelkit.core.InvalidInputException}.
     */
    public ParagraphStream stream(Path file, Charset charset) {
        Objects.requireNonNull(file, "file");
        ChunkSource source;
        try {
            source = DecodingSource.open(file, charset, file.toString(), 4 * CHUNK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            TextWindow w = TextWindow.over(source);
            if (w.blank()) {
                throw new InvalidInputException(file.toString(), "no text (only whitespace)");
            }
            return new ParagraphStream(engine(w), source, source::utf8Bytes);
        } catch (RuntimeException e) {
            try {
                source.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private Engine engine(TextWindow w) {
        return mode == Mode.SEED_COMPATIBLE ? new SeedEngine(w, maxChars) : new SentenceEngine(w, maxChars, overlap);
    }

    private static List<Paragraph> collect(Engine engine) {
        List<Paragraph> out = new ArrayList<>();
        for (Paragraph p = engine.next(); p != null; p = engine.next()) {
            out.add(p);
        }
        return out;
    }

    @Override
    public String toString() {
        return "NovelSplitter[mode=" + mode + ", maxChars=" + maxChars + ", overlap=" + overlap + "]";
    }
}
