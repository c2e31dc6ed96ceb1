package dev.novelkit.dataset.storyboard;

import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.Storyboard;

/**
 * Turns a novel into a {@link Storyboard}: its characters (appearance, age, clothing, voice casting hints), scenes
 * (place, time, mood) and shots (picture, camera movement, narration, dialogue with speaker and emotion,
 * duration). Implementations are thread-safe.
 */
public interface StoryboardExtractor {
    /** A short name for reports: "offline" or "llm:&lt;model&gt;". */
    String name();

    /** Extracts the storyboard, reporting progress per chapter. */
    Storyboard extract(StoryText text, ProgressListener listener);

    default Storyboard extract(StoryText text) {
        return extract(text, ProgressListener.NONE);
    }

    /** The offline extractor (HanLP names, quoted dialogue, keyword scenes), with at most {@code maxShots} shots. */
    static OfflineStoryboardExtractor offline() {
        return OfflineStoryboardExtractor.create();
    }

    /** The LLM-backed extractor: JSON checked against the schema, with bounded repair requests. */
    static LlmStoryboardExtractor llm(ChatModel model) {
        return LlmStoryboardExtractor.over(model);
    }
}
