package dev.novelkit.core.text.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * A sliding view of a text by absolute char position, the one thing both splitters read through. Over a whole
 * String it never refills (and large texts have their events found on two threads up front); over a
 * {@link ChunkSource} it holds only the chars from {@link #release(long) the release mark} on, so memory is
 * bounded by what the splitter still needs, not by the file.
 *
 * <p>"Events" are the chars a splitter must look at: sentence terminators and line feeds. Surrogate pairs are
 * recorded on the way so that code points can be counted as Python's {@code len} does.
 */
public final class TextWindow {
    private static final int PARALLEL_CHARS = 1 << 20;

    private final ChunkSource source;
    /** A whole decoded text as chars [0, bufEnd), when the window is over an array rather than {@link #buf}. */
    private final char[] arr;
    private String buf;
    private long base;
    private long bufEnd; // base + buf.length()
    private boolean eof;
    private long keep;

    // Event scanning: everything before scanPos has been looked at.
    private long scanPos;
    private char prevScanned;
    private long lastEvent = -1;
    private long lastFrom;
    // Precomputed events (whole-text mode), consumed in order.
    private int[] pre;
    private int preLen;
    private int preIdx;
    // Positions of the low surrogates of surrogate pairs seen by the scan, in order.
    private long[] pairs = new long[16];
    private int pairsHead;
    private int pairsLen;

    private TextWindow(ChunkSource source, String buf, boolean eof) {
        this.source = source;
        this.arr = null;
        this.buf = buf;
        this.eof = eof;
        this.bufEnd = buf.length();
    }

    private TextWindow(char[] arr, int length) {
        this.source = null;
        this.arr = arr;
        this.buf = "";
        this.eof = true;
        this.bufEnd = length;
    }

    /** A window over a whole text (a large one has its events found on two threads at the first scan). */
    public static TextWindow of(String text) {
        return new TextWindow(null, text, true);
    }

    /** A window over a whole text whose events are already known (found while decoding it); index may be null. */
    public static TextWindow of(String text, ScanIndex index) {
        return indexed(new TextWindow(null, text, true), index);
    }

    /**
     * A window over a whole decoded text, chars [0, length) of {@code chars} (never modified), whose events are
     * known: paragraphs are copied straight out of the array, with no String of the whole text.
     */
    public static TextWindow of(char[] chars, int length, ScanIndex index) {
        if (index == null) {
            throw new IllegalArgumentException("a window over chars needs their scan index");
        }
        return indexed(new TextWindow(chars, length), index);
    }

    private static TextWindow indexed(TextWindow w, ScanIndex index) {
        if (index != null) {
            w.pre = index.events;
            w.preLen = index.eventCount;
            w.pairs = new long[Math.max(16, index.pairCount)];
            for (int i = 0; i < index.pairCount; i++) {
                w.pairs[i] = index.pairs[i];
            }
            w.pairsLen = index.pairCount;
            w.scanPos = w.bufEnd;
        }
        return w;
    }

    /** A window over chunks, read on demand. */
    public static TextWindow over(ChunkSource source) {
        return new TextWindow(source, "", false);
    }

    /** How many chars the window holds now (memory use). */
    public int bufferedChars() {
        return arr != null ? (int) bufEnd : buf.length();
    }

    /** The char at {@code pos}, or -1 at or after the end of the text. */
    public int charAt(long pos) {
        if (pos >= base && pos < bufEnd) {
            return arr != null ? arr[(int) pos] : buf.charAt((int) (pos - base));
        }
        return charAtSlow(pos);
    }

    private int charAtSlow(long pos) {
        if (pos < base) {
            throw new IllegalStateException("position " + pos + " was released (window starts at " + base + ")");
        }
        return fill(pos + 1) ? buf.charAt((int) (pos - base)) : -1;
    }

    /** The text in [from, to), all of which must exist. */
    public String substring(long from, long to) {
        if (to > bufEnd && !fill(to)) {
            throw new IllegalStateException("substring past the end: " + to);
        }
        if (arr != null) {
            return new String(arr, (int) from, (int) (to - from));
        }
        return buf.substring((int) (from - base), (int) (to - base));
    }

    /** The splitter will not look before {@code pos} again. */
    public void release(long pos) {
        if (pos > keep) {
            keep = pos;
        }
    }

    /**
     * The position of the first event char (terminator or line feed) in [from, limit), or -1 when there is none
     * before {@code min(limit, end)}. Successive calls must not decrease {@code from}.
     */
    public long nextEvent(long from, long limit) {
        if (from < lastFrom) {
            throw new IllegalStateException("event scan went back from " + lastFrom + " to " + from);
        }
        lastFrom = from;
        if (lastEvent >= from) {
            return lastEvent < limit ? lastEvent : -1;
        }
        if (pre == null && source == null && scanPos == 0 && buf.length() >= PARALLEL_CHARS
                && Runtime.getRuntime().availableProcessors() > 1) {
            precompute();
        }
        if (pre != null) {
            while (preIdx < preLen && pre[preIdx] < from) {
                preIdx++;
            }
            if (preIdx == preLen) {
                return -1;
            }
            lastEvent = pre[preIdx];
            return lastEvent < limit ? lastEvent : -1;
        }
        return scan(from, limit);
    }

    private long scan(long from, long limit) {
        while (true) {
            int stop = (int) (Math.min(limit, base + buf.length()) - base);
            String b = buf;
            char prev = prevScanned;
            for (int i = (int) (scanPos - base); i < stop; i++) {
                char c = b.charAt(i);
                if (CharClass.isEvent(c)) {
                    if (Character.isLowSurrogate(c)) {
                        if (Character.isHighSurrogate(prev)) {
                            addPair(base + i);
                        }
                    } else if (base + i >= from) {
                        prevScanned = c;
                        scanPos = base + i + 1;
                        lastEvent = base + i;
                        return lastEvent;
                    }
                }
                prev = c;
            }
            prevScanned = prev;
            scanPos = base + stop;
            if (scanPos >= limit || !fill(scanPos + 1)) {
                return -1;
            }
        }
    }

    private void addPair(long lowPos) {
        if (pairsHead + pairsLen == pairs.length) {
            if (pairsHead > pairs.length / 2) {
                System.arraycopy(pairs, pairsHead, pairs, 0, pairsLen);
                pairsHead = 0;
            } else {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
        }
        pairs[pairsHead + pairsLen++] = lowPos;
    }

    /** Code points in [from, to), counted as Python's {@code len} counts them (a surrogate pair is one). */
    public int cp(long from, long to) {
        if (pairsLen == 0 && to <= scanPos) {
            return (int) (to - from);
        }
        long scanned = Math.min(to, scanPos);
        int n = (int) (to - from);
        if (pairsLen > 0 && scanned > from) {
            n -= pairsBetween(from, scanned);
        }
        for (long p = Math.max(from + 1, scanned); p < to; p++) {
            if (Character.isLowSurrogate((char) charAt(p)) && Character.isHighSurrogate((char) charAt(p - 1))) {
                n--;
            }
        }
        return n;
    }

    /** Pairs whose low surrogate lies in (from, to). */
    private int pairsBetween(long from, long to) {
        int lo = lowerBound(from + 1);
        int hi = lowerBound(to);
        return hi - lo;
    }

    private int lowerBound(long key) {
        int lo = pairsHead;
        int hi = pairsHead + pairsLen;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (pairs[m] < key) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /** The position {@code n} code points after {@code from}, or the end of the text if it comes first. */
    public long advanceCp(long from, int n) {
        long p = from;
        for (int k = 0; k < n; k++) {
            int c = charAt(p);
            if (c < 0) {
                return p;
            }
            p += Character.isHighSurrogate((char) c) && Character.isLowSurrogate((char) Math.max(0, charAt(p + 1)))
                    ? 2 : 1;
        }
        return p;
    }

    /** The end of the text if it comes before {@code limit}, else -1 (the text reaches {@code limit}). */
    public long endBefore(long limit) {
        return charAt(limit - 1) >= 0 ? -1 : end();
    }

    /** The end of the text, reading the rest of it if needed (callers use it once the scan has hit the end). */
    public long end() {
        while (!eof) {
            fill(bufEnd + 1);
        }
        return bufEnd;
    }

    /** True when the text holds nothing but whitespace (looks only at the leading whitespace). */
    public boolean blank() {
        long p = 0;
        int c;
        while ((c = charAt(p)) >= 0 && CharClass.isSpace(c)) {
            p++;
        }
        return c < 0;
    }

    /** The line starting at {@code lineStart} (without its line feed) if it has at most {@code maxChars} chars, else null. */
    public String line(long lineStart, int maxChars) {
        long p = lineStart;
        while (true) {
            int c = charAt(p);
            if (c < 0 || c == '\n') {
                return substring(lineStart, p);
            }
            if (p - lineStart >= maxChars) {
                return null;
            }
            p++;
        }
    }

    /** Makes {@code needEnd} the end of the buffer or later, if the text goes that far; false at the end of the text. */
    private boolean fill(long needEnd) {
        if (eof) {
            return needEnd <= bufEnd;
        }
        try {
            long from = Math.min(keep, scanPos);
            if (from < base) {
                from = base;
            }
            String kept = buf.substring((int) (from - base));
            StringBuilder sb = null;
            String single = null;
            long end = from + kept.length();
            while (end < needEnd || (sb != null && sb.length() < 2L * kept.length())) {
                String chunk = source.next();
                if (chunk == null) {
                    eof = true;
                    break;
                }
                if (single == null && sb == null && kept.isEmpty()) {
                    single = chunk;
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(kept.length() + Math.max(chunk.length(), kept.length()) * 2);
                        sb.append(kept);
                        if (single != null) {
                            sb.append(single);
                            single = null;
                        }
                    }
                    sb.append(chunk);
                }
                end += chunk.length();
            }
            buf = sb != null ? sb.toString() : single != null ? single : kept;
            base = from;
            bufEnd = base + buf.length();
            if (pairsLen > 0) {
                int lo = lowerBound(from);
                pairsLen -= lo - pairsHead;
                pairsHead = lo;
            }
            return needEnd <= base + buf.length();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finds all events of a whole text up front, each half on its own thread. */
    private void precompute() {
        String text = buf;
        int mid = text.length() / 2;
        ForkJoinTask<Found> second = ForkJoinPool.commonPool().submit(() -> find(text, mid, text.length()));
        Found a = find(text, 0, mid);
        Found b = second.join();
        pre = Arrays.copyOf(a.events, a.eventCount + b.eventCount);
        System.arraycopy(b.events, 0, pre, a.eventCount, b.eventCount);
        preLen = pre.length;
        pairs = new long[Math.max(16, a.pairCount + b.pairCount)];
        System.arraycopy(a.pairs, 0, pairs, 0, a.pairCount);
        System.arraycopy(b.pairs, 0, pairs, a.pairCount, b.pairCount);
        pairsLen = a.pairCount + b.pairCount;
        scanPos = text.length();
    }

    private static final class Found {
        int[] events = new int[1024];
        int eventCount;
        long[] pairs = new long[16];
        int pairCount;
    }

    private static Found find(String text, int from, int to) {
        Found f = new Found();
        int[] ev = f.events;
        int n = 0;
        char prev = from > 0 ? text.charAt(from - 1) : 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (CharClass.isEvent(c)) {
                if (Character.isLowSurrogate(c)) {
                    if (Character.isHighSurrogate(prev)) {
                        if (f.pairCount == f.pairs.length) {
                            f.pairs = Arrays.copyOf(f.pairs, f.pairs.length * 2);
                        }
                        f.pairs[f.pairCount++] = i;
                    }
                } else {
                    if (n == ev.length) {
                        ev = Arrays.copyOf(ev, ev.length * 2);
                    }
                    ev[n++] = i;
                }
            }
            prev = c;
        }
        f.events = ev;
        f.eventCount = n;
        return f;
    }
}
