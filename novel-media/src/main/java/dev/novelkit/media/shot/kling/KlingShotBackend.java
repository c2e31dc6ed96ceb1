package dev.novelkit.media.shot.kling;

import dev.novelkit.media.kling.KlingClient;
import dev.novelkit.media.kling.KlingTask;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.References;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 *
 * <p>A shot with character sheets ({@link ShotRequest#references()}) goes through multi-image-to-video instead:
 * {@code POST /v1/videos/multi-image2video} with model {@value #MULTI_IMAGE_MODEL} (the only model that endpoint
 * takes), {@code image_list: [{image}]} holding the still first and then up to 3 sheets (Kling takes 1 to 4),
 * the prompt led by a line saying whose picture each one is, {@code mode}, {@code duration} and the
 * {@code aspect_ratio} nearest the shot's format (16:9, 9:16 or 1:1); it takes no camera control or cfg scale. It is
 * polled at {@code GET /v1/videos/multi-image2video/{task_id}}.
 */
public final class KlingShotBackend implements ShotBackend {
    static final String PATH = "/v1/videos/image2video";
    static final String MULTI_IMAGE_PATH = "/v1/videos/multi-image2video";
    /** The model multi-image-to-video takes. */
    public static final String MULTI_IMAGE_MODEL = "kling-v1-6";
    /** Pictures multi-image-to-video takes in {@code image_list}: the still and up to 3 sheets. */
    static final int MAX_IMAGE_LIST = 4;
    private static final long MAX_IMAGE_BYTES = 10L << 20;
    private static final Set<String> MODES = Set.of("std", "pro");

    private final KlingClient client;
    private final String model;
    private final String mode;
    private final double cfgScale;
    private final String negativePrompt;
    private final boolean cameraControl;
    private final boolean multiImage;
    private final ProgressListener listener;

    private KlingShotBackend(KlingClient client, String model, String mode, double cfgScale, String negativePrompt,
                             boolean cameraControl, boolean multiImage, ProgressListener listener) {
        this.client = client;
        this.model = model;
        this.mode = mode;
        this.cfgScale = cfgScale;
        this.negativePrompt = negativePrompt;
        this.cameraControl = cameraControl;
        this.multiImage = multiImage;
        this.listener = listener;
    }

    /** Model kling-v1-6, mode std, cfg scale 0.5, camera control from the shot's move. */
    public static KlingShotBackend of(KlingClient client) {
        return new KlingShotBackend(Require.nonNull("client", client), "kling-v1-6", "std", 0.5, "", true,
                true, ProgressListener.NONE);
    }

    /** Keys from {@code KLING_ACCESS_KEY} and {@code KLING_SECRET_KEY} (see {@link KlingClient#fromEnv}). */
    public static KlingShotBackend fromEnv(Map<String, String> env) {
        return of(KlingClient.fromEnv(env));
    }

    /** The same backend over another client (limits, deadlines, endpoint). */
    public KlingShotBackend client(KlingClient value) {
        return new KlingShotBackend(Require.nonNull("client", value), model, mode, cfgScale, negativePrompt,
                cameraControl, multiImage, listener);
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
                cameraControl, multiImage, listener);
    }

    /** "std" (faster, cheaper) or "pro" (better). */
    public KlingShotBackend mode(String value) {
        return new KlingShotBackend(client, model, Require.oneOf("mode", value, MODES), cfgScale, negativePrompt,
                cameraControl, multiImage, listener);
    }

    /** How closely the video follows the prompt, 0..1 (not sent to kling-v2 models, which do not take it). */
    public KlingShotBackend cfgScale(double value) {
        return new KlingShotBackend(client, model, mode, Require.between("cfgScale", value, 0, 1), negativePrompt,
                cameraControl, multiImage, listener);
    }

    /** A negative prompt used when the request has none. */
    public KlingShotBackend negativePrompt(String value) {
        return new KlingShotBackend(client, model, mode, cfgScale, value == null ? "" : value.strip(), cameraControl, multiImage, listener);
    }

    /** Whether the shot's camera move is sent as {@code camera_control} (default true). */
    public KlingShotBackend cameraControl(boolean value) {
        return new KlingShotBackend(client, model, mode, cfgScale, negativePrompt, value, multiImage, listener);
    }

    /**
     * Whether shots with character sheets go through multi-image-to-video (default true); false animates the still
     * alone with the configured model.
     */
    public KlingShotBackend multiImage(boolean value) {
        return new KlingShotBackend(client, model, mode, cfgScale, negativePrompt, cameraControl, value, listener);
    }

    public KlingShotBackend listener(ProgressListener value) {
        return new KlingShotBackend(client, model, mode, cfgScale, negativePrompt, cameraControl, multiImage,
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
    public int maxReferences() {
        return multiImage ? MAX_IMAGE_LIST - 1 : 0;
    }

    @Override
    public String referenceSupport() {
        return multiImage ? "kling: multi-image-to-video (" + MULTI_IMAGE_MODEL + ") with the still and up to "
                + (MAX_IMAGE_LIST - 1) + " character sheets" : "kling: animates the still alone (multi-image off)";
    }

    @Override
    public RenderedShot render(ShotRequest request, Path out, Cancellation cancellation) {
        boolean multi = !request.references().isEmpty();
        if (multi) {
            References.checkCount(name() + " multi-image-to-video", request.references(), maxReferences());
        }
        String path = multi ? MULTI_IMAGE_PATH : PATH;
        ObjectNode body = multi ? multiImageBody(request) : requestBody(request);
        return client.unit("shot " + out.getFileName(), cancellation, () -> {
            KlingTask created = client.createOrResume(path, body, request.taskFile(), cancellation, listener);
            listener.onMessage("kling: task " + created.id() + " " + created.status());
            KlingTask done = client.await(path, created.id(), cancellation, listener);
            KlingTask.Video video = done.videos().get(0);
            client.download(video.url(), out, cancellation);
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

    /** The JSON body of a multi-image-to-video call: the still, then the sheets (package-private for tests). */
    ObjectNode multiImageBody(ShotRequest request) {
        List<ReferenceImage> pictures = new ArrayList<>();
        pictures.add(new ReferenceImage(ReferenceImage.SCENE, request.image()));
        pictures.addAll(request.references());
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model_name", MULTI_IMAGE_MODEL);
        ArrayNode list = body.putArray("image_list");
        for (ReferenceImage picture : pictures) {
            list.addObject().put("image", imageBase64(picture.file()));
        }
        String motion = request.prompt().isEmpty() ? "The characters move naturally in the scene." : request.prompt();
        String prompt = References.legend(pictures) + motion;
        if (prompt.length() > 2500) {
            throw new InvalidInputException("prompt", prompt.length() + " characters with the reference legend; "
                    + "Kling takes at most 2500");
        }
        body.put("prompt", prompt);
        String negative = request.negativePrompt().isEmpty() ? negativePrompt : request.negativePrompt();
        if (!negative.isEmpty()) {
            body.put("negative_prompt", negative);
        }
        body.put("mode", mode);
        body.put("duration", request.seconds() <= 5 ? "5" : "10");
        body.put("aspect_ratio", aspectRatio(request.format().width(), request.format().height()));
        return body;
    }

    /** The aspect ratio Kling's multi-image-to-video takes that is nearest to {@code width:height}. */
    static String aspectRatio(int width, int height) {
        double r = Math.log((double) width / height);
        double toWide = Math.abs(r - Math.log(16.0 / 9));
        double toTall = Math.abs(r - Math.log(9.0 / 16));
        double toSquare = Math.abs(r);
        return toSquare <= toWide && toSquare <= toTall ? "1:1" : toWide < toTall ? "16:9" : "9:16";
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
    public String identity() {
        return String.join(" ", name(), client.baseUrl(), model, mode, String.valueOf(cfgScale), negativePrompt,
                String.valueOf(cameraControl), String.valueOf(multiImage));
    }

    @Override
    public String toString() {
        return "KlingShotBackend[model=" + model + ", mode=" + mode + ", client=" + client + "]";
    }
}
