package dev.novelkit.core.text.internal;

/**
 * Where a text's event chars are (sentence terminators and line feeds, in order) and where its surrogate pairs end
 * (the low surrogates' positions): what {@link TextWindow} would otherwise scan for. Built while decoding a file.
 */
public final class ScanIndex {
    final int[] events;
    final int eventCount;
    final int[] pairs;
    final int pairCount;

    ScanIndex(int[] events, int eventCount, int[] pairs, int pairCount) {
        this.events = events;
        this.eventCount = eventCount;
        this.pairs = pairs;
        this.pairCount = pairCount;
    }
}
