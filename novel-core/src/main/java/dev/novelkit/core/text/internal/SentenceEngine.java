package dev.novelkit.core.text.internal;

import dev.novelkit.core.text.Paragraph;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Sentence-aware splitting over a {@link TextWindow}. A sentence ends after a run of 。！？!?… together with the
 * closing quotes and brackets that follow it, or at a line end. Sentences are packed greedily into paragraphs of
 * at most {@code maxChars} code points that never cross a chapter heading; a sentence longer than that is cut at
 * the last comma, semicolon, colon or space in the second half of the limit, else at the limit. Paragraphs hold
 * no surrounding whitespace and are exactly {@code text.substring(start, end)}; with an overlap, a paragraph
 * starts earlier, at a sentence start within the last {@code overlap} code points of the previous paragraph of
 * the same chapter (or exactly that many code points back), and still fits in {@code maxChars}.
 */
public final class SentenceEngine implements Engine {
    private final TextWindow w;
    private final int max;
    private final int overlap;
    private final Chapters chapters;
    private final ArrayDeque<Paragraph> ready = new ArrayDeque<>(4);
    private int chapter;
    private String chapterTitle = "";
    private long pos;
    private boolean finished;
    private int index;

    // The paragraph being packed: [paraStart, paraEnd); starts[] holds where its sentences (and overlap) begin.
    private long paraStart = -1;
    private long paraEnd;
    private boolean hasUnits;
    private long[] starts = new long[64];
    private int startCount;

    public SentenceEngine(TextWindow w, int maxChars, int overlap) {
        this.w = w;
        this.max = maxChars;
        this.overlap = overlap;
        this.chapters = new Chapters(w);
        Chapters.Heading h = chapters.at(0);
        if (h != null) {
            startChapter(h);
        }
    }

    @Override
    public Paragraph next() {
        while (ready.isEmpty() && !finished) {
            step();
        }
        return ready.poll();
    }

    private void startChapter(Chapters.Heading h) {
        flush(false);
        chapter = h.index();
        chapterTitle = h.title();
        pos = h.lineEnd();
    }

    /** Takes in one sentence (or the part of one that fits), or reaches a chapter heading or the end. */
    private void step() {
        w.release(paraStart >= 0 ? paraStart : pos);
        long p = pos;
        int c;
        while (true) {
            c = w.charAt(p);
            if (c < 0) {
                flush(false);
                finished = true;
                return;
            }
            if (c == '\n') {
                Chapters.Heading h = chapters.at(p + 1);
                if (h != null) {
                    startChapter(h);
                    return;
                }
            } else if (!CharClass.isSpace(c)) {
                break;
            }
            p++;
        }
        long unitStart = p;
        long budgetStart = paraStart >= 0 ? paraStart : unitStart;
        long limit = budgetStart + 2L * max + 2;
        long e = w.nextEvent(unitStart, limit);
        long unitEnd;
        long next;
        boolean complete = true;
        if (e >= 0) {
            if (w.charAt(e) == '\n') {
                unitEnd = e;
                next = e;
            } else {
                long end = e + 1;
                while (CharClass.isTerminator(w.charAt(end))) {
                    end++;
                }
                while (CharClass.isCloser(w.charAt(end))) {
                    end++;
                }
                unitEnd = end;
                next = end;
            }
        } else {
            long end = w.endBefore(limit);
            if (end >= 0) {
                unitEnd = end;
                next = end;
            } else {
                unitEnd = limit;
                next = limit;
                complete = false;
            }
        }
        while (unitEnd > unitStart && CharClass.isSpace(w.charAt(unitEnd - 1))) {
            unitEnd--;
        }
        if (complete && w.cp(budgetStart, unitEnd) <= max) {
            if (paraStart < 0) {
                paraStart = unitStart;
            }
            addStart(unitStart);
            hasUnits = true;
            paraEnd = unitEnd;
            pos = next;
            return;
        }
        if (paraStart >= 0) {
            // Does not fit behind what is there: close the paragraph (or drop a bare overlap) and try again.
            if (hasUnits) {
                flush(true);
            } else {
                clear();
            }
            pos = unitStart;
            return;
        }
        // A sentence longer than a paragraph on its own: cut it.
        long hard = w.advanceCp(unitStart, max);
        long cut = hard;
        for (long q = hard - 1, stop = unitStart + (hard - unitStart) / 2; q >= stop && q > unitStart; q--) {
            if (CharClass.isSoftBreak(w.charAt(q))) {
                cut = q + 1;
                break;
            }
        }
        long pieceEnd = cut;
        while (pieceEnd > unitStart && CharClass.isSpace(w.charAt(pieceEnd - 1))) {
            pieceEnd--;
        }
        paraStart = unitStart;
        addStart(unitStart);
        paraEnd = pieceEnd;
        hasUnits = true;
        flush(true);
        pos = cut;
    }

    private void addStart(long s) {
        if (startCount == starts.length) {
            starts = Arrays.copyOf(starts, startCount * 2);
        }
        starts[startCount++] = s;
    }

    private void clear() {
        paraStart = -1;
        hasUnits = false;
        startCount = 0;
    }

    /** Emits the paragraph being packed, if it has sentences, and seeds the next one with the overlap if asked. */
    private void flush(boolean sameChapterContinues) {
        if (!hasUnits) {
            clear();
            return;
        }
        long start = paraStart;
        long end = paraEnd;
        ready.add(new Paragraph(index++, chapter, chapterTitle, w.substring(start, end), start, end));
        long ov = sameChapterContinues && overlap > 0 ? overlapStart(end) : -1;
        clear();
        if (ov >= 0) {
            paraStart = ov;
            addStart(ov);
        }
    }

    /** Where the overlap for the paragraph after one ending at {@code end} starts, or -1. */
    private long overlapStart(long end) {
        for (int i = 0; i < startCount; i++) {
            if (w.cp(starts[i], end) <= overlap) {
                return starts[i];
            }
        }
        long last = starts[startCount - 1];
        long s = w.advanceCp(last, w.cp(last, end) - overlap);
        while (s < end && CharClass.isSpace(w.charAt(s))) {
            s++;
        }
        return s < end ? s : -1;
    }
}
