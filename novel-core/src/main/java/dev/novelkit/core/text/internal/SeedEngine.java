package dev.novelkit.core.text.internal;

import dev.novelkit.core.text.Paragraph;

import java.util.ArrayDeque;

/**
 * The seed's {@code get_novel_text(data)}, exactly, over a {@link TextWindow}:
 * <pre>
 * for sentence in data.split('。'):
 *     if len(current) + len(sentence) &lt;= 2200: current += sentence + '。'
 *     else: paragraphs.append(current.strip()); current = sentence + '。'
 * paragraphs.append(current.strip())
 * </pre>
 * Lengths are code points (Python's {@code len}); only leading whitespace can be stripped since every piece ends
 * with '。'. Chapters are ignored except to label each paragraph with the chapter it starts in.
 */
public final class SeedEngine implements Engine {
    private final TextWindow w;
    private final int max;
    private final Chapters chapters;
    private final ArrayDeque<Chapters.Heading> headings = new ArrayDeque<>();
    private int chapter;
    private String chapterTitle = "";
    private long pieceStart;
    private boolean curEmpty = true;
    private long curStart;
    private long curCp;
    private long curEnd;
    private boolean curLast;
    private boolean finalPending;
    private boolean done;
    private int index;

    public SeedEngine(TextWindow w, int maxChars) {
        this.w = w;
        this.max = maxChars;
        this.chapters = new Chapters(w);
        heading(chapters.at(0));
    }

    private void heading(Chapters.Heading h) {
        if (h != null) {
            headings.add(h);
        }
    }

    @Override
    public Paragraph next() {
        if (done) {
            return null;
        }
        if (finalPending) {
            done = true;
            return emit();
        }
        while (true) {
            long dot = nextDot(pieceStart);
            long pieceEnd = dot >= 0 ? dot : w.end();
            int len = w.cp(pieceStart, pieceEnd);
            Paragraph ready = null;
            if (curCp + len <= max) {
                if (curEmpty) {
                    curStart = pieceStart;
                    curEmpty = false;
                }
                curCp += len + 1;
            } else {
                ready = emit();
                curStart = pieceStart;
                curEmpty = false;
                curCp = len + 1;
            }
            curEnd = pieceEnd;
            curLast = dot < 0;
            w.release(curStart);
            if (dot < 0) {
                if (ready != null) {
                    finalPending = true;
                    return ready;
                }
                done = true;
                return emit();
            }
            pieceStart = dot + 1;
            if (ready != null) {
                return ready;
            }
        }
    }

    /** The next '。' at or after {@code from}, or -1; line feeds on the way are checked for headings. */
    private long nextDot(long from) {
        while (true) {
            long e = w.nextEvent(from, Long.MAX_VALUE);
            if (e < 0) {
                return -1;
            }
            int c = w.charAt(e);
            if (c == '。') {
                return e;
            }
            if (c == '\n') {
                heading(chapters.at(e + 1));
            }
            from = e + 1;
        }
    }

    /** {@code current.strip()}: the pieces from curStart, each with its '。' (the last one's added). */
    private Paragraph emit() {
        if (curEmpty) {
            locate(0);
            return new Paragraph(index++, chapter, chapterTitle, "", 0, 0);
        }
        long s = curStart;
        while (s < curEnd && CharClass.isSpace(w.charAt(s))) {
            s++;
        }
        locate(s);
        String text;
        long end;
        if (curLast) {
            text = w.substring(s, curEnd).concat("。");
            end = curEnd;
        } else {
            end = curEnd + 1;
            text = w.substring(s, end);
        }
        return new Paragraph(index++, chapter, chapterTitle, text, s, end);
    }

    private void locate(long pos) {
        while (!headings.isEmpty() && headings.peek().lineStart() <= pos) {
            Chapters.Heading h = headings.poll();
            chapter = h.index();
            chapterTitle = h.title();
        }
    }
}
