package dev.novelkit.dataset.clean.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MinHashAndIndexTest {
    private final MinHasher hasher = new MinHasher(256, 5, 32, 8);

    private static String text(long seed, int n) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) (0x4E00 + r.nextInt(300)));
        }
        return b.toString();
    }

    private byte[] sig(String s) {
        int[] len = new int[1];
        int[] cps = DedupText.normalize(s, len);
        return MinHasher.compact(hasher.signature(cps, len[0]));
    }

    private static double jaccard(String a, String b) {
        Set<String> x = new HashSet<>();
        Set<String> y = new HashSet<>();
        for (int i = 0; i + 5 <= a.length(); i++) {
            x.add(a.substring(i, i + 5));
        }
        for (int i = 0; i + 5 <= b.length(); i++) {
            y.add(b.substring(i, i + 5));
        }
        Set<String> inter = new HashSet<>(x);
        inter.retainAll(y);
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        return (double) inter.size() / union.size();
    }

    @Test
    void estimates_jaccard_similarity_of_shingle_sets() {
        String a = text(1, 1000);
        String b = a.substring(0, 600) + text(2, 400);
        double estimate = MinHasher.estimate(sig(a), sig(b), 0, 256);
        assertThat(estimate).isCloseTo(jaccard(a, b), within(0.1));
        assertThat(MinHasher.estimate(sig(a), sig(text(3, 1000)), 0, 256)).isLessThan(0.05);
        assertThat(MinHasher.estimate(sig(a), sig(a), 0, 256)).isEqualTo(1.0);
    }

    @Test
    void picks_32_bands_of_8_rows_for_threshold_0_7() {
        assertThat(MinHasher.optimalBands(0.7, 256)).containsExactly(32, 8);
    }

    @Test
    void index_finds_near_duplicates_and_indexes_new_texts() {
        DuplicateIndex index = new DuplicateIndex(256, 0.7);
        String a = text(10, 500);
        String aEdited = a.substring(0, 250) + "改" + a.substring(251);
        int[] len = new int[1];
        int[] sa = hasher.signature(DedupText.normalize(a, len), len[0]);
        assertThat(index.nearDuplicateOrAdd(hasher.bandKeys(sa), MinHasher.compact(sa), null)).isFalse();
        for (int i = 0; i < 2000; i++) {
            int[] s = hasher.signature(DedupText.normalize(text(100 + i, 200), len), len[0]);
            assertThat(index.nearDuplicateOrAdd(hasher.bandKeys(s), MinHasher.compact(s), null)).isFalse();
        }
        int[] se = hasher.signature(DedupText.normalize(aEdited, len), len[0]);
        assertThat(index.nearDuplicateOrAdd(hasher.bandKeys(se), MinHasher.compact(se), null)).isTrue();
        assertThat(index.memoryBytes()).isLessThan(2001L * 1200);
    }

    @Test
    void exact_set_grows_and_detects_repeats() {
        DuplicateIndex index = new DuplicateIndex(256, 0.7);
        for (long i = 0; i < 50_000; i++) {
            assertThat(index.addExact(i * 31, i)).isTrue();
        }
        for (long i = 0; i < 50_000; i += 997) {
            assertThat(index.addExact(i * 31, i)).isFalse();
        }
        assertThat(index.addExact(0, 0)).isFalse(); // i = 0 stored (0, 0), kept as (0, 1)
    }

    @Test
    void normalizes_whitespace_width_and_case_for_exact_hashes() {
        int[] l1 = new int[1];
        int[] l2 = new int[1];
        int[] a = DedupText.normalize("Ａｂc 天下\n大势\u3000", l1);
        int[] b = DedupText.normalize("abc天下大势", l2);
        assertThat(DedupText.hash128(a, l1[0], b, l2[0])).containsExactly(DedupText.hash128(b, l2[0], a, l1[0]));
        assertThat(DedupText.hash128(a, 2, b, l2[0])).isNotEqualTo(DedupText.hash128(a, 3, b, l2[0]));
    }

    @Test
    void repairs_utf8_read_as_latin1_or_cp1252_and_flags_broken_text() {
        byte[] utf8 = "“你好”，他说。".getBytes(StandardCharsets.UTF_8);
        assertThat(Mojibake.repair(new String(utf8, StandardCharsets.ISO_8859_1))).isEqualTo("“你好”，他说。");
        java.nio.charset.Charset cp1252 = java.nio.charset.Charset.forName("windows-1252");
        assertThat(Mojibake.repair(new String("你好，他说。".getBytes(StandardCharsets.UTF_8), cp1252)))
                .isEqualTo("你好，他说。");
        // ” is E2 80 9D and 0x9D is undefined in windows-1252: the decoder lost it, the text stays broken
        String lossy = new String(utf8, cp1252);
        assertThat(Mojibake.repair(lossy)).isEqualTo(lossy);
        assertThat(Mojibake.isBroken(lossy)).isTrue();
        assertThat(Mojibake.repair("Café au lait")).isEqualTo("Café au lait");
        assertThat(Mojibake.isBroken("正文锟斤拷正文")).isTrue();
        assertThat(Mojibake.isBroken("正文\uFFFD")).isTrue();
        assertThat(Mojibake.isBroken("ä½ å¥½ 混在中文里")).isTrue();
        assertThat(Mojibake.isBroken("Ã©tÃ©")).isTrue();
        assertThat(Mojibake.isBroken("Café, été, “你好”。")).isFalse();
    }

    @Test
    void keeps_exact_token_length_percentiles() {
        Histogram h = new Histogram();
        for (int i = 1; i <= 100; i++) {
            h.add(i);
        }
        h.add(5_000_000);
        assertThat(h.min()).isEqualTo(1);
        assertThat(h.max()).isEqualTo(5_000_000);
        assertThat(h.percentile(0.5)).isEqualTo(51);
        assertThat(h.percentile(0.95)).isEqualTo(96);
        assertThat(h.percentile(1.0)).isEqualTo(5_000_000);
    }
}
