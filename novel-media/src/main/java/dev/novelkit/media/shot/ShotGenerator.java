package dev.novelkit.media.shot;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.RemoteTally;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes video shots with a primary backend (Kling, Wan, or Ken Burns) and renders a shot the primary cannot make
 * with the offline Ken Burns fallback instead, reporting it in the {@link ShotOutcome}: one bad shot never fails a
 * whole video. Retries and throttling are the primary backend's business (its {@code RemoteService}); a shot the
 * service keeps refusing for a rate or concurrency limit, or a cancelled one, never falls back. Immutable: every
 * setting returns a new generator.
 *
 * <pre>{@code
 * ShotGenerator shots = ShotGenerator.of(KlingShotBackend.fromEnv(System.getenv()));
 * ShotOutcome o = shots.generate(ShotRequest.of(Path.of("scene1.png"), 5), Path.of("shot1.mp4"));
 * }</pre>
 */
public final class ShotGenerator {
    private final ShotBackend primary;
    private final ShotBackend fallback;
    private final ProgressListener listener;

    private ShotGenerator(ShotBackend primary, ShotBackend fallback, ProgressListener listener) {
        this.primary = primary;
        this.fallback = fallback;
        this.listener = listener;
    }

    /** {@code primary} with the Ken Burns renderer as fallback. */
    public static ShotGenerator of(ShotBackend primary) {
        return new ShotGenerator(Require.nonNull("primary", primary), KenBurnsShotRenderer.defaults(),
                ProgressListener.NONE);
    }

    /** Ken Burns only: no network, no account. */
    public static ShotGenerator offline() {
        return of(KenBurnsShotRenderer.defaults());
    }

    /** The backend used when the primary fails; {@code null} turns the fallback off (failures are then thrown). */
    public ShotGenerator fallback(ShotBackend value) {
        return new ShotGenerator(primary, value, listener);
    }

    /** Receives one message per fallback, and progress over {@link #generateAll}. */
    public ShotGenerator listener(ProgressListener value) {
        return new ShotGenerator(primary, fallback, Require.nonNull("listener", value));
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
        RuntimeException failure;
        long attempts;
        try (RemoteTally tally = RemoteTally.open()) {
            try {
                cancel.throwIfCancelled("shot " + out.getFileName());
                RenderedShot r = primary.render(request, out, cancel);
                return new ShotOutcome(request, r.file(), primary.name(), (int) (1 + tally.retries()), false, "",
                        r.remoteId(), Duration.ofNanos(System.nanoTime() - t0));
            } catch (CancelledException e) {
                throw e;
            } catch (BackendException e) {
                if (e.isThrottled() || cancel.isCancelled()) {
                    throw e;
                }
                failure = e;
            } catch (NovelKitException | java.io.UncheckedIOException e) {
                if (cancel.isCancelled()) {
                    throw e;
                }
                failure = e;
            }
            attempts = 1 + tally.retries();
        }
        if (fallback == null || fallback == primary) {
            throw failure;
        }
        String reason = primary.name() + " failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + ": " + failure.getMessage();
        listener.onMessage("shot " + out.getFileName() + ": " + reason + "; rendering it with " + fallback.name());
        try {
            RenderedShot r = fallback.render(request, out, cancel);
            return new ShotOutcome(request, r.file(), fallback.name(), (int) attempts, true, reason, r.remoteId(),
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
            return new ShotOutcome(request, file, "blank", (int) attempts, true, why, "",
                    Duration.ofNanos(System.nanoTime() - t0));
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
                + "]";
    }
}
