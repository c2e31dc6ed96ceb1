package dev.novelkit.media.lipsync;

import dev.novelkit.core.InvalidInputException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to lip-sync: a video (a URL the service can fetch, or an id of a video the service made) and either speech
 * audio (a local file or a URL) or text to be spoken with a voice id, language and speed.
 */
public record LipSyncRequest(String videoUrl, String videoId, Path audioFile, String audioUrl, String text,
                             String voiceId, String voiceLanguage, double voiceSpeed) {
    public LipSyncRequest {
        videoUrl = blankToEmpty(videoUrl);
        videoId = blankToEmpty(videoId);
        audioUrl = blankToEmpty(audioUrl);
        text = blankToEmpty(text);
        voiceId = blankToEmpty(voiceId);
        voiceLanguage = voiceLanguage == null || voiceLanguage.isBlank() ? "zh" : voiceLanguage.strip();
        if (videoUrl.isEmpty() == videoId.isEmpty()) {
            throw new InvalidInputException("video", "give exactly one of a video URL or a video id");
        }
        int sources = (audioFile != null ? 1 : 0) + (audioUrl.isEmpty() ? 0 : 1) + (text.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw new InvalidInputException("audio", "give exactly one of an audio file, an audio URL or a text");
        }
        if (!text.isEmpty() && voiceId.isEmpty()) {
            throw new InvalidInputException("voiceId", "speaking a text needs a voice id");
        }
        if (!(voiceSpeed >= 0.8 && voiceSpeed <= 2.0)) {
            throw new InvalidInputException("voiceSpeed", "must be in 0.8..2.0, was " + voiceSpeed);
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** A video to be fitted to a local speech file. */
    public static LipSyncRequest audio(String videoUrl, Path audioFile) {
        return new LipSyncRequest(videoUrl, "", Objects.requireNonNull(audioFile, "audioFile"), "", "", "", "zh", 1.0);
    }

    /** A video the service made itself (a Kling video id) to be fitted to a local speech file. */
    public static LipSyncRequest audioForVideoId(String videoId, Path audioFile) {
        return new LipSyncRequest("", videoId, Objects.requireNonNull(audioFile, "audioFile"), "", "", "", "zh", 1.0);
    }

    /** A video to be fitted to speech at a URL. */
    public static LipSyncRequest audioUrl(String videoUrl, String audioUrl) {
        return new LipSyncRequest(videoUrl, "", null, audioUrl, "", "", "zh", 1.0);
    }

    /** A video to be fitted to {@code text} spoken by {@code voiceId} in Chinese at normal speed. */
    public static LipSyncRequest text(String videoUrl, String text, String voiceId) {
        return new LipSyncRequest(videoUrl, "", null, "", text, voiceId, "zh", 1.0);
    }

    /** The same request for a video the service made itself (a Kling video id) instead of a URL. */
    public LipSyncRequest videoId(String id) {
        return new LipSyncRequest("", id, audioFile, audioUrl, text, voiceId, voiceLanguage, voiceSpeed);
    }

    public LipSyncRequest voiceLanguage(String language) {
        return new LipSyncRequest(videoUrl, videoId, audioFile, audioUrl, text, voiceId, language, voiceSpeed);
    }

    public LipSyncRequest voiceSpeed(double speed) {
        return new LipSyncRequest(videoUrl, videoId, audioFile, audioUrl, text, voiceId, voiceLanguage, speed);
    }

    /** Whether speech comes from audio (rather than text). */
    public boolean isAudio() {
        return text.isEmpty();
    }
}
