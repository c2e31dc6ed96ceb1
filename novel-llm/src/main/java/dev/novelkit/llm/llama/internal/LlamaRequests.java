package dev.novelkit.llm.llama.internal;

import de.kherud.llama.InferenceParameters;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.llm.llama.ChatMl;

import java.util.ArrayList;
import java.util.List;

/** Maps NovelKit's {@link GenerationOptions} onto llama.cpp's completion parameters. */
public final class LlamaRequests {
    private LlamaRequests() {
    }

    /**
     * The completion request for {@code prompt}: at most {@code nPredict} tokens; greedy (temperature 0) when
     * {@code doSample} is false or the temperature is 0; top_k, top_p, repeat penalty and seed when set (unset
     * options keep llama.cpp's defaults); the caller's stop strings plus {@code <|im_end|>}. The prompt is used
     * as given (no chat template of llama.cpp's own).
     */
    public static InferenceParameters completion(String prompt, GenerationOptions options, int nPredict) {
        InferenceParameters p = new InferenceParameters(prompt).setNPredict(nPredict).setUseChatTemplate(false);
        boolean greedy = options.doSample().map(sample -> !sample).orElse(false);
        if (greedy) {
            p.setTemperature(0f);
        } else {
            options.temperature().ifPresent(t -> p.setTemperature((float) t));
        }
        options.topK().ifPresent(p::setTopK);
        options.topP().ifPresent(v -> p.setTopP((float) v));
        options.repetitionPenalty().ifPresent(v -> p.setRepeatPenalty((float) v));
        options.seed().ifPresent(s -> p.setSeed(seed(s)));
        p.setStopStrings(stopStrings(options).toArray(String[]::new));
        return p;
    }

    /** The caller's stop strings followed by {@code <|im_end|>} (once). */
    public static List<String> stopStrings(GenerationOptions options) {
        List<String> stops = new ArrayList<>(options.stop());
        if (!stops.contains(ChatMl.IM_END)) {
            stops.add(ChatMl.IM_END);
        }
        return stops;
    }

    /**
     * llama.cpp seeds are unsigned 32-bit and java-llama.cpp sends them as a Java int: seeds 0..2^31-2 are used
     * as they are, any other value is folded into that range (deterministically).
     */
    public static int seed(long seed) {
        return (int) Long.remainderUnsigned(seed, Integer.MAX_VALUE);
    }
}
