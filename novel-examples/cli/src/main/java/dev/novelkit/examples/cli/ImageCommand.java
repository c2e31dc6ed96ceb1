package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.config.Settings;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.image.GeneratedImage;
import dev.novelkit.media.image.ImageGenerator;
import dev.novelkit.media.image.ImageRequest;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.image.openai.OpenAiImageGenerator;
import dev.novelkit.media.image.sdwebui.SdWebUiImageGenerator;
import dev.novelkit.media.image.wanx.WanxImageGenerator;
import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.media.prompt.ImagePrompt;
import dev.novelkit.media.prompt.ImagePromptBuilder;
import dev.novelkit.media.prompt.PromptStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code novelkit image}: Generate a picture of a scene (story card offline, or OpenAI, Wanx, SD WebUI). */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Generate a picture of a scene: an offline story card (default), or OpenAI-compatible images, "
                + "DashScope Wanx, Stable Diffusion WebUI. Keys from OPENAI_API_KEY/OPENAI_BASE_URL, "
                + "DASHSCOPE_API_KEY, SD_WEBUI_URL (variables, -D system properties or novelkit.properties).")
final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scene", required = true, paramLabel = "TEXT", description = "What the scene shows.")
    String scene;

    @Option(names = "--place", paramLabel = "TEXT", description = "Where (shown on the card, e.g. 江南渡口).")
    String place = "";

    @Option(names = "--time", paramLabel = "TEXT", description = "When (e.g. 夜, 黄昏).")
    String time = "";

    @Option(names = "--mood", paramLabel = "TEXT", description = "The mood (e.g. 离别).")
    String mood = "";

    @Option(names = "--caption", paramLabel = "TEXT", description = "Text printed on the story card.")
    String caption = "";

    @Option(names = "--character", paramLabel = "名字:外貌", description = "A character in the scene (repeatable).")
    List<String> characters = new ArrayList<>();

    @Option(names = "--setting", paramLabel = "TEXT", description = "Story-wide prompt prefix (remote backends).")
    String setting = "";

    @Option(names = "--backend", paramLabel = "NAME",
            description = "card (offline, default), openai, wanx or sdwebui (or image.backend in the settings).")
    String backend;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1080x1920",
            description = "Picture size (default ${DEFAULT-VALUE}); remote models round to what they support.")
    String size;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for a reproducible picture.")
    Long seed;

    @Option(names = "--model", paramLabel = "NAME", description = "Model for openai (gpt-image-1) or wanx "
            + "(wanx2.1-t2i-turbo).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Server address (overrides OPENAI_BASE_URL, DASHSCOPE_BASE_URL or SD_WEBUI_URL).")
    String baseUrl;

    @Option(names = "--out", required = true, paramLabel = "X.png", description = "Where to write the PNG.")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up on the server after this long (30s, 2m; default: the backend's deadlines).")
    String timeout;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a failed request, 0..10 (default 4; rate limits are waited out apart from these).")
    String retries;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Settings s = config.settings().flag("image.backend", "--backend", backend)
                .flag("image.base.url", "--base-url", baseUrl).flag("image.model", "--model", model)
                .flag("timeout", "--timeout", timeout).flag("image.retries", "--retries", retries);
        String name = s.get("image.backend", "card").strip().toLowerCase(Locale.ROOT);
        ImageGenerator generator = generator(s);
        Scene theScene = new Scene("cli", place, time, mood, scene);
        PromptStyle style = name.equals("sdwebui") ? PromptStyle.STABLE_DIFFUSION : PromptStyle.PLAIN;
        var people = ImageCli.characters(characters);
        ImagePrompt prompt = Flags.naming(Map.of("scene", "--scene"), ImagePromptBuilder.defaults().setting(setting)
                .scene(theScene).characters(people).style(style)::build);
        ImageRequest request = Flags.naming(Map.of("size", "--size", "width", "--size", "height", "--size"),
                () -> ImageRequest.of(prompt, out).size(size)).scene(theScene).characters(people).caption(caption);
        if (seed != null) {
            request = request.seed(seed);
        }
        GeneratedImage image;
        try (AutoCloseable ignored = RemoteOptions.watch(ProgressBar.stderr(), List.of(generator.remoteService()))) {
            image = generator.generate(request);
        }
        spec.commandLine().getOut().println("wrote " + image.file() + " (" + image.width() + "x" + image.height()
                + ", " + image.backend() + (image.info().isEmpty() ? "" : ", " + image.info()) + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The image backend the settings name ({@code image.backend}: card, openai, wanx, sdwebui), with
     * {@code image.base.url} and {@code image.model} when set, configured from the settings' environment, with the
     * deadlines and limits the settings give ({@link RemoteOptions}).
     */
    static ImageGenerator generator(Settings s) {
        String name = s.get("image.backend", "card").strip().toLowerCase(Locale.ROOT);
        String baseUrl = s.get("image.base.url", null);
        String model = s.get("image.model", null);
        Map<String, String> env = s.environment();
        RemoteOptions options = RemoteOptions.of(s, "image");
        return switch (name) {
            case "card" -> StoryCardRenderer.defaults();
            case "openai" -> {
                Map<String, String> e = new java.util.HashMap<>(env);
                if (baseUrl != null) {
                    e.put("OPENAI_BASE_URL", baseUrl);
                }
                OpenAiImageGenerator g = OpenAiImageGenerator.fromEnv(e)
                        .deadlines(options.deadlines(Deadlines.DEFAULT))
                        .limits(options.limits(OpenAiImageGenerator.DEFAULT_LIMITS));
                yield model != null ? g.model(model) : g;
            }
            case "wanx" -> {
                DashScopeTasks tasks = DashScopeTasks.fromEnv(env).deadlines(options.deadlines(Deadlines.DEFAULT))
                        .limits(options.limits(DashScopeTasks.DEFAULT_LIMITS));
                if (baseUrl != null) {
                    tasks = tasks.baseUrl(baseUrl);
                }
                WanxImageGenerator g = WanxImageGenerator.of(tasks).listener(ProgressBar.stderr());
                yield model != null ? g.model(model) : g;
            }
            case "sdwebui" -> {
                SdWebUiImageGenerator g = SdWebUiImageGenerator.fromEnv(env)
                        .deadlines(options.deadlines(SdWebUiImageGenerator.DEFAULT_DEADLINES))
                        .limits(options.limits(SdWebUiImageGenerator.DEFAULT_LIMITS));
                yield baseUrl != null ? g.baseUrl(baseUrl) : g;
            }
            default -> throw new InvalidInputException(s.source("image.backend"), "unknown image backend \"" + name
                    + "\" (expected card, openai, wanx or sdwebui)");
        };
    }
}
