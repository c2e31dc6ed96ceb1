package dev.novelkit.media.shot.kling;

import dev.novelkit.media.internal.kling.KlingClient;
import dev.novelkit.media.internal.kling.KlingTask;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.shot.RenderedShot;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.shot.ShotRequest;
import okhttp3.OkHttpClient;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kling image-to-video as a {@link ShotBackend}: sends the still (base64, no {@code data:} prefix) with the prompt,
 * negative prompt, cfg scale, mode, duration ("5" for shots up to 5 s, else "10") and a camera move, polls the task
 * and downloads the video at once. Each shot holds one of the client's task slots from creation to download
 * (default 5, a resource pack's concurrency); a shot Kling refuses for its limits waits and is resubmitted. A task
 * recorded in the request's {@link ShotRequest#taskFile()} by a killed run is taken up again. Immutable.
 */
public final class KlingShotBackend implements ShotBackend {
    static final String PATH = "/v1/videos/image2video";
    private static final long MAX_IMAGE_BYTES = 10L << 20;
    private static final Set<String> MODES = Set.of("std", "pro");

    private final KlingClient client;
    private final String model;
    private final String mode;
    private final double cfgScale;
    private final String negativePrompt;
    private final boolean cameraControl;
    private final ProgressListener listener;

    private KlingShotBackend(KlingClient client, String model, String mode, double cfgScale, String negativePrompt,
                             boolean cameraControl, ProgressListener listener) {
        this.client = client;
        this.model = model;
        this.mode = mode;
        this.cfgScale = cfgScale;
        this.negativePrompt = negativePrompt;
        this.cameraControl = cameraControl;
        this.listener = listener;
    }

    /** Model kling-v1-6, mode std, cfg scale 0.5, camera control from the shot's move. */
    public static KlingShotBackend of(KlingClient client) {
        return new KlingShotBackend(Require.nonNull("client", client), "kling-v1-6", "std", 0.5, "", true,
                ProgressListener.NONE);
    }

    /** Keys from {@code KLING_ACCESS_KEY} and {@code KLING_SECRET_KEY} (see {@link KlingClient#fromEnv}). */
    public static KlingShotBackend fromEnv(Map<String, String> env) {
        return of(KlingClient.fromEnv(env));
    }

    /** The same backend over another client (limits, deadlines, endpoint). */
    public KlingShotBackend client(KlingClient value) {
        return new KlingShotBackend(Require.nonNull("client", value), model, mode, cfgScale, negativePrompt,
                cameraControl, listener);
    }

    public KlingClient client() {
        return client;
    }

    /** Another endpoint (default the China one; {@code https://api-singapore.klingai.com} for the global one). */
    public KlingShotBackend baseUrl(String value) {
        return client(client.baseUrl(value));
    }

    /**
     * Tasks in flight at once (default 5, a resource pack's concurrency), retries and how long Kling's rate and
     * concurrency refusals are waited out.
     */
    public KlingShotBackend limits(RemoteLimits value) {
        return client(client.limits(value));
    }

    public RemoteLimits limits() {
        return client.limits();
    }

    /** Retries of failed requests: shorthand for {@code limits(limits().retryPolicy(value))}. */
    public KlingShotBackend retryPolicy(RetryPolicy value) {
        return client(client.retryPolicy(value));
    }

    /** Connect, first-byte and total deadline of each request. */
    public KlingShotBackend deadlines(Deadlines value) {
        return client(client.deadlines(value));
    }

    /** The OkHttp client to share; the deadlines are applied on top. */
    public KlingShotBackend httpClient(OkHttpClient value) {
        return client(client.httpClient(value));
    }

    /** The first pause between polls of a task (default 5 s), growing by half per poll up to six times it. */
    public KlingShotBackend pollInterval(Duration value) {
        return client(client.pollInterval(value).maxPollInterval(value.multipliedBy(6)));
    }

    /** kling-v1, kling-v1-5, kling-v1-6, kling-v2-master, kling-v2-1, kling-v2-5-turbo, ... */
    public KlingShotBackend model(String value) {
        return new KlingShotBackend(client, Require.nonBlank("model", value), mode, cfgScale, negativePrompt,
                cameraControl, listener);
    }

    /** "std" (faster, cheaper) or "pro" (better). */
    public KlingShotBackend mode(String value) {
        return new KlingShotBackend(client, model, Require.oneOf("mode", value, MODES), cfgScale, negativePrompt,
                cameraControl, listener);
    }

    /** How closely the video follows the prompt, 0..1 (not sent to kling-v2 models, which do not take it). */
    public KlingShotBackend cfgScale(double value) {
        return new KlingShotBackend(client, model, mode, Require.between("cfgScale", value, 0, 1), negativePrompt,
                cameraControl, listener);
    }

    /** A negative prompt used when the request has none. */
    public KlingShotBackend negativePrompt(String value) {
        return new KlingShotBackend(client, model, mode, cfgScale, value == null ? "" : value.strip(), cameraControl, listener);
    }

    /** Whether the shot's camera move is sent as {@code camera_control} (default true). */
    public KlingShotBackend cameraControl(boolean value) {
        return new KlingShotBackend(client, model, mode, cfgScale, negativePrompt, value, listener);
    }

    public KlingShotBackend listener(ProgressListener value) {
        return new KlingShotBackend(client, model, mode, cfgScale, negativePrompt, cameraControl,
                Require.nonNull("listener", value));
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
    public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
        ObjectNode body = requestBody(request);
        return client.unit("shot " + out.getFileName(), cancellation, () -> {
            KlingTask created = client.createOrResume(PATH, body, request.taskFile(), cancellation, listener);
            listener.onMessage("kling: task " + created.id() + " " + created.status());
            KlingTask done = client.await(PATH, created.id(), cancellation, listener);
            KlingTask.Video video = done.videos().get(0);
            client.download(video.url(), out, cancellation);
            KlingClient.forget(request.taskFile());
            return new RenderedShot(out, video.id(), video.url());
        });
    }

    /** The JSON body of the create call (package-private for tests). */
    ObjectNode requestBody(ShotRequest request) {
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model_name", model);
        body.put("image", imageBase64(request.image()));
        if (!request.prompt().isEmpty()) {
            body.put("prompt", request.prompt());
        }
        String negative = request.negativePrompt().isEmpty() ? negativePrompt : request.negativePrompt();
        if (!negative.isEmpty()) {
            body.put("negative_prompt", negative);
        }
        if (!model.startsWith("kling-v2")) {
            body.put("cfg_scale", cfgScale);
        }
        body.put("mode", mode);
        body.put("duration", request.seconds() <= 5 ? "5" : "10");
        if (cameraControl && request.move() != CameraMove.STATIC) {
            ObjectNode cc = body.putObject("camera_control");
            cc.put("type", "simple");
            ObjectNode config = cc.putObject("config");
            // Kling: zoom < 0 narrows the view (moves in); horizontal/vertical < 0 move left/down
            switch (request.move()) {
                case ZOOM_IN -> config.put("zoom", -5);
                case ZOOM_OUT -> config.put("zoom", 5);
                case PAN_LEFT -> config.put("horizontal", -5);
                case PAN_RIGHT -> config.put("horizontal", 5);
                case TILT_UP -> config.put("vertical", 5);
                case TILT_DOWN -> config.put("vertical", -5);
                default -> {
                }
            }
        }
        return body;
    }

    /** Checks Kling's limits (jpg/png, at most 10 MB, at least 300 px, aspect 1:2.5..2.5:1) and encodes the file. */
    static String imageBase64(Path image) {
        String field = "image " + image;
        try {
            if (!Files.isRegularFile(image)) {
                throw new InvalidInputException(field, "no such file");
            }
            long size = Files.size(image);
            if (size > MAX_IMAGE_BYTES) {
                throw new InvalidInputException(field, "Kling takes pictures up to 10 MB, this one has " + size + " bytes");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new InvalidInputException(field, "not a picture (Kling takes jpg or png)");
                }
                ImageReader reader = readers.next();
                try {
                    String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                    if (!format.equals("png") && !format.equals("jpeg") && !format.equals("jpg")) {
                        throw new InvalidInputException(field, "Kling takes jpg or png, this is " + format);
                    }
                    reader.setInput(in);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (Math.min(w, h) < 300) {
                        throw new InvalidInputException(field, "Kling needs at least 300 px on each side, this is " + w + "x" + h);
                    }
                    double aspect = (double) w / h;
                    if (aspect > 2.5 || aspect < 0.4) {
                        throw new InvalidInputException(field, "Kling takes aspect ratios 1:2.5 to 2.5:1, this is " + w + "x" + h);
                    }
                } finally {
                    reader.dispose();
                }
            }
            return Base64.getEncoder().encodeToString(Files.readAllBytes(image));
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KlingShotBackend[model=" + model + ", mode=" + mode + ", client=" + client + "]";
    }
}
