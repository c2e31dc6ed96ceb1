package dev.novelkit.media.voice;

import dev.novelkit.core.Backend;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.remote.RemoteService;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A text-to-speech engine: espeak-ng (offline default), Azure neural voices, or any OpenAI-compatible speech server.
 * Writes a 16-bit PCM WAV file. Implementations are thread-safe.
 */
public interface VoiceBackend extends Backend, AutoCloseable {
    /** A short name for reports: "espeak", "azure", "openai". */
    @Override
    String name();

    /** Speaks {@code text} with {@code profile} into the WAV file {@code out} (written atomically). */
    void synthesize(String text, VoiceProfile profile, Path out);

    /**
     * As {@link #synthesize(String, VoiceProfile, Path)}, ending at once when {@code cancellation} is cancelled.
     * Remote backends override it; the default checks before starting.
     */
    default void synthesize(String text, VoiceProfile profile, Path out, Cancellation cancellation) {
        cancellation.throwIfCancelled("voice " + out.getFileName());
        synthesize(text, profile, out);
    }

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

    /** The voices this backend offers for casting characters ({@link VoiceCasting}). */
    default VoiceCasting.Palette palette() {
        return VoiceCasting.ESPEAK;
    }

    /** The list price of one spoken character in US dollars; 0 offline or when unknown. */
    default double priceUsdPerCharacter() {
        return 0;
    }

    /** The remote service this backend calls (its limits and activity), or empty for offline backends. */
    default Optional<RemoteService> remoteService() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
