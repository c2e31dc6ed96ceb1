package dev.novelkit.core.llm;

import dev.novelkit.core.config.Require;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Sampling options for one chat call. Immutable; every setter returns a new instance. An option left unset is not
 * sent, so the backend's own default applies. {@link #seedDefaults()} gives the seed write-up's values
 * (do_sample true, top_k 20, top_p 0.9).
 */
public final class GenerationOptions {
    private static final GenerationOptions EMPTY = new GenerationOptions(null, null, null, null, null, null, null, List.of());

    private final Double temperature;
    private final Double topP;
    private final Integer topK;
    private final Double repetitionPenalty;
    private final Integer maxTokens;
    private final Long seed;
    private final Boolean doSample;
    private final List<String> stop;

    private GenerationOptions(Double temperature, Double topP, Integer topK, Double repetitionPenalty,
                              Integer maxTokens, Long seed, Boolean doSample, List<String> stop) {
        this.temperature = temperature;
        this.topP = topP;
        this.topK = topK;
        this.repetitionPenalty = repetitionPenalty;
        this.maxTokens = maxTokens;
        this.seed = seed;
        this.doSample = doSample;
        this.stop = List.copyOf(stop);
    }

    /** Nothing set: every backend default applies. */
    public static GenerationOptions defaults() {
        return EMPTY;
    }

    /** The seed's sampling: do_sample true, top_k 20, top_p 0.9. */
    public static GenerationOptions seedDefaults() {
        return EMPTY.doSample(true).topK(20).topP(0.9);
    }

    /** 0 ≤ temperature ≤ 2; 0 means greedy. */
    public GenerationOptions temperature(double value) {
        check(value >= 0 && value <= 2, "temperature", value, "0..2");
        return new GenerationOptions(value, topP, topK, repetitionPenalty, maxTokens, seed, doSample, stop);
    }

    /** 0 < top_p ≤ 1. */
    public GenerationOptions topP(double value) {
        check(value > 0 && value <= 1, "topP", value, "(0, 1]");
        return new GenerationOptions(temperature, value, topK, repetitionPenalty, maxTokens, seed, doSample, stop);
    }

    /** top_k ≥ 1 (sent as an extra body field to OpenAI-compatible servers). */
    public GenerationOptions topK(int value) {
        check(value >= 1, "topK", value, ">= 1");
        return new GenerationOptions(temperature, topP, value, repetitionPenalty, maxTokens, seed, doSample, stop);
    }

    /** Repetition penalty in (0, 2]; 1 means none. */
    public GenerationOptions repetitionPenalty(double value) {
        check(value > 0 && value <= 2, "repetitionPenalty", value, "(0, 2]");
        return new GenerationOptions(temperature, topP, topK, value, maxTokens, seed, doSample, stop);
    }

    /** The most tokens to generate, ≥ 1. */
    public GenerationOptions maxTokens(int value) {
        check(value >= 1, "maxTokens", value, ">= 1");
        return new GenerationOptions(temperature, topP, topK, repetitionPenalty, value, seed, doSample, stop);
    }

    public GenerationOptions seed(long value) {
        return new GenerationOptions(temperature, topP, topK, repetitionPenalty, maxTokens, value, doSample, stop);
    }

    /** false means greedy decoding whatever the temperature. */
    public GenerationOptions doSample(boolean value) {
        return new GenerationOptions(temperature, topP, topK, repetitionPenalty, maxTokens, seed, value, stop);
    }

    /** Stop sequences (at most 4, none blank); generation ends before any of them. */
    public GenerationOptions stop(List<String> sequences) {
        Require.nonNull("stop", sequences);
        Require.that(sequences.size() <= 4 && sequences.stream().noneMatch(s -> s == null || s.isEmpty()), "stop",
                sequences, "must hold at most 4 non-empty sequences");
        return new GenerationOptions(temperature, topP, topK, repetitionPenalty, maxTokens, seed, doSample, sequences);
    }

    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    public OptionalInt topK() {
        return topK == null ? OptionalInt.empty() : OptionalInt.of(topK);
    }

    public OptionalDouble repetitionPenalty() {
        return repetitionPenalty == null ? OptionalDouble.empty() : OptionalDouble.of(repetitionPenalty);
    }

    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    public Optional<Boolean> doSample() {
        return Optional.ofNullable(doSample);
    }

    public List<String> stop() {
        return stop;
    }

    private static void check(boolean ok, String field, Object value, String range) {
        Require.that(ok, field, value, "must be " + range);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationOptions g && Objects.equals(temperature, g.temperature)
                && Objects.equals(topP, g.topP) && Objects.equals(topK, g.topK)
                && Objects.equals(repetitionPenalty, g.repetitionPenalty) && Objects.equals(maxTokens, g.maxTokens)
                && Objects.equals(seed, g.seed) && Objects.equals(doSample, g.doSample) && stop.equals(g.stop);
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, topP, topK, repetitionPenalty, maxTokens, seed, doSample, stop);
    }

    @Override
    public String toString() {
        return "GenerationOptions[temperature=" + temperature + ", topP=" + topP + ", topK=" + topK
                + ", repetitionPenalty=" + repetitionPenalty + ", maxTokens=" + maxTokens + ", seed=" + seed
                + ", doSample=" + doSample + ", stop=" + stop + "]";
    }
}
