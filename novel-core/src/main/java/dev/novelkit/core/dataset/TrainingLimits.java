package dev.novelkit.core.dataset;

/** The limits of a training sample NovelKit's defaults share, so that cleaning keeps what training can use. */
public final class TrainingLimits {
    /**
     * ms-swift's {@code --max_length} NovelKit trains with by default, in tokens: system, earlier turns, query and
     * response of one sample. The cleaner's default token filter drops what is longer.
     */
    public static final int DEFAULT_MAX_LENGTH = 2048;

    private TrainingLimits() {
    }
}
