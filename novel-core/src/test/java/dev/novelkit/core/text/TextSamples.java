package dev.novelkit.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Inputs shared by the splitter tests. */
final class TextSamples {
    static final String HAN = "天下大势分久必合周末七国分争并入于秦及秦灭之后楚汉他说你我们这那来去看见走了的是不在有人心中山水风雨夜月";

    private TextSamples() {
    }

    /** The short original story in the test resources (three chapters, dialogue). */
    static String lanternRiver() {
        try (InputStream in = TextSamples.class.getResourceAsStream("lantern-river.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Random text over an alphabet rich in what matters: 。, other terminators, quotes, whitespace, line ends, non-BMP. */
    static String fuzz(Random rng, int maxLen) {
        String[] pieces = {"。", "。", "。", "！", "？", "!", "?", "…", "……", "“", "”", "」", "）", "，", "、", "；",
                " ", "\u3000", "\n", "\n\n", "\r\n", "\r", "\t", "😀", "𠀀", "\u00a0", "\u0085", "\u001c",
                "第三章 风起\n", "\n第十二回\n", "\nChapter 7\n", "\n一、归来\n", "x", "Ab"};
        int len = rng.nextInt(maxLen + 1);
        StringBuilder sb = new StringBuilder(len + 16);
        while (sb.length() < len) {
            if (rng.nextInt(3) == 0) {
                sb.append(pieces[rng.nextInt(pieces.length)]);
            } else {
                int run = 1 + rng.nextInt(rng.nextInt(10) == 0 ? 400 : 30);
                for (int i = 0; i < run; i++) {
                    sb.append(HAN.charAt(rng.nextInt(HAN.length())));
                }
            }
        }
        return sb.toString();
    }

    /** A reader that hands out at most a few chars per read, to hit every chunk boundary. */
    static Reader trickle(String s, long seed) {
        Random rng = new Random(seed);
        return new Reader() {
            private int pos;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (pos >= s.length()) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + rng.nextInt(7)), s.length() - pos);
                s.getChars(pos, pos + n, cbuf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }
}
