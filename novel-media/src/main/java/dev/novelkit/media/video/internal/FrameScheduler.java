package dev.novelkit.media.video.internal;

import dev.novelkit.core.CancelledException;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.media.internal.frames.Yuv420;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoFormat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Walks the output frames in order ahead of the encoder, on a thread of its own: decides what each frame shows (its
 * shot at which step, the previous shot during a crossfade, how far it is faded, which subtitle), marks a frame
 * equal to the one before as a repeat, hands every other frame to a pool of render threads, and mixes the frame's
 * audio. Frames come out in order through a bounded queue, so only a few are held at once. The pixels are exactly
 * those of drawing the frames one by one: each step is a pure function of its inputs. Not public API.
 */
final class FrameScheduler implements AutoCloseable {
    /** One output frame: a repeat of the frame before or pixels being drawn, and its audio in pieces. */
    static final class FrameJob {
        final long index;
        final int shot;
        final boolean repeat;
        final CompletableFuture<Yuv420> pixels;
        final List<float[]> audio;
        final RuntimeException failure;
        final List<Yuv420> owned = new ArrayList<>(3);

        private FrameJob(long index, int shot, boolean repeat, CompletableFuture<Yuv420> pixels, List<float[]> audio,
                         RuntimeException failure) {
            this.index = index;
            this.shot = shot;
            this.repeat = repeat;
            this.pixels = pixels;
            this.audio = audio;
            this.failure = failure;
        }

        /** The drawn frame (waits for it); a failure while drawing is rethrown as it was. */
        Yuv420 await() {
            try {
                return pixels.join();
            } catch (CompletionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new NovelKitException("drawing frame " + index + " failed: " + c, c);
            }
        }
    }

    /** What one frame is drawn from; everything here is read-only while drawing. */
    private record Spec(ShotFrames.Picture picture, ShotFrames.Picture previous, double alpha, double level,
                        Supplier<SubtitleOverlay> overlay) {
    }

    private static final AtomicInteger POOLS = new AtomicInteger();
    /**
     * How many frames may wait for the encoder: repeats and audio cost almost nothing, so the walk can run far ahead
     * over a busy machine's hiccups; frames being drawn are bounded by the render threads (a few buffers each).
     */
    private static final int AHEAD = 64;

    private final Timeline timeline;
    private final VideoFormat format;
    private final AssemblyEngine.Plan plan;
    private final AudioMixer mixer;
    private final boolean burn;
    private final String what;
    private final ExecutorService renderers;
    private final ExecutorService prefetch;
    private final Thread thread;
    private final BlockingQueue<FrameJob> ready;
    private final Semaphore drawing;
    private final ConcurrentLinkedQueue<Yuv420> pool = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    private FrameScheduler(Timeline timeline, AssemblyEngine.Plan plan, AudioMixer mixer, boolean burn,
                           int renderThreads, String what) {
        this.timeline = timeline;
        this.format = timeline.format();
        this.plan = plan;
        this.mixer = mixer;
        this.burn = burn;
        this.what = what;
        int id = POOLS.incrementAndGet();
        this.renderers = Executors.newFixedThreadPool(renderThreads, daemon("novelkit-render-" + id + "-"));
        this.prefetch = Executors.newSingleThreadExecutor(daemon("novelkit-shot-prefetch-" + id + "-"));
        this.ready = new ArrayBlockingQueue<>(AHEAD);
        this.drawing = new Semaphore(renderThreads + 2);
        this.thread = daemon("novelkit-frames-" + id + "-").newThread(this::walk);
    }

    /** Starts walking the frames of {@code plan} with {@code renderThreads} threads drawing them. */
    static FrameScheduler start(Timeline timeline, AssemblyEngine.Plan plan, AudioMixer mixer, boolean burn,
                                int renderThreads, String what) {
        FrameScheduler s = new FrameScheduler(timeline, plan, mixer, burn, renderThreads, what);
        s.thread.start();
        return s;
    }

    /** The next frame in order; waits for it, checking {@code stillWanted} while waiting. */
    FrameJob next(Runnable stillWanted) {
        try {
            while (true) {
                stillWanted.run();
                FrameJob job = ready.poll(100, TimeUnit.MILLISECONDS);
                if (job != null) {
                    if (job.failure != null) {
                        throw job.failure;
                    }
                    return job;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(what);
        }
    }

    /** The frame was encoded: its buffers can be drawn into again. */
    void done(FrameJob job) {
        if (!job.repeat) {
            pool.addAll(job.owned);
            job.owned.clear();
            drawing.release();
        }
    }

    /** Stops walking and drawing and waits until the threads have let go of everything they held. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        ready.clear();
        renderers.shutdownNow();
        boolean interrupted = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            renderers.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        ready.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void walk() {
        Map<Integer, Future<ShotFrames>> opened = new HashMap<>();
        try {
            produce(opened);
        } catch (InterruptedException | CancelledException e) {
            // closed: nobody waits for more frames
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException re ? re
                    : new NovelKitException("preparing frames failed: " + e, e);
            try {
                while (!stopped && !ready.offer(new FrameJob(-1, -1, false, null, null, failure), 100,
                        TimeUnit.MILLISECONDS)) {
                    // wait for room: the encoder takes frames until it meets the failure
                }
            } catch (InterruptedException ignored) {
                // closed
            }
        } finally {
            // let a shot being prepared finish (at most the next one), then free everything
            prefetch.shutdown();
            try {
                prefetch.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Future<ShotFrames> f : opened.values()) {
                closeFuture(f);
            }
        }
    }

    private void produce(Map<Integer, Future<ShotFrames>> opened) throws InterruptedException {
        List<ShotClip> shots = timeline.shots();
        int n = shots.size();
        long frames = plan.frames();
        int fps = format.fps();
        int sr = plan.sampleRate();
        int chunk = sr / fps + 4;
        Map<Integer, Supplier<SubtitleOverlay>> overlays = new HashMap<>();
        long written = 0;
        int cur = 0;
        int cue = 0;
        long lastKey = Long.MIN_VALUE;
        int lastCue = -2;
        open(opened, 0);
        if (n > 1) {
            open(opened, 1);
        }
        for (long i = 0; i < frames; i++) {
            if (stopped) {
                return;
            }
            while (cur + 1 < n && plan.fs()[cur + 1] <= i) {
                cur++;
                if (cur + 1 < n) {
                    open(opened, cur + 1);
                }
                closeBefore(opened, cur, i);
            }
            ShotFrames src = get(opened, cur);
            long count = Math.max(1, plan.fe()[cur] - plan.fs()[cur]);
            long local = Math.min(Math.max(0, i - plan.fs()[cur]), count - 1);
            ShotFrames.Picture base = src.frame(local, count);
            long key = ((long) cur << 40) ^ base.version();
            ShotFrames.Picture previous = null;
            double alpha = 0;
            int prev = cur - 1;
            if (prev >= 0 && shots.get(cur).transition().type() == Transition.Type.CROSSFADE
                    && i < plan.fe()[prev]) {
                ShotFrames p = get(opened, prev);
                long pc = Math.max(1, plan.fe()[prev] - plan.fs()[prev]);
                previous = p.frame(Math.min(i - plan.fs()[prev], pc - 1), pc);
                alpha = (i - plan.fs()[cur] + 0.5) / (plan.fe()[prev] - plan.fs()[cur]);
                key = Long.MIN_VALUE + 1 + i;
            }
            double level = 1;
            if (plan.fadeIn()[cur] > 0 && i - plan.fs()[cur] < plan.fadeIn()[cur]) {
                level = (i - plan.fs()[cur] + 0.5) / plan.fadeIn()[cur];
            }
            if (plan.fadeOut()[cur] > 0 && plan.fe()[cur] - i <= plan.fadeOut()[cur]) {
                level = Math.min(level, (plan.fe()[cur] - i - 0.5) / plan.fadeOut()[cur]);
            }
            if (level < 1) {
                key = Long.MIN_VALUE + 1 + i;
            }
            List<SubtitlePlan.Shown> cues = plan.cues();
            while (cue < cues.size() && plan.cueTo()[cue] <= i) {
                overlays.remove(cue);
                cue++;
            }
            int active = burn && cue < cues.size() && plan.cueFrom()[cue] <= i ? cue : -1;
            FrameJob job;
            List<float[]> audio = new ArrayList<>(1);
            long upto = Math.min(plan.totalSamples(), ((i + 1) * sr + fps / 2) / fps);
            while (written < upto) {
                int c = (int) Math.min(chunk, upto - written);
                float[] piece = new float[2 * c];
                mixer.mix(written, c, piece);
                audio.add(piece);
                written += c;
            }
            if (key == lastKey && active == lastCue) {
                job = new FrameJob(i, cur, true, null, audio, null);
            } else {
                Supplier<SubtitleOverlay> overlay = active < 0 ? null
                        : overlays.computeIfAbsent(active, c -> once(() -> SubtitleOverlay.render(cues.get(c).lines(),
                        timeline.subtitles().style(), format)));
                Spec spec = new Spec(base, previous, alpha, level, overlay);
                CompletableFuture<Yuv420> pixels = new CompletableFuture<>();
                job = new FrameJob(i, cur, false, pixels, audio, null);
                drawing.acquire();
                FrameJob drawn = job;
                renderers.execute(() -> {
                    try {
                        pixels.complete(draw(spec, drawn.owned));
                    } catch (Throwable e) {
                        pixels.completeExceptionally(e);
                    }
                });
            }
            lastKey = key;
            lastCue = active;
            ready.put(job);
        }
    }

    /** Draws one frame into buffers from the pool (kept in {@code owned}); returns the frame to encode. */
    private Yuv420 draw(Spec spec, List<Yuv420> owned) {
        Supplier<Yuv420> scratch = () -> {
            Yuv420 b = pool.poll();
            if (b == null) {
                b = new Yuv420(format.width(), format.height());
            }
            owned.add(b);
            return b;
        };
        Yuv420 base = spec.picture().draw(scratch);
        boolean mine = !spec.picture().shared();
        if (spec.previous() != null) {
            Yuv420 a = spec.previous().draw(scratch);
            Yuv420 out = mine ? base : scratch.get();
            Yuv420.mix(a, base, spec.alpha(), out);
            base = out;
            mine = true;
        }
        if (spec.level() < 1) {
            Yuv420 out = mine ? base : scratch.get();
            Yuv420.fade(base, spec.level(), out);
            base = out;
            mine = true;
        }
        if (spec.overlay() != null) {
            Yuv420 out = mine ? base : scratch.get();
            if (out != base) {
                out.copyFrom(base);
            }
            spec.overlay().get().blendInto(out);
            base = out;
        }
        return base;
    }

    /** A supplier that computes its value once, on the first thread that asks. */
    private static <T> Supplier<T> once(Supplier<T> maker) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = maker.get();
                }
                return value;
            }
        };
    }

    private void open(Map<Integer, Future<ShotFrames>> opened, int k) {
        opened.computeIfAbsent(k, key -> prefetch.submit(() -> ShotFrames.open(timeline.shots().get(key), format,
                "shots[" + key + "]." + (timeline.shots().get(key).kind() == ShotClip.Kind.STILL ? "image" : "video"))));
    }

    private ShotFrames get(Map<Integer, Future<ShotFrames>> opened, int k) throws InterruptedException {
        open(opened, k);
        try {
            return opened.get(k).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new NovelKitException("preparing shot " + k + " failed: " + c, c);
        }
    }

    /** Frees the shots that can no longer be seen. */
    private void closeBefore(Map<Integer, Future<ShotFrames>> opened, int cur, long frame) {
        for (int k : new ArrayList<>(opened.keySet())) {
            if (k < cur && plan.fe()[k] <= frame) {
                closeFuture(opened.remove(k));
            }
        }
    }

    private static void closeFuture(Future<ShotFrames> f) {
        if (f == null) {
            return;
        }
        if (f.isDone() && !f.isCancelled()) {
            try {
                f.get().close();
            } catch (Exception e) {
                // failed to open: nothing to close
            }
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
