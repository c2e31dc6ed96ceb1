package dev.novelkit.core.text.internal;

import dev.novelkit.core.text.Paragraph;
import org.junit.jupiter.api.Test;

import java.io.Reader;

import static org.assertj.core.api.Assertions.assertThat;

class TextWindowTest {
    /** Endless-looking text generated on the fly: sentences, dialogue, line ends and a heading every so often. */
    private static Reader generated(long chars) {
        return new Reader() {
            private long produced;
            private int n;

            @Override
            public int read(char[] buf, int off, int len) {
                if (produced >= chars) {
                    return -1;
                }
                StringBuilder sb = new StringBuilder();
                while (sb.length() < len - 64 && produced + sb.length() < chars) {
                    n++;
                    if (n % 500 == 0) {
                        sb.append("\n第").append(n / 500).append("章 风起\n");
                    }
                    sb.append(n % 3 == 0 ? "“你来了！”他说。" : "山水风雨夜月天下大势分久必合。");
                    if (n % 7 == 0) {
                        sb.append("\n　　");
                    }
                }
                int k = Math.min(sb.length(), len);
                sb.getChars(0, k, buf, off);
                produced += k;
                return k == 0 ? -1 : k;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void memory_stays_bounded_while_streaming_millions_of_characters() {
        for (boolean seed : new boolean[]{true, false}) {
            TextWindow w = TextWindow.over(new ReaderSource(generated(6_000_000), 1 << 16));
            Engine engine = seed ? new SeedEngine(w, 2200) : new SentenceEngine(w, 2200, 200);
            long count = 0;
            int maxBuffered = 0;
            long lastEnd = 0;
            for (Paragraph p = engine.next(); p != null; p = engine.next()) {
                count++;
                maxBuffered = Math.max(maxBuffered, w.bufferedChars());
                lastEnd = p.end();
            }
            assertThat(count).isGreaterThan(2_000);
            assertThat(lastEnd).isGreaterThan(5_900_000);
            assertThat(maxBuffered).as(seed ? "seed" : "sentences").isLessThan(200_000);
        }
    }

    @Test
    void counts_code_points_across_chunk_boundaries() {
        String s = "a😀b😀😀c\uD800d";
        TextWindow w = TextWindow.over(new ReaderSource(new java.io.StringReader(s), 1));

        assertThat(w.nextEvent(0, Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(w.cp(0, s.length())).isEqualTo(s.codePointCount(0, s.length()));
        assertThat(w.cp(2, s.length())).isEqualTo(s.codePointCount(2, s.length()));
    }
}
