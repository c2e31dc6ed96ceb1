package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.core.config.Settings;
import dev.novelkit.media.shot.kling.KlingShotBackend;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.shot.ShotBackend;
import dev.novelkit.media.shot.ShotGenerator;
import dev.novelkit.media.shot.ShotOutcome;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.shot.wan.WanShotBackend;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.VideoFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code novelkit shot}: turns a still into a video shot (Ken Burns offline, or Kling, Wan with a Ken Burns fallback). */
@Command(name = "shot", mixinStandardHelpOptions = true,
        description = "Turn a still into a video shot (Ken Burns offline, or Kling, Wan).")
final class ShotCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--image", required = true, description = "The still (png or jpg).")
    Path image;

    @Option(names = "--out", required = true, description = "The MP4 to write.")
    Path out;

    @Option(names = "--seconds", defaultValue = "5", description = "Length of the shot in seconds (default 5).")
    double seconds;

    @Option(names = "--size", defaultValue = "1080x1920", description = "WIDTHxHEIGHT of the Ken Burns shot (default 1080x1920).")
    String size;

    @Option(names = "--fps", defaultValue = "30", description = "Frames per second (default 30).")
    int fps;

    @Option(names = "--move", defaultValue = "zoom-in",
            description = "Camera move: static, zoom-in, zoom-out, pan-left, pan-right, tilt-up, tilt-down (default zoom-in).")
    String move;

    @Option(names = "--zoom", defaultValue = "1.15", description = "Ken Burns enlargement at the tight end, 1.0..2.0 (default 1.15).")
    double zoom;

    @Option(names = "--backend", description = "kenburns (default, offline), kling or wan (or shot.backend in the settings).")
    String backend;

    @Mixin
    ConfigOption config;

    @Option(names = "--prompt", defaultValue = "", description = "What moves in the shot (kling, wan).")
    String prompt;

    @Option(names = "--negative-prompt", defaultValue = "", description = "What to avoid (kling, wan).")
    String negativePrompt;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a failed request to a remote backend, 0..10 (default 4), before the Ken Burns "
                    + "fallback; rate and concurrency limits are waited out apart from these.")
    String retries;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up on one request to the server after this long (30s, 2m; default: the backend's deadlines).")
    String timeout;

    @Option(names = "--no-fallback", description = "Fail instead of falling back to Ken Burns when the remote backend fails.")
    boolean noFallback;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        ProgressBar bar = ProgressBar.stderr();
        Map<String, String> flags = Map.of("format.fps", "--fps", "size", "--size", "width", "--size",
                "height", "--size", "seconds", "--seconds", "move", "--move", "kenBurns.zoom", "--zoom",
                "zoom", "--zoom");
        ShotRequest request = Flags.naming(flags, () -> ShotRequest.of(image, seconds).prompt(prompt)
                .negativePrompt(negativePrompt).format(VideoFormat.parseSize(size, fps)).move(KenBurns.parseMove(move)));
        KenBurnsShotRenderer kenBurns = Flags.naming(flags, () -> KenBurnsShotRenderer.defaults().zoom(zoom))
                .listener(bar);
        ShotBackend primary = backend(config.settings().flag("shot.backend", "--backend", backend)
                .flag("timeout", "--timeout", timeout).flag("shot.retries", "--retries", retries), kenBurns);
        ShotGenerator generator = ShotGenerator.of(primary).listener(bar)
                .fallback(noFallback ? null : kenBurns);
        ShotOutcome r;
        try (AutoCloseable ignored = RemoteOptions.watch(bar, List.of(primary.remoteService()))) {
            r = generator.generate(request, out);
        }
        o.printf(Locale.ROOT, "shot: %s by %s in %.1f s%s%n", r.file(), r.backend(), r.wallTime().toNanos() / 1e9,
                r.fellBack() ? " (fallback: " + r.fallbackReason() + ")" : "");
        return 0;
    }

    /**
     * The shot backend the settings name ({@code shot.backend}), configured from the settings' environment, with
     * the deadlines, limits and polling the settings give ({@link RemoteOptions}).
     */
    static ShotBackend backend(Settings s, KenBurnsShotRenderer kenBurns) {
        String name = s.get("shot.backend", "kenburns");
        RemoteOptions options = RemoteOptions.of(s, "shot");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "kenburns", "ken-burns" -> kenBurns;
            case "kling" -> {
                KlingShotBackend kling = KlingShotBackend.fromEnv(s.environment());
                kling = kling.deadlines(options.deadlines(Deadlines.DEFAULT)).limits(options.limits(kling.limits()));
                yield options.pollInterval().map(kling::pollInterval).orElse(kling);
            }
            case "wan" -> {
                DashScopeTasks tasks = DashScopeTasks.fromEnv(s.environment())
                        .deadlines(options.deadlines(Deadlines.DEFAULT))
                        .limits(options.limits(DashScopeTasks.DEFAULT_LIMITS));
                WanShotBackend wan = WanShotBackend.of(tasks);
                yield options.pollInterval().map(p -> wan.polling(p, Duration.ofMinutes(20))).orElse(wan);
            }
            default -> throw new InvalidInputException(s.source("shot.backend"), "unknown shot backend '" + name
                    + "' (kenburns, kling or wan)");
        };
    }
}
