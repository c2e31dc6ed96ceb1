package dev.novelkit.dataset.summary.offline.internal;

import com.hankcs.hanlp.summary.BM25;

import java.util.List;

/**
 * TextRank over sentences with BM25 similarity, as HanLP's {@code TextRankSentence} computes it, but returning
 * every sentence's score (HanLP's own top list merges sentences with equal scores). Deterministic.
 */
public final class TextRank {
    private static final double D = 0.85;
    private static final int MAX_ITER = 200;
    private static final double MIN_DIFF = 0.001;

    private TextRank() {
    }

    /** The score of each sentence, given each sentence's content words. */
    public static double[] scores(List<List<String>> docs) {
        int n = docs.size();
        double[] vertex = new double[n];
        java.util.Arrays.fill(vertex, 1.0);
        if (n <= 1 || docs.stream().allMatch(List::isEmpty)) {
            return vertex;
        }
        BM25 bm25 = new BM25(docs);
        double[][] weight = new double[n][];
        double[] weightSum = new double[n];
        for (int i = 0; i < n; i++) {
            weight[i] = bm25.simAll(docs.get(i));
            double sum = 0;
            for (int j = 0; j < n; j++) {
                if (j != i && Double.isFinite(weight[i][j])) {
                    sum += weight[i][j];
                }
            }
            weightSum[i] = sum;
        }
        for (int iter = 0; iter < MAX_ITER; iter++) {
            double[] next = new double[n];
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i && weightSum[j] > 0 && Double.isFinite(weight[j][i])) {
                        s += D * weight[j][i] / weightSum[j] * vertex[j];
                    }
                }
                next[i] = 1 - D + s;
                maxDiff = Math.max(maxDiff, Math.abs(next[i] - vertex[i]));
            }
            vertex = next;
            if (maxDiff <= MIN_DIFF) {
                break;
            }
        }
        return vertex;
    }
}
