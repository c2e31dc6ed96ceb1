package dev.novelkit.examples.cli;

import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long work: redrawn in place on a terminal (at most 10 times a second),
 * plain lines otherwise. Thread-safe.
 */
public final class ProgressBar implements ProgressListener {
    private final PrintStream out;
    private final boolean interactive;
    private final java.util.Map<String, Long> taskStarts = new java.util.HashMap<>();
    private long lastDraw;
    private String lastTask = "";
    private int lastPercentLogged = -1;

    public ProgressBar(PrintStream out) {
        this(out, System.console() != null);
    }

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public static ProgressBar stderr() {
        return new ProgressBar(System.err);
    }

    @Override
    public synchronized void onProgress(Progress p) {
        long now = System.nanoTime();
        boolean last = p.isComplete();
        if (interactive) {
            if (!last && now - lastDraw < 100_000_000L && p.task().equals(lastTask)) {
                return;
            }
            lastDraw = now;
            lastTask = p.task();
            out.print("\r" + line(p, now) + "\u001b[K");
            if (last) {
                out.println();
            }
        } else {
            int percent = p.total() > 0 ? (int) (100 * p.fraction()) : -1;
            int bucket = percent < 0 ? -1 : percent / 10;
            if (!p.task().equals(lastTask)) {
                lastTask = p.task();
                lastPercentLogged = -2;
            }
            if (last || bucket != lastPercentLogged) {
                lastPercentLogged = bucket;
                out.println(line(p, now));
            }
        }
        out.flush();
    }

    @Override
    public synchronized void onMessage(String message) {
        if (interactive) {
            out.print("\r\u001b[K");
        }
        out.println(message);
        out.flush();
    }

    private String line(Progress p, long now) {
        // Each task is timed from its first report, so a later step's ETA is not skewed by the steps before it.
        double elapsed = (now - taskStarts.computeIfAbsent(p.task(), t -> now)) / 1e9;
        StringBuilder b = new StringBuilder(p.task()).append(' ');
        if (p.total() > 0) {
            double f = p.fraction();
            int width = 24;
            int filled = (int) Math.round(f * width);
            b.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
            b.append(String.format(Locale.ROOT, "%3d%% %d/%d", (int) (f * 100), p.done(), p.total()));
            if (f > 0 && f < 1) {
                b.append(String.format(Locale.ROOT, " ETA %s", duration(elapsed / f - elapsed)));
            }
        } else {
            b.append(p.done());
        }
        b.append(String.format(Locale.ROOT, " %s", duration(elapsed)));
        if (!p.detail().isEmpty()) {
            b.append("  ").append(p.detail());
        }
        return b.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
