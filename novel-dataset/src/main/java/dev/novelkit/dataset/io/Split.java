package dev.novelkit.dataset.io;

import dev.novelkit.dataset.build.Sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A train/validation split of samples. {@link #of} keeps all samples of one paragraph on the same side (they share
 * the response, so splitting them would leak the validation answers into training) and keeps the input order on
 * each side; {@link #shuffle} reorders. Both are seeded and give the same result for the same seed on every JVM.
 */
public record Split(List<Sample> train, List<Sample> validation) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * Puts about {@code validationRatio} of the paragraphs (at least one, and never all, when the ratio is above 0
     * and there are two or more) into validation, chosen by {@code seed}.
     */
    public static Split of(List<Sample> samples, double validationRatio, long seed) {
        if (!(validationRatio >= 0 && validationRatio < 1)) {
            throw new IllegalArgumentException("validationRatio must be in [0, 1), was " + validationRatio);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            String group = !s.sourceHash().isEmpty() ? "h:" + s.sourceHash() : "r:" + s.response();
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(i);
        }
        int n = groups.size();
        int k = (int) Math.round(n * validationRatio);
        if (validationRatio > 0 && n >= 2) {
            k = Math.max(1, Math.min(n - 1, k));
        }
        List<List<Integer>> order = new ArrayList<>(groups.values());
        Collections.shuffle(order, new Random(seed));
        boolean[] toValidation = new boolean[samples.size()];
        for (int g = 0; g < k; g++) {
            for (int i : order.get(g)) {
                toValidation[i] = true;
            }
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> validation = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            (toValidation[i] ? validation : train).add(samples.get(i));
        }
        return new Split(train, validation);
    }

    /** The samples in a seeded random order. */
    public static List<Sample> shuffle(List<Sample> samples, long seed) {
        List<Sample> copy = new ArrayList<>(samples);
        Collections.shuffle(copy, new Random(seed));
        return List.copyOf(copy);
    }
}
