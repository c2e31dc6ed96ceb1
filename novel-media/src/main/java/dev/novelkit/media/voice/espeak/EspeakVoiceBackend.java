package dev.novelkit.media.voice.espeak;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.io.FileProblems;
import dev.novelkit.media.voice.VoiceBackend;
import dev.novelkit.media.voice.VoiceProfile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The offline default voice: Debian's {@code espeak-ng} with the {@code cmn-latn-pinyin} voice, which speaks tonal
 * Mandarin correctly ({@code cmn} mispronounces Chinese characters). Emotions are approximated with rate, pitch and
 * loudness, and "whispering" with espeak's whisper variant. 22.05 kHz mono 16-bit WAV. Thread-safe.
 */
public final class EspeakVoiceBackend implements VoiceBackend {
    /** The Mandarin voice that reads Chinese characters as correct pinyin. */
    public static final String VOICE = "cmn-latn-pinyin";
    private static final int BASE_WPM = 175;
    private static final int BASE_PITCH = 50;

    /** Rate and pitch changes (percent) and loudness (0..200) per style: espeak has no emotions of its own. */
    private static final Map<String, int[]> STYLES = Map.of(
            "angry", new int[] {15, 10, 140},
            "excited", new int[] {15, 20, 130},
            "cheerful", new int[] {10, 15, 110},
            "sad", new int[] {-18, -12, 80},
            "fearful", new int[] {22, 25, 100},
            "serious", new int[] {-8, -6, 100},
            "whispering", new int[] {-5, 0, 60},
            "gentle", new int[] {-8, 5, 80});

    /** Styles spoken as they are, without a change of rate, pitch or loudness. */
    private static final java.util.List<String> PLAIN = java.util.List.of("calm", "neutral");

    private final String executable;
    private volatile Set<String> variants;

    private EspeakVoiceBackend(String executable) {
        this.executable = executable;
    }

    /** Uses {@code espeak-ng} from the PATH. */
    public static EspeakVoiceBackend defaults() {
        return new EspeakVoiceBackend("espeak-ng");
    }

    /** The same backend running this espeak-ng executable (a name looked up on the PATH, or a path). */
    public EspeakVoiceBackend executable(String value) {
        return new EspeakVoiceBackend(Require.nonBlank("executable", value));
    }

    /** Whether {@code espeak-ng} can be run here. */
    public static boolean isAvailable() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String name() {
        return "espeak";
    }

    @Override
    public String defaultVoice() {
        return VOICE;
    }

    /**
     * Accepts the Mandarin voice ({@code cmn-latn-pinyin}, {@code cmn} or nothing) with an optional installed
     * espeak-ng variant ({@code +f3}, {@code +whisper}), and the styles it approximates ({@link #styles()}).
     */
    @Override
    public void check(VoiceProfile profile) {
        String voice = profile.voice().strip();
        int plus = voice.indexOf('+');
        String base = (plus < 0 ? voice : voice.substring(0, plus)).toLowerCase(Locale.ROOT);
        if (!base.isEmpty() && !base.equals("cmn") && !base.equals(VOICE)) {
            throw new InvalidSettingException("voice", profile.voice(), "must be espeak-ng's Mandarin voice "
                    + VOICE + ", optionally with a variant such as " + VOICE + "+f3");
        }
        if (plus >= 0) {
            String variant = voice.substring(plus + 1);
            Set<String> known = variants();
            if (!known.isEmpty() && known.stream().noneMatch(v -> v.equalsIgnoreCase(variant))) {
                throw new InvalidSettingException("voice", profile.voice(), "names no espeak-ng variant (installed: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        String style = profile.style().toLowerCase(Locale.ROOT);
        if (!style.isEmpty() && !STYLES.containsKey(style) && !PLAIN.contains(style)) {
            throw new InvalidSettingException("style", profile.style(), "is not an emotion espeak-ng can approximate ("
                    + String.join(", ", styles()) + ")");
        }
    }

    /** The emotions this backend approximates, in order; "calm" and "neutral" are spoken plainly. */
    public static java.util.List<String> styles() {
        java.util.List<String> all = new ArrayList<>(new java.util.TreeSet<>(STYLES.keySet()));
        all.addAll(PLAIN);
        return all;
    }

    /** The variant names espeak-ng has installed ({@code espeak-ng --voices=variant}), read once; empty if unknown. */
    private Set<String> variants() {
        Set<String> v = variants;
        if (v == null) {
            v = new java.util.HashSet<>();
            try {
                Process p = new ProcessBuilder(executable, "--voices=variant").redirectErrorStream(true).start();
                for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    for (String column : line.strip().split("\\s+")) {
                        if (column.startsWith("!v/")) {
                            v.add(column.substring(3));
                        }
                    }
                }
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                v.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                v.clear();
            }
            variants = Set.copyOf(v);
            v = variants;
        }
        return v;
    }

    @Override
    public Set<String> nativeStyles() {
        return Set.of("whispering");
    }

    /** The exact argv for one line (without the text, which goes to standard input). */
    public List<String> command(VoiceProfile profile, Path out) {
        // Always the pinyin voice (plain "cmn" mispronounces Chinese); keep a variant such as +f3 if one was named.
        int plus = profile.voice().indexOf('+');
        String variant = plus >= 0 && profile.voice().startsWith("cmn") ? profile.voice().substring(plus) : "";
        int[] style = STYLES.getOrDefault(profile.style().toLowerCase(Locale.ROOT), new int[] {0, 0, 100});
        double degree = profile.styleDegree();
        String voice = VOICE + (profile.style().equalsIgnoreCase("whispering") ? "+whisper" : variant);
        int wpm = (int) Math.round(BASE_WPM * (1 + (profile.ratePercent() + style[0] * degree) / 100.0));
        int pitch = (int) Math.round(BASE_PITCH * (1 + (profile.pitchPercent() + style[1] * degree) / 100.0));
        int amplitude = (int) Math.round(100 + (style[2] - 100) * degree);
        List<String> argv = new ArrayList<>(List.of(executable, "-v", voice,
                "-s", String.valueOf(Math.max(80, Math.min(450, wpm))),
                "-p", String.valueOf(Math.max(0, Math.min(99, pitch))),
                "-a", String.valueOf(Math.max(10, Math.min(200, amplitude))),
                "-w", out.toString(), "--stdin"));
        return argv;
    }

    @Override
    public void synthesize(String text, VoiceProfile profile, Path out) {
        Path tmp;
        try {
            // made here, so a folder that cannot be written is named (espeak-ng itself exits 0 without a file)
            tmp = AtomicFiles.createTemporary(out, ".espeak.tmp");
        } catch (IOException e) {
            throw FileProblems.writing(out, e);
        }
        List<String> argv = command(profile, tmp);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw BackendException.builder(name(), executable + " not found or not runnable (" + e.getMessage()
                    + "); install it with: apt-get install espeak-ng").cause(e).build();
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw BackendException.builder(name(), "espeak-ng did not finish in 120 s").retriable(true).build();
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) <= 44) {
                throw BackendException.builder(name(), "espeak-ng failed (exit " + process.exitValue() + ")")
                        .exitCode(process.exitValue()).outputTail(output.lines().toList()).build();
            }
            try {
                AtomicFiles.publish(tmp, out);
            } catch (IOException e) {
                throw FileProblems.writing(out, e);
            }
        } catch (IOException e) {
            throw BackendException.builder(name(), "espeak-ng I/O error: " + e.getMessage()).cause(e).build();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw BackendException.builder(name(), "interrupted").cause(e).build();
        } finally {
            AtomicFiles.discard(tmp);
        }
    }

    @Override
    public String toString() {
        return "EspeakVoiceBackend[" + executable + "]";
    }
}
