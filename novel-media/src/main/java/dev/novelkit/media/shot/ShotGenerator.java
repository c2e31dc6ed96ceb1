package dev.novelkit.media.shot;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.internal.Pause;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes video shots with a primary backend (Kling, Wan, or Ken Burns), retrying retriable failures, and renders a
 * shot the primary cannot make with the offline Ken Burns fallback instead, reporting it in the {@link ShotOutcome}:
 * one bad shot never fails a whole video. Immutable: every setting returns a new generator.
 *
 * <pre>{@code
 * ShotGenerator shots = ShotGenerator.using(KlingShotBackend.fromEnv(System.getenv())).retries(2);
 * ShotOutcome o = shots.generate(ShotRequest.of(Path.of("scene1.png"), 5), Path.of("shot1.mp4"));
 * }</pre>
 */
public final class ShotGenerator {
    private final ShotBackend primary;
    private final ShotBackend fallback;
    private final int retries;
    private final RetryPolicy retryPolicy;
    private final ProgressListener listener;

    private ShotGenerator(ShotBackend primary, ShotBackend fallback, int retries, RetryPolicy retryPolicy,
                          ProgressListener listener) {
        this.primary = primary;
        this.fallback = fallback;
        this.retries = retries;
        this.retryPolicy = retryPolicy;
        this.listener = listener;
    }

    /** {@code primary} with 2 retries and the Ken Burns renderer as fallback. */
    public static ShotGenerator using(ShotBackend primary) {
        return new ShotGenerator(Objects.requireNonNull(primary, "primary"), KenBurnsShotRenderer.create(), 2,
                RetryPolicy.defaults(), ProgressListener.NONE);
    }

    /** Ken Burns only: no network, no account. */
    public static ShotGenerator offline() {
        return using(KenBurnsShotRenderer.create());
    }

    /** How many times a retriable failure of the primary backend is retried (0..10). */
    public ShotGenerator retries(int value) {
        if (value < 0 || value > 10) {
            throw new InvalidInputException("retries", "must be in 0..10, was " + value);
        }
        return new ShotGenerator(primary, fallback, value, retryPolicy, listener);
    }

    /** The pauses between retries (the policy's own retry count is ignored: see {@link #retries(int)}). */
    public ShotGenerator retryPolicy(RetryPolicy value) {
        return new ShotGenerator(primary, fallback, retries, Objects.requireNonNull(value, "retryPolicy"), listener);
    }

    /** The backend used when the primary fails; {@code null} turns the fallback off (failures are then thrown). */
    public ShotGenerator fallback(ShotBackend value) {
        return new ShotGenerator(primary, value, retries, retryPolicy, listener);
    }

    /** Receives one message per retry and fallback, and progress over {@link #generateAll}. */
    public ShotGenerator listener(ProgressListener value) {
        return new ShotGenerator(primary, fallback, retries, retryPolicy, value == null ? ProgressListener.NONE : value);
    }

    public ShotBackend primary() {
        return primary;
    }

    /** Makes one shot into {@code out}. */
    public ShotOutcome generate(ShotRequest request, Path out) {
        return generate(request, out, new Cancellation());
    }

    /** Makes one shot into {@code out}; the fallback is used when the primary fails for good. */
    public ShotOutcome generate(ShotRequest request, Path out, Cancellation cancellation) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(out, "out");
        Cancellation cancel = cancellation == null ? new Cancellation() : cancellation;
        long t0 = System.nanoTime();
        RuntimeException failure = null;
        int attempts = 0;
        for (int attempt = 1; attempt <= retries + 1; attempt++) {
            cancel.throwIfCancelled("shot " + out.getFileName());
            attempts = attempt;
            try {
                RenderedShot r = primary.render(request, out, cancel);
                return new ShotOutcome(request, r.file(), primary.name(), attempts, false, "", r.remoteId(),
                        Duration.ofNanos(System.nanoTime() - t0));
            } catch (CancelledException e) {
                throw e;
            } catch (BackendException e) {
                failure = e;
                if (!e.isRetriable() || attempt > retries) {
                    break;
                }
                Duration pause = retryPolicy.delayBefore(attempt, null);
                listener.onMessage(String.format(Locale.ROOT, "shot %s: %s failed (%s), retry %d/%d in %.1f s",
                        out.getFileName(), primary.name(), e.getMessage(), attempt, retries, pause.toMillis() / 1000.0));
                Pause.sleep(pause, cancel, "waiting to retry shot " + out.getFileName());
            } catch (NovelKitException | java.io.UncheckedIOException e) {
                failure = e;
                break;
            }
        }
        if (fallback == null || fallback == primary) {
            throw failure;
        }
        String reason = primary.name() + " failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + ": " + failure.getMessage();
        listener.onMessage("shot " + out.getFileName() + ": " + reason + "; rendering it with " + fallback.name());
        try {
            RenderedShot r = fallback.render(request, out, cancel);
            return new ShotOutcome(request, r.file(), fallback.name(), attempts, true, reason, r.remoteId(),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (CancelledException e) {
            throw e;
        } catch (InvalidInputException e) {
            if (!(fallback instanceof KenBurnsShotRenderer kb)) {
                throw e;
            }
            // even the still is unusable: a black shot keeps the video's timing, and the report says why
            String why = reason + "; " + fallback.name() + " failed too: " + e.getMessage();
            listener.onMessage("shot " + out.getFileName() + ": " + why + "; using a black shot");
            Path file = kb.renderBlank(request.format(), request.seconds(), out);
            return new ShotOutcome(request, file, "blank", attempts, true, why, "", Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /**
     * Makes every shot into {@code folder} as {@code shot-001.mp4}, {@code shot-002.mp4}, ... in order; a shot the
     * primary cannot make is made by the fallback, so the list always has one outcome per request.
     */
    public List<ShotOutcome> generateAll(List<ShotRequest> requests, Path folder, Cancellation cancellation) {
        List<ShotOutcome> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "shot-%03d.mp4", i + 1));
            out.add(generate(requests.get(i), file, cancellation));
            listener.onProgress(new Progress("shots", i + 1, requests.size(), out.get(i).backend()));
        }
        return List.copyOf(out);
    }


    @Override
    public String toString() {
        return "ShotGenerator[primary=" + primary.name() + ", fallback=" + (fallback == null ? "none" : fallback.name())
                + ", retries=" + retries + "]";
    }
}
