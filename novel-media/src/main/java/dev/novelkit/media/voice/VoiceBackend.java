package dev.novelkit.media.voice;

import java.nio.file.Path;
import java.util.Set;

/**
 * A text-to-speech engine: espeak-ng (offline default), Azure neural voices, or any OpenAI-compatible speech server.
 * Writes a 16-bit PCM WAV file. Implementations are thread-safe.
 */
public interface VoiceBackend extends AutoCloseable {
    /** A short name for reports: "espeak", "azure", "openai". */
    String name();

    /** Speaks {@code text} with {@code profile} into the WAV file {@code out} (written atomically). */
    void synthesize(String text, VoiceProfile profile, Path out);

    /** The voice this backend uses when a profile does not name one it knows. */
    String defaultVoice();

    /** Styles (emotions) the backend renders natively; others are approximated with rate and pitch. */
    default Set<String> nativeStyles() {
        return Set.of();
    }

    /**
     * Checks a profile chosen by hand (on a command line): a voice or style this backend cannot speak with is an
     * {@link dev.novelkit.core.InvalidSettingException} for {@code voice} or {@code style} that says what it takes.
     * {@link #synthesize} itself stays lenient (a storyboard's unusual emotion is spoken plainly). The default
     * accepts everything: the server decides.
     */
    default void check(VoiceProfile profile) {
    }

    @Override
    default void close() {
    }
}
