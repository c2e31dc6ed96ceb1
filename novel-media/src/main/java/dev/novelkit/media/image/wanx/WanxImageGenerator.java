package dev.novelkit.media.image.wanx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;
import dev.novelkit.media.dashscope.DashScopeTask;
import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.ReferenceImage;
import dev.novelkit.media.image.internal.ImageFiles;
import dev.novelkit.media.internal.HttpJson;
import dev.novelkit.media.internal.References;

import java.awt.Dimension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pictures from DashScope Wanx text-to-image (通义万相): an async task at
 * {@code /api/v1/services/aigc/text2image/image-synthesis} with
 * {@code {model, input: {prompt, negative_prompt}, parameters: {size: "W*H", n: 1, seed}}}, polled through
 * {@link DashScopeTasks} until it succeeds, then {@code output.results[0].url} downloaded at once (it expires after
 * 24 hours). Sizes: {@code wanx-v1} takes 1024*1024, 720*1280, 1280*720 or 768*1152 (the nearest aspect is used);
 * the wanx2.x models take each side in 512..1440, so the request is scaled into that range keeping its aspect.
 *
 * <p>A request with {@link ImageRequest#references() reference pictures} (character sheets, at most 3) goes to
 * DashScope image editing instead: model {@value #DEFAULT_EDIT_MODEL} at {@value #EDIT_PATH} with
 * {@code {model, input: {prompt, images: ["data:image/png;base64,..."], negative_prompt}, parameters: {n: 1, size}}},
 * the same async task and result download. It keeps the referenced subjects consistent; the size is scaled to an
 * area between 768*768 and 1280*1280 keeping the aspect (1:4 to 4:1). Each picture must be 384 to 5000 px a side
 * and at most 10 MB (checked before sending).
 */
public final class WanxImageGenerator implements ImageGenerator {
    /** The DashScope service path of text-to-image. */
    public static final String SERVICE_PATH = "/api/v1/services/aigc/text2image/image-synthesis";
    /** The default model. */
    public static final String DEFAULT_MODEL = "wanx2.1-t2i-turbo";
    /** The DashScope service path of image editing (image-to-image with reference pictures). */
    public static final String EDIT_PATH = "/api/v1/services/aigc/image2image/image-synthesis";
    /** The default image-editing model: subject-consistent editing from 1 to 3 pictures. */
    public static final String DEFAULT_EDIT_MODEL = "wan2.5-i2i-preview";
    /** How many pictures the editing model takes in {@code input.images}. */
    public static final int MAX_REFERENCES = 3;
    static final int MAX_EDIT_PROMPT_CHARS = 2000;
    static final int MIN_EDIT_SIDE = 384;
    static final int MAX_EDIT_SIDE = 5000;
    static final long MAX_EDIT_BYTES = 10L << 20;
    static final int MAX_PROMPT_CHARS = 800;
    static final int MAX_NEGATIVE_CHARS = 500;
    private static final List<int[]> V1_SIZES = List.of(new int[]{1024, 1024}, new int[]{720, 1280},
            new int[]{1280, 720}, new int[]{768, 1152});

    private final DashScopeTasks tasks;
    private final String model;
    private final String editModel;
    private final Boolean promptExtend;
    private final ProgressListener listener;

    private WanxImageGenerator(DashScopeTasks tasks, String model, String editModel, Boolean promptExtend,
                               ProgressListener listener) {
        this.tasks = tasks;
        this.model = model;
        this.editModel = editModel;
        this.promptExtend = promptExtend;
        this.listener = listener;
    }

    /** A generator over a DashScope client (its limits, deadlines and endpoint); model {@value #DEFAULT_MODEL}. */
    public static WanxImageGenerator of(DashScopeTasks tasks) {
        return new WanxImageGenerator(Require.nonNull("tasks", tasks).name("wanx"), DEFAULT_MODEL, DEFAULT_EDIT_MODEL,
                null, ProgressListener.NONE);
    }

    /** A generator from {@code DASHSCOPE_API_KEY} (and optional {@code DASHSCOPE_BASE_URL}) in {@code env}. */
    public static WanxImageGenerator fromEnv(Map<String, String> env) {
        return of(DashScopeTasks.fromEnv(env));
    }

    /** The same generator over another DashScope client. */
    public WanxImageGenerator tasks(DashScopeTasks value) {
        return new WanxImageGenerator(Require.nonNull("tasks", value), model, editModel, promptExtend, listener);
    }

    public DashScopeTasks tasks() {
        return tasks;
    }

    /** wanx2.1-t2i-turbo (default), wanx2.1-t2i-plus, wanx2.0-t2i-turbo, wanx-v1, ... */
    public WanxImageGenerator model(String value) {
        return new WanxImageGenerator(tasks, Require.nonBlank("model", value), editModel, promptExtend, listener);
    }

    /**
     * Whether DashScope may rewrite the prompt with an LLM ({@code prompt_extend}; its default is on). Off keeps a
     * character's fixed description exactly as written; not sent unless set.
     */
    public WanxImageGenerator promptExtend(boolean value) {
        return new WanxImageGenerator(tasks, model, editModel, value, listener);
    }

    /** Receives task status changes. */
    public WanxImageGenerator listener(ProgressListener value) {
        return new WanxImageGenerator(tasks, model, editModel, promptExtend, Require.nonNull("listener", value));
    }

    /** The image-editing model used for requests with reference pictures (default {@value #DEFAULT_EDIT_MODEL}). */
    public WanxImageGenerator editModel(String value) {
        return new WanxImageGenerator(tasks, model, Require.nonBlank("editModel", value), promptExtend, listener);
    }

    /** Tasks in flight, retries, throttling (default {@link DashScopeTasks#DEFAULT_LIMITS}). */
    public WanxImageGenerator limits(RemoteLimits value) {
        return tasks(tasks.limits(value));
    }

    public WanxImageGenerator deadlines(Deadlines value) {
        return tasks(tasks.deadlines(value));
    }

    @Override
    public Optional<RemoteService> remoteService() {
        return Optional.of(tasks.service());
    }

    @Override
    public String name() {
        return "wanx";
    }

    /** Wanx list price per picture, about $0.02. */
    @Override
    public double priceUsd() {
        return 0.02;
    }

    @Override
    public GeneratedImage generate(ImageRequest request) {
        return generate(request, new Cancellation());
    }

    @Override
    public int maxReferences() {
        return MAX_REFERENCES;
    }

    @Override
    public String referenceSupport() {
        return "wanx: " + editModel + " image editing with up to " + MAX_REFERENCES + " reference images";
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Cancellation cancellation) {
        if (!request.references().isEmpty()) {
            return edit(request, cancellation);
        }
        String prompt = request.prompt().positive();
        String negative = request.prompt().negative();
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new InvalidInputException("prompt", prompt.length() + " characters; Wanx takes at most "
                    + MAX_PROMPT_CHARS);
        }
        if (negative.length() > MAX_NEGATIVE_CHARS) {
            throw new InvalidInputException("negative prompt", negative.length() + " characters; Wanx takes at most "
                    + MAX_NEGATIVE_CHARS);
        }
        checkSeed(request);
        int[] size = wireSize(model, request.width(), request.height());
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", model);
        ObjectNode input = body.putObject("input");
        input.put("prompt", prompt);
        if (!negative.isEmpty()) {
            input.put("negative_prompt", negative);
        }
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("size", size[0] + "*" + size[1]);
        parameters.put("n", 1);
        if (request.seed() != null) {
            parameters.put("seed", request.seed());
        }
        if (promptExtend != null) {
            parameters.put("prompt_extend", promptExtend);
        }
        DashScopeTask task = tasks.run(SERVICE_PATH, body, cancellation, listener);
        return write(request, task, model, size, cancellation);
    }

    /** Image editing: the prompt and up to 3 reference pictures as data URIs in {@code input.images}. */
    private GeneratedImage edit(ImageRequest request, Cancellation cancellation) {
        References.checkCount(name() + " (" + editModel + ")", request.references(), MAX_REFERENCES);
        String prompt = References.legend(request.references()) + request.prompt().positive();
        if (prompt.length() > MAX_EDIT_PROMPT_CHARS) {
            throw new InvalidInputException("prompt", prompt.length() + " characters; " + editModel
                    + " takes at most " + MAX_EDIT_PROMPT_CHARS);
        }
        checkSeed(request);
        int[] size = editSize(request.width(), request.height());
        ObjectNode body = HttpJson.mapper().createObjectNode();
        body.put("model", editModel);
        ObjectNode input = body.putObject("input");
        input.put("prompt", prompt);
        ArrayNode images = input.putArray("images");
        for (ReferenceImage reference : request.references()) {
            byte[] bytes = References.read(reference);
            Dimension d = ImageFiles.size(name(), bytes);
            if (Math.min(d.width, d.height) < MIN_EDIT_SIDE || Math.max(d.width, d.height) > MAX_EDIT_SIDE
                    || bytes.length > MAX_EDIT_BYTES) {
                throw new InvalidInputException("reference " + reference.label() + " (" + reference.file() + ")",
                        editModel + " takes pictures of " + MIN_EDIT_SIDE + " to " + MAX_EDIT_SIDE
                                + " px a side and at most 10 MB, this one is " + d.width + "x" + d.height + ", "
                                + bytes.length + " bytes");
            }
            images.add(References.dataUri(bytes));
        }
        if (!request.prompt().negative().isEmpty()) {
            input.put("negative_prompt", request.prompt().negative());
        }
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("n", 1);
        parameters.put("size", size[0] + "*" + size[1]);
        if (request.seed() != null) {
            parameters.put("seed", request.seed());
        }
        DashScopeTask task = tasks.run(EDIT_PATH, body, cancellation, listener);
        GeneratedImage image = write(request, task, editModel, size, cancellation);
        Map<String, String> info = new LinkedHashMap<>(image.info());
        info.put("references", References.names(request.references()));
        return new GeneratedImage(image.file(), image.width(), image.height(), image.backend(), info);
    }

    private GeneratedImage write(ImageRequest request, DashScopeTask task, String model, int[] size,
                                 Cancellation cancellation) {
        if (task.resultUrls().isEmpty()) {
            throw BackendException.builder(name(), "task " + task.id() + " SUCCEEDED without an image"
                    + (task.code().isEmpty() ? "" : ": " + task.code() + ": " + task.message())).build();
        }
        byte[] bytes = tasks.fetch(task.resultUrls().get(0), cancellation);
        Dimension dim = ImageFiles.writePng(name(), bytes, request.output());
        Map<String, String> info = new LinkedHashMap<>();
        info.put("model", model);
        info.put("task_id", task.id());
        info.put("size", size[0] + "*" + size[1]);
        JsonNode first = task.output().path("results").path(0);
        if (first.hasNonNull("actual_prompt")) {
            info.put("actual_prompt", first.get("actual_prompt").asText());
        }
        if (request.seed() != null) {
            info.put("seed", String.valueOf(request.seed()));
        }
        return new GeneratedImage(request.output(), dim.width, dim.height, name(), info);
    }

    private static void checkSeed(ImageRequest request) {
        if (request.seed() != null && (request.seed() < 0 || request.seed() > Integer.MAX_VALUE)) {
            throw new InvalidInputException("seed", "Wanx takes 0..2147483647, was " + request.seed());
        }
    }

    /** The editing size: the request's aspect (clamped to 1:4..4:1) at an area of 768*768 to 1280*1280. */
    static int[] editSize(int width, int height) {
        double ratio = Math.max(0.25, Math.min(4.0, (double) width / height));
        double area = Math.max(768.0 * 768, Math.min(1280.0 * 1280, (double) width * height));
        int w = (int) Math.floor(Math.sqrt(area * ratio) / 8) * 8;
        int h = (int) Math.floor(Math.sqrt(area / ratio) / 8) * 8;
        return new int[]{w, h};
    }

    /** The size sent for {@code model}: nearest fixed size for wanx-v1, scaled into 512..1440 for the others. */
    static int[] wireSize(String model, int width, int height) {
        double ratio = (double) width / height;
        if (model.equals("wanx-v1")) {
            int[] best = V1_SIZES.get(0);
            for (int[] s : V1_SIZES) {
                if (Math.abs(Math.log((double) s[0] / s[1] / ratio)) < Math.abs(Math.log((double) best[0] / best[1] / ratio))) {
                    best = s;
                }
            }
            return best.clone();
        }
        double scale = 1;
        if (Math.max(width, height) > 1440) {
            scale = 1440.0 / Math.max(width, height);
        }
        if (Math.min(width, height) * scale < 512) {
            scale = 512.0 / Math.min(width, height);
        }
        int w = clamp((int) Math.round(width * scale / 8.0) * 8);
        int h = clamp((int) Math.round(height * scale / 8.0) * 8);
        return new int[]{w, h};
    }

    private static int clamp(int side) {
        return Math.max(512, Math.min(1440, side));
    }

    @Override
    public String identity() {
        return String.join(" ", name(), tasks.baseUrl(), model, editModel, String.valueOf(promptExtend));
    }

    @Override
    public String toString() {
        return "WanxImageGenerator[model=" + model + ", editModel=" + editModel + ", " + tasks + "]";
    }

}
