package dev.novelkit.media.lipsync.kling;

import dev.novelkit.media.kling.KlingClient;
import dev.novelkit.media.kling.KlingTask;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.lipsync.LipSync;
import dev.novelkit.media.lipsync.LipSyncRequest;
import dev.novelkit.media.shot.kling.KlingShotBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Kling lip-sync ({@code POST /v1/videos/lip-sync}): the body is {@code {"input": {video_url | video_id, mode:
 * "audio2video", audio_type: file|url, audio_file (base64) | audio_url}}} or {@code {"input": {..., mode:
 * "text2video", text, voice_id, voice_language, voice_speed}}}; the task is polled at
 * {@code GET /v1/videos/lip-sync/{task_id}} and the video downloaded at once. Immutable.
 */
public final class KlingLipSync implements LipSync {
    static final String PATH = "/v1/videos/lip-sync";
    private static final long MAX_AUDIO_BYTES = 5L << 20;
    private static final int MAX_TEXT = 120;

    private final KlingClient client;
    private final ProgressListener listener;

    private KlingLipSync(KlingClient client, ProgressListener listener) {
        this.client = client;
        this.listener = listener;
    }

    /** Lip-sync over {@code client}: share the shots' client, as shots and lip-sync share a resource pack. */
    public static KlingLipSync of(KlingClient client) {
        return new KlingLipSync(Require.nonNull("client", client), ProgressListener.NONE);
    }

    /**
     * Lip-sync over the same client as {@code shots}: the same keys, endpoint, deadlines and task slots, as shots
     * and lip-sync draw on one resource pack.
     */
    public static KlingLipSync of(KlingShotBackend shots) {
        return of(Require.nonNull("shots", shots).client());
    }

    /** Keys from {@code KLING_ACCESS_KEY} and {@code KLING_SECRET_KEY}. */
    public static KlingLipSync fromEnv(Map<String, String> env) {
        return of(KlingClient.fromEnv(env));
    }

    public KlingLipSync listener(ProgressListener value) {
        return new KlingLipSync(client, Require.nonNull("listener", value));
    }

    @Override
    public String identity() {
        return name() + " " + client.baseUrl();
    }

    @Override
    public String name() {
        return "kling";
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(client.service());
    }

    @Override
    public Path sync(LipSyncRequest request, Path out, Cancellation cancellation) {
        ObjectNode body = requestBody(request);
        return client.unit("lip-sync " + out.getFileName(), cancellation, () -> {
            KlingTask created = client.create(PATH, body, cancellation);
            listener.onMessage("kling lip-sync: task " + created.id() + " " + created.status());
            KlingTask done = client.await(PATH, created.id(), cancellation, listener);
            return client.download(done.videos().get(0).url(), out, cancellation);
        });
    }

    /** The JSON body Kling receives for {@code r} (what {@link #sync} sends). */
    public ObjectNode requestBody(LipSyncRequest r) {
        ObjectNode body = HttpJson.mapper().createObjectNode();
        ObjectNode input = body.putObject("input");
        if (!r.videoId().isEmpty()) {
            input.put("video_id", r.videoId());
        } else {
            input.put("video_url", r.videoUrl());
        }
        if (r.isAudio()) {
            input.put("mode", "audio2video");
            if (r.audioFile() != null) {
                input.put("audio_type", "file");
                input.put("audio_file", audioBase64(r.audioFile()));
            } else {
                input.put("audio_type", "url");
                input.put("audio_url", r.audioUrl());
            }
        } else {
            if (r.text().codePointCount(0, r.text().length()) > MAX_TEXT) {
                throw new InvalidInputException("text", "Kling lip-sync speaks at most " + MAX_TEXT + " characters, this text has "
                        + r.text().codePointCount(0, r.text().length()));
            }
            input.put("mode", "text2video");
            input.put("text", r.text());
            input.put("voice_id", r.voiceId());
            input.put("voice_language", r.voiceLanguage());
            input.put("voice_speed", Math.round(r.voiceSpeed() * 10) / 10.0);
        }
        return body;
    }

    private static String audioBase64(Path audio) {
        String field = "audio " + audio;
        try {
            if (!Files.isRegularFile(audio)) {
                throw new InvalidInputException(field, "no such file");
            }
            long size = Files.size(audio);
            if (size == 0) {
                throw new InvalidInputException(field, "the audio file is empty");
            }
            if (size > MAX_AUDIO_BYTES) {
                throw new InvalidInputException(field, "Kling takes audio up to 5 MB, this file has " + size + " bytes");
            }
            return Base64.getEncoder().encodeToString(Files.readAllBytes(audio));
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KlingLipSync[client=" + client + "]";
    }
}
