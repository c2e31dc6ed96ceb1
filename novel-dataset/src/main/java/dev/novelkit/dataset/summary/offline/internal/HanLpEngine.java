package dev.novelkit.dataset.summary.offline.internal;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.time.Duration;
import java.util.List;

/**
 * HanLP portable, loaded once and lazily: its dictionaries (core dictionary, person-name model, stop words; about a
 * second and some 100 MB of heap on first use) load when {@link #segment} or {@link #load} is first called, by the
 * JVM's thread-safe class initialisation, never at class-load time of the summarizer.
 */
public final class HanLpEngine {
    private HanLpEngine() {
    }

    private static final class Holder {
        static final Segment SEGMENT;
        static final Duration LOAD_TIME;

        static {
            long t0 = System.nanoTime();
            SEGMENT = HanLP.newSegment().enableNameRecognize(true).enableOffset(false);
            SEGMENT.seg("林晚秋推开院门，看见沈砚站在雨里。");
            CoreStopWordDictionary.contains("的");
            CoreDictionary.contains("江湖");
            LOAD_TIME = Duration.ofNanos(System.nanoTime() - t0);
        }
    }

    /** Loads the dictionaries now if not yet loaded; returns how long the one load took. */
    public static Duration load() {
        return Holder.LOAD_TIME;
    }

    /** Segments one sentence or paragraph with part-of-speech tags and person-name recognition. Thread-safe. */
    public static List<Term> segment(String text) {
        return Holder.SEGMENT.seg(text);
    }

    /** Whether the word is in HanLP's core dictionary (so an ordinary word, not a name). */
    public static boolean isDictionaryWord(String word) {
        load();
        return CoreDictionary.contains(word);
    }

    /** Whether a term is a stop word or punctuation, as HanLP's summaries filter. */
    public static boolean isStopWord(Term term) {
        load();
        return !CoreStopWordDictionary.shouldInclude(term);
    }
}
