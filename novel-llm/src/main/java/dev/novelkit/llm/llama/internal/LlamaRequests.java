package dev.novelkit.llm.llama.internal;

import de.kherud.llama.InferenceParameters;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.llm.llama.ChatMl;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Maps NovelKit's {@link GenerationOptions} onto llama.cpp's completion parameters. */
public final class LlamaRequests {
    /** The longest run a text prompt may have when llama.cpp's server thread tokenizes it (see NativeTokenizer). */
    static final int TEXT_PROMPT_MAX_RUN = 4096;
    private static volatile Field parametersField;
    private static volatile boolean tokenPromptsUnavailable;

    private LlamaRequests() {
    }

    /**
     * Like {@link #completion(String, GenerationOptions, int)}, but sends the prompt as its token ids, so llama.cpp
     * does not tokenize it again (for Qwen2 that costs about 0.4 ms per piece of text between special tokens, time
     * llama.cpp's own timing leaves out). java-llama.cpp has no setter for a token prompt, so the ids are put into
     * its parameter map by reflection; if that is not possible (another java-llama.cpp version), the text is sent.
     */
    public static InferenceParameters completion(String prompt, int[] promptTokens, GenerationOptions options,
                                                 int nPredict) {
        InferenceParameters p = completion(prompt, options, nPredict);
        if (!usePromptTokens(p, promptTokens)) {
            // llama.cpp's server thread will tokenize the text on its own (8 MB) stack: see NativeTokenizer
            int run = NativeTokenizer.longestRun(prompt);
            if (run > TEXT_PROMPT_MAX_RUN) {
                throw new InvalidInputException("messages", "a run of " + run + " characters without a space or "
                        + "punctuation; with this java-llama.cpp version llama.cpp tokenizes the prompt itself and "
                        + "takes runs of at most " + TEXT_PROMPT_MAX_RUN);
            }
        }
        return p;
    }

    /** Replaces the text prompt by token ids; false (and the text prompt kept) if java-llama.cpp does not allow it. */
    @SuppressWarnings("unchecked")
    static boolean usePromptTokens(InferenceParameters p, int[] tokens) {
        if (tokenPromptsUnavailable) {
            return false;
        }
        try {
            Field field = parametersField;
            if (field == null) {
                field = InferenceParameters.class.getSuperclass().getDeclaredField("parameters");
                field.setAccessible(true);
                parametersField = field;
            }
            Map<String, String> parameters = (Map<String, String>) field.get(p);
            if (!parameters.containsKey("prompt")) {
                tokenPromptsUnavailable = true;
                return false;
            }
            parameters.put("prompt", Arrays.toString(tokens));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            tokenPromptsUnavailable = true;
            return false;
        }
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
