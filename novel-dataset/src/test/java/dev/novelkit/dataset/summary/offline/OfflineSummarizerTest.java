package dev.novelkit.dataset.summary.offline;

import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.dataset.summary.SummaryParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineSummarizerTest {
    private static final OfflineSummarizer SUMMARIZER = OfflineSummarizer.defaults();

    static String passage(String name) throws IOException {
        try (InputStream in = OfflineSummarizerTest.class.getResourceAsStream("/passages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void finds_the_named_characters_of_a_real_passage_most_frequent_first() throws IOException {
        StorySummary s = SUMMARIZER.summarize(passage("rain-night.txt"));

        assertThat(s.characters()).extracting(CharacterNote::name)
                .containsExactly("林晚秋", "沈砚", "陈伯", "苏远山");
        assertThat(s.characters()).allSatisfy(c -> {
            assertThat(c.description()).contains(c.name());
            assertThat(c.description().codePointCount(0, c.description().length())).isLessThanOrEqualTo(40);
        });
    }

    @Test
    void finds_names_hanlp_alone_misses_in_a_wuxia_passage() throws IOException {
        StorySummary s = SUMMARIZER.summarize(passage("sword-inn.txt"));

        assertThat(s.characters()).extracting(CharacterNote::name)
                .contains("顾长风", "唐小婉", "雷千钧", "赵老三")
                .doesNotContain("顾长", "唐小", "雷千");
        assertThat(s.styleAndTheme()).startsWith("武侠风格");
    }

    @Test
    void writes_a_complete_summary_in_the_seed_format() throws IOException {
        String text = passage("rain-night.txt");
        StorySummary s = SUMMARIZER.summarize(text);

        assertThat(s.wellFormed()).isTrue();
        assertThat(text).contains(s.opening().replace("…", ""));
        assertThat(s.opening()).isNotEqualTo(s.ending());
        assertThat(List.of(s.opening(), s.climax(), s.ending()))
                .allSatisfy(part -> assertThat(part.codePointCount(0, part.length())).isBetween(4, 60));
        StorySummary reparsed = SummaryParser.parse(s.text());
        assertThat(reparsed.wellFormed()).isTrue();
        assertThat(reparsed.characters()).isEqualTo(s.characters());
    }

    @Test
    void the_opening_comes_before_the_climax_and_the_climax_before_the_ending() throws IOException {
        String text = passage("sword-inn.txt");
        StorySummary s = SUMMARIZER.summarize(text);

        int opening = text.indexOf(s.opening().substring(0, 6));
        int climax = text.indexOf(s.climax().substring(0, 6));
        int ending = text.indexOf(s.ending().substring(0, 6));
        assertThat(opening).isNotNegative().isLessThan(climax);
        assertThat(climax).isLessThan(ending);
    }

    @Test
    void the_brief_is_at_most_60_code_points_and_taken_from_the_text() throws IOException {
        for (String name : List.of("rain-night.txt", "sword-inn.txt")) {
            String text = passage(name);
            String brief = SUMMARIZER.brief(text);
            assertThat(brief.codePointCount(0, brief.length())).isBetween(10, 60);
            assertThat(text.replaceAll("[“”]", "")).contains(brief.substring(0, 8));
        }
    }

    @Test
    void is_deterministic_across_threads_and_instances() throws Exception {
        String text = passage("rain-night.txt");
        StorySummary first = OfflineSummarizer.defaults().summarize(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StorySummary>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> OfflineSummarizer.defaults().summarize(text)));
            }
            for (Future<StorySummary> f : futures) {
                assertThat(f.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void handles_text_without_names_or_sentence_ends() {
        StorySummary s = SUMMARIZER.summarize("雨一直下，街上空无一人，只有风吹过屋檐的声音");

        assertThat(s.characters()).isEmpty();
        assertThat(s.wellFormed()).isFalse();
        assertThat(s.opening()).isNotEmpty();
        assertThat(SUMMARIZER.brief("   ")).isEmpty();
    }

    @Test
    void reports_the_one_dictionary_load() {
        assertThat(OfflineSummarizer.warmUp()).isPositive().isEqualTo(OfflineSummarizer.warmUp());
    }
}
