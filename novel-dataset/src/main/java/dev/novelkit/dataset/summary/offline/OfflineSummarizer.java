package dev.novelkit.dataset.summary.offline;

import com.hankcs.hanlp.seg.common.Term;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.core.summary.Summarizer;
import dev.novelkit.dataset.summary.SummaryParser;
import dev.novelkit.core.text.Sentences;
import dev.novelkit.dataset.summary.offline.internal.HanLpEngine;
import dev.novelkit.dataset.internal.NameFinder;
import dev.novelkit.dataset.summary.offline.internal.StyleGuess;
import dev.novelkit.dataset.summary.offline.internal.TextRank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Summarizer} that needs no model and no network: an <em>extractive approximation</em> of the seed's
 * structured summary built with HanLP portable. It copies sentences of the paragraph, it does not write new ones,
 * so its summaries are poorer than a model's; use it to try the pipeline, for tests, or where no model is at hand.
 *
 * <ul>
 *   <li>Characters: person names found by HanLP's recogniser and a surname rule, ranked by frequency (at most
 *       {@link #maxCharacters(int)}), each described by the first sentence that mentions them, shortened.</li>
 *   <li>Opening, climax, ending: key sentences by TextRank (BM25 similarity) from the first, middle and last third
 *       of the paragraph; the climax favours sentences with dialogue or exclamations.</li>
 *   <li>Style and theme: a genre guessed from cue words, the share of dialogue, and TextRank keywords.</li>
 *   <li>Brief: the one or two best key sentences, cut to at most 60 code points at a sentence end or comma.</li>
 * </ul>
 *
 * <p>Deterministic: the same paragraph always gives the same summary. Thread-safe. HanLP loads its dictionaries
 * once, lazily, on the first call (about a second; see {@link #warmUp()}); after that a 2,000-character paragraph
 * takes a few milliseconds.
 */
public final class OfflineSummarizer implements Summarizer {
    /** Bumped whenever the output changes, so that journaled summaries of an older version are not reused. */
    private static final String VERSION = "2";
    private static final int DESCRIPTION_CHARS = 40;
    private static final int PLOT_CHARS = 60;

    private final int maxCharacters;
    private final int briefMaxChars;
    private final Map<String, Analysis> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
            return size() > 32;
        }
    });

    private OfflineSummarizer(int maxCharacters, int briefMaxChars) {
        this.maxCharacters = maxCharacters;
        this.briefMaxChars = briefMaxChars;
    }

    /** Up to 4 characters, briefs of at most 60 code points. */
    public static OfflineSummarizer defaults() {
        return new OfflineSummarizer(4, 60);
    }

    /** At most this many characters per summary (≥ 1, default 4). */
    public OfflineSummarizer maxCharacters(int max) {
        return new OfflineSummarizer(Require.atLeast("maxCharacters", max, 1), briefMaxChars);
    }

    /** The longest brief in code points (≥ 10, default 60). */
    public OfflineSummarizer briefMaxChars(int max) {
        return new OfflineSummarizer(maxCharacters, Require.atLeast("briefMaxChars", max, 10));
    }

    /**
     * Loads HanLP's dictionaries now rather than on the first summary, and returns how long that one load took
     * (the same figure on every later call).
     */
    public static Duration warmUp() {
        return HanLpEngine.load();
    }

    @Override
    public String name() {
        return "offline-hanlp/" + VERSION + (maxCharacters == 4 && briefMaxChars == 60 ? ""
                : "(chars=" + maxCharacters + ",brief=" + briefMaxChars + ")");
    }

    /** The algorithm's version and the setting that shapes that call's answer (no model, no prompt). */
    @Override
    public String fingerprint(SampleKind call) {
        return "offline-hanlp/" + VERSION + switch (call) {
            case SUMMARY -> " summary characters=" + maxCharacters;
            case BRIEF -> " brief chars=" + briefMaxChars;
            case CONTINUATION -> throw new IllegalArgumentException("a continuation needs no summarizer call");
        };
    }

    @Override
    public StorySummary summarize(String paragraph) {
        Analysis a = analysis(paragraph);
        StorySummary draft = new StorySummary(a.style, a.characters, a.opening, a.climax, a.ending, "", false);
        boolean complete = SummaryParser.completeness(draft) == 5;
        return new StorySummary(a.style, a.characters, a.opening, a.climax, a.ending, draft.render(), complete);
    }

    @Override
    public String brief(String paragraph) {
        return analysis(paragraph).brief;
    }

    private Analysis analysis(String paragraph) {
        Objects.requireNonNull(paragraph, "paragraph");
        Analysis cached = recent.get(paragraph);
        if (cached == null) {
            cached = analyse(paragraph);
            recent.put(paragraph, cached);
        }
        return cached;
    }

    private record Analysis(String style, List<CharacterNote> characters, String opening, String climax,
                            String ending, String brief) {
    }

    private Analysis analyse(String paragraph) {
        String text = paragraph.strip();
        List<String> sentences = Sentences.split(text);
        if (sentences.isEmpty()) {
            return new Analysis("", List.of(), "", "", "", "");
        }
        List<Term> all = new ArrayList<>();
        List<List<String>> docs = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            List<Term> terms = HanLpEngine.segment(s);
            all.addAll(terms);
            List<String> words = new ArrayList<>();
            for (Term t : terms) {
                if (!HanLpEngine.isStopWord(t)) {
                    words.add(t.word);
                }
            }
            docs.add(words);
        }
        double[] score = TextRank.scores(docs);

        List<NameFinder.Name> names = NameFinder.find(text, all);
        List<CharacterNote> characters = new ArrayList<>();
        for (NameFinder.Name n : names) {
            if (characters.size() == maxCharacters) {
                break;
            }
            if (n.count() < 2 && characters.size() >= 2) {
                continue;
            }
            Set<String> used = new HashSet<>();
            characters.forEach(c -> used.add(c.description()));
            characters.add(new CharacterNote(n.name(), describe(n.name(), sentences, used)));
        }

        int count = sentences.size();
        int firstEnd = Math.max(1, (count + 2) / 3);
        int lastStart = Math.min(count - 1, Math.max(firstEnd, count - (count + 2) / 3));
        int openingIndex = best(score, sentences, 0, firstEnd, false, -1, -1);
        int endingIndex = best(score, sentences, lastStart, count, false, openingIndex, -1);
        int climaxIndex = firstEnd < lastStart ? best(score, sentences, firstEnd, lastStart, true, -1, -1)
                : best(score, sentences, 0, count, true, openingIndex, endingIndex);
        String opening = trimPlot(sentences.get(openingIndex));
        String climax = trimPlot(sentences.get(climaxIndex));
        String ending = trimPlot(sentences.get(endingIndex));

        String style = style(text, all, names);
        String brief = brief(sentences, score);
        return new Analysis(style, List.copyOf(characters), opening, climax, ending, brief);
    }

    /**
     * The first sentence naming the character that says something (at least 12 characters; "沈砚问。" does not)
     * and does not already describe someone else, else the longest one naming them, shortened.
     */
    private static String describe(String name, List<String> sentences, Set<String> used) {
        String longest = "";
        String firstUsed = null;
        for (String s : sentences) {
            if (!s.contains(name)) {
                continue;
            }
            if (Sentences.length(s) >= 12) {
                String d = shorten(s, DESCRIPTION_CHARS);
                if (!used.contains(d)) {
                    return d;
                }
                firstUsed = firstUsed == null ? d : firstUsed;
                continue;
            }
            if (s.length() > longest.length()) {
                longest = s;
            }
        }
        if (firstUsed != null) {
            return firstUsed;
        }
        return longest.isEmpty() ? "" : shorten(longest, DESCRIPTION_CHARS);
    }

    /**
     * The index in [from, to) with the best score, avoiding two already taken when there is another; for the
     * climax, dialogue and exclamations add weight.
     */
    private static int best(double[] score, List<String> sentences, int from, int to, boolean dramatic,
                            int takenA, int takenB) {
        double max = 0;
        for (double s : score) {
            max = Math.max(max, s);
        }
        int best = from;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            // Short sentences ("晚舟愣住了。") say little: they are weighed down.
            double v = (max > 0 ? score[i] / max : 0) * Math.min(1.0, Sentences.length(sentences.get(i)) / 15.0);
            if (dramatic) {
                v += drama(sentences.get(i));
            }
            if (i == takenA || i == takenB) {
                v -= 10;
            }
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    private static double drama(String sentence) {
        double d = 0;
        if (sentence.indexOf('！') >= 0 || sentence.indexOf('!') >= 0) {
            d += 0.3;
        }
        if (sentence.indexOf('“') >= 0 || sentence.indexOf('「') >= 0) {
            d += 0.15;
        }
        return d;
    }

    private static String trimPlot(String sentence) {
        return shorten(sentence, PLOT_CHARS);
    }

    private static String shorten(String sentence, int max) {
        return Sentences.balanceQuotes(Sentences.trim(Sentences.balanceQuotes(sentence), max));
    }

    private static String style(String text, List<Term> terms, List<NameFinder.Name> names) {
        Map<String, Integer> freq = new LinkedHashMap<>();
        for (Term t : terms) {
            String nature = t.nature == null ? "" : t.nature.toString();
            if (t.word.length() < 2 || !(nature.startsWith("n") || nature.equals("vn")) || nature.startsWith("nr")
                    || HanLpEngine.isStopWord(t) || partOfName(t.word, names)) {
                continue;
            }
            freq.merge(t.word, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(freq.entrySet());
        ranked.sort(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey));
        List<String> keywords = ranked.stream().limit(4).map(Map.Entry::getKey).toList();
        String line = StyleGuess.genre(text) + "风格，" + StyleGuess.tone(text);
        return keywords.isEmpty() ? line + "。" : line + "；主题围绕" + String.join("、", keywords) + "展开。";
    }

    private static boolean partOfName(String word, List<NameFinder.Name> names) {
        for (NameFinder.Name n : names) {
            if (n.name().contains(word) || word.contains(n.name())) {
                return true;
            }
        }
        return false;
    }

    /** The best key sentence, with the next best (in reading order) when there is room. */
    private String brief(List<String> sentences, double[] score) {
        Integer[] order = new Integer[sentences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i));
        String first = unquote(sentences.get(order[0]));
        if (order.length > 1 && Sentences.length(first) < briefMaxChars / 2) {
            int a = Math.min(order[0], order[1]);
            int b = Math.max(order[0], order[1]);
            String pair = unquote(sentences.get(a)) + unquote(sentences.get(b));
            if (Sentences.length(pair) <= briefMaxChars) {
                return pair;
            }
        }
        return Sentences.trim(first, briefMaxChars);
    }

    private static String unquote(String s) {
        return s.replaceAll("[“”「」『』\"]", "");
    }

    @Override
    public String toString() {
        return "OfflineSummarizer[" + name() + "]";
    }
}
