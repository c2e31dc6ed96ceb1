package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Settings;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.media.voice.AudioClip;
import dev.novelkit.media.voice.VoiceBackend;
import dev.novelkit.media.voice.VoiceProfile;
import dev.novelkit.media.voice.VoiceSynth;
import dev.novelkit.media.voice.azure.AzureVoiceBackend;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import dev.novelkit.media.voice.openai.OpenAiSpeechBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code novelkit voice}: speaks a line with a character voice (espeak-ng offline, or Azure, OpenAI). */
@Command(name = "voice", mixinStandardHelpOptions = true,
        description = "Speak a line with a character voice (espeak-ng offline, or Azure, OpenAI).")
final class VoiceCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--text", required = true, description = "The line to speak.")
    String text;

    @Option(names = "--out", required = true, description = "The WAV file to write.")
    Path out;

    @Option(names = "--backend", description = "espeak (default, offline), azure or openai (or voice.backend in the settings).")
    String backend;

    @Mixin
    ConfigOption config;

    @Option(names = "--voice", description = "The voice: cmn-latn-pinyin+f3 (espeak), zh-CN-XiaoxiaoNeural (azure), nova (openai).")
    String voice;

    @Option(names = "--emotion", defaultValue = "", description = "Emotion or style: cheerful, sad, angry, fearful, whispering, ...")
    String emotion;

    @Option(names = "--style-degree", defaultValue = "1.0", description = "Strength of the emotion, 0.01..2.")
    double styleDegree;

    @Option(names = "--rate", defaultValue = "0", description = "Speaking rate in percent relative to normal, -50..100.")
    int rate;

    @Option(names = "--pitch", defaultValue = "0", description = "Pitch in percent relative to normal, -50..50.")
    int pitch;

    @Option(names = "--role", defaultValue = "", description = "Azure role-play role, such as Boy or OlderAdultMale.")
    String role;

    @Option(names = "--no-trim", description = "Keep the silence the engine puts around the speech.")
    boolean noTrim;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up on the server after this long (30s, 2m; default: the backend's deadlines).")
    String timeout;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a failed request, 0..10 (default 4; rate limits are waited out apart from these).")
    String retries;

    @Override
    public Integer call() throws Exception {
        if (text.isBlank()) {
            throw new InvalidInputException("--text", "nothing to speak");
        }
        VoiceProfile profile = profile(voice == null ? "" : voice);
        VoiceBackend engine = backend(config.settings().flag("voice.backend", "--backend", backend)
                .flag("timeout", "--timeout", timeout).flag("voice.retries", "--retries", retries));
        profile = profile.voice(voice == null ? engine.defaultVoice() : voice);
        try {
            engine.check(profile);
        } catch (InvalidSettingException e) {
            throw asFlag(e);
        }
        AudioClip clip;
        try (AutoCloseable ignored = RemoteOptions.watch(ProgressBar.stderr(), List.of(engine.remoteService()))) {
            clip = VoiceSynth.of(engine).trimSilence(!noTrim).speak(text, profile, out);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "voice: %s, %.3f s at %d Hz (%s; trimmed %.2f s + %.2f s)%n",
                clip.file(), clip.seconds(), clip.sampleRate(), clip.backend(), clip.trimmedLeadSeconds(),
                clip.trimmedTailSeconds());
        return 0;
    }

    /** The profile from the flags; a value out of range names its flag. */
    private VoiceProfile profile(String name) {
        try {
            return new VoiceProfile(name, emotion, styleDegree, role, rate, pitch);
        } catch (InvalidSettingException e) {
            throw asFlag(e);
        }
    }

    /** A profile setting's problem, told about the flag that set it. */
    private static InvalidInputException asFlag(InvalidSettingException e) {
        String flag = switch (e.setting()) {
            case "ratePercent" -> "--rate";
            case "pitchPercent" -> "--pitch";
            case "styleDegree" -> "--style-degree";
            case "style" -> "--emotion";
            case "voice" -> "--voice";
            default -> e.setting();
        };
        return new InvalidInputException(flag, e.problem(), e);
    }

    /** The voice backend the settings name ({@code voice.backend}), configured from the settings' environment. */
    static VoiceBackend backend(Settings s) {
        String name = s.get("voice.backend", "espeak");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "espeak", "espeak-ng" -> EspeakVoiceBackend.defaults();
            case "azure" -> AzureVoiceBackend.fromEnv(s.environment())
                    .deadlines(RemoteOptions.of(s, "voice").deadlines(Deadlines.DEFAULT))
                    .limits(RemoteOptions.of(s, "voice").limits(AzureVoiceBackend.DEFAULT_LIMITS));
            case "openai" -> OpenAiSpeechBackend.fromEnv(s.environment())
                    .deadlines(RemoteOptions.of(s, "voice").deadlines(Deadlines.DEFAULT))
                    .limits(RemoteOptions.of(s, "voice").limits(OpenAiSpeechBackend.DEFAULT_LIMITS));
            default -> throw new InvalidInputException(s.source("voice.backend"), "unknown voice backend '" + name
                    + "' (espeak, azure or openai)");
        };
    }
}
