package dev.novelkit.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link NovelToVideo} run: the files it wrote and a report per step (steps overlap, so their wall
 * times add up to more than the total).
 */
public record VideoRun(Path video, Path subtitles, Path storyboard, Path dataset, double videoSeconds, String encoder,
                       int characters, int shots, int voiceLines, List<StepReport> steps, Duration total) {
    public VideoRun {
        steps = List.copyOf(steps);
    }

    /** The closing summary, one line per step. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "video: %s (%.1f s, %s), %d characters, %d shots, %d lines of narration and dialogue%n",
                video, videoSeconds, encoder, characters, shots, voiceLines));
        double cost = 0;
        for (StepReport s : steps) {
            cost += s.costUsd();
            String remote = s.serviceTime().isZero() && s.retries() == 0 && s.throttles() == 0 ? ""
                    : String.format(Locale.ROOT, "  service %.1f s, %d retr%s, %d throttled", s.serviceTime().toMillis()
                    / 1000.0, s.retries(), s.retries() == 1 ? "y" : "ies", s.throttles());
            b.append(String.format(Locale.ROOT, "  %-11s %7.1f s  %-22s made %3d, reused %3d%s%s%n", s.step(),
                    s.time().toMillis() / 1000.0, s.backend(), s.made(), s.reused(), remote,
                    s.note().isEmpty() ? "" : "  (" + s.note() + ")"));
        }
        b.append(String.format(Locale.ROOT, "  total       %7.1f s  estimated API cost %s%n", total.toMillis() / 1000.0,
                cost == 0 ? "$0 (all offline)" : String.format(Locale.ROOT, "about $%.2f at list prices", cost)));
        return b.toString();
    }
}
