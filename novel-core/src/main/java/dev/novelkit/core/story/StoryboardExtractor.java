package dev.novelkit.core.story;

import dev.novelkit.core.progress.ProgressListener;

import java.util.List;

/**
 * Turns a novel into a {@link Storyboard}: its characters (appearance, age, clothing, voice casting hints), scenes
 * (place, time, mood) and shots (picture, camera movement, narration, dialogue with speaker and emotion,
 * duration). Implementations are thread-safe. The offline and LLM-backed implementations live in
 * {@code novel-dataset} ({@code OfflineStoryboardExtractor}, {@code LlmStoryboardExtractor}).
 */
public interface StoryboardExtractor {
    /** A short name for reports: "offline" or "llm:&lt;model&gt;". */
    String name();

    /** Extracts the storyboard, reporting progress per chapter. */
    Storyboard extract(StoryText text, ProgressListener listener);

    /**
     * Everything besides the story that decides the storyboard (settings; for a model, the server and the model as
     * the server names it, which may be asked for now): a cached storyboard is reused only when it matches. The
     * default is {@link Object#toString()}, which must then hold every setting.
     */
    default String fingerprint() {
        return toString();
    }

    default Storyboard extract(StoryText text) {
        return extract(text, ProgressListener.NONE);
    }

    /**
     * Extracts the storyboard and says which parts of the story a fallback extractor made because this one failed
     * on them (an LLM's answer that stayed malformed, a server that failed). The default never falls back.
     */
    default Extraction extractWithFallbacks(StoryText text, ProgressListener listener) {
        return new Extraction(extract(text, listener), List.of());
    }

    /** A storyboard and, for each part a fallback extractor made, a line saying which part and why. */
    record Extraction(Storyboard storyboard, List<String> fallbacks) {
        public Extraction {
            java.util.Objects.requireNonNull(storyboard, "storyboard");
            fallbacks = List.copyOf(fallbacks);
        }
    }
}
