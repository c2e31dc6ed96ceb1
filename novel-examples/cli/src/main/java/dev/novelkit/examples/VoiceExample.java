package dev.novelkit.examples;

import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.media.voice.AudioClip;
import dev.novelkit.media.voice.VoiceCasting;
import dev.novelkit.media.voice.VoiceSynth;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Casts two characters and speaks a line for each with espeak-ng, offline. Paste into JShell as it is. */
public final class VoiceExample {
    public static void main(String[] args) throws Exception {
        if (!EspeakVoiceBackend.isAvailable()) {
            System.out.println("espeak-ng is not installed (apt-get install espeak-ng): nothing to speak with offline.");
            return;
        }
        List<Character> characters = List.of(
                Character.named("林晚舟").voiceHint("female, young"),
                Character.named("周伯").voiceHint("male, old"));
        VoiceSynth synth = VoiceSynth.of(EspeakVoiceBackend.defaults())
                .cast(VoiceCasting.cast(characters, VoiceCasting.ESPEAK));
        Path dir = Files.createTempDirectory("novelkit-voice");
        for (DialogueLine line : List.of(
                new DialogueLine("周伯", "晚丫头，还不收船啊？", "calm"),
                new DialogueLine("林晚舟", "再等一等吧，周伯。", "gentle"))) {
            AudioClip clip = synth.speak(line, dir.resolve(line.speaker() + ".wav"));
            System.out.printf("%s: %s -> %s (%.2f s)%n", line.speaker(), line.text(), clip.file(), clip.seconds());
        }
    }
}
