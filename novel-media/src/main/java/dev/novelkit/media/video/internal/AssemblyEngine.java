package dev.novelkit.media.video.internal;

import dev.novelkit.media.internal.frames.Mp4Writer;
import dev.novelkit.media.internal.frames.Yuv420;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.NovelKitException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.Encoder;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SoundEffect;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One assembly run: decodes and mixes the audio, plans subtitles, then walks the output frames in order, composing
 * each from its shot (and the previous one during a transition) and the current subtitle, re-encoding an unchanged
 * frame without touching its pixels, and feeding the audio in step so the streams interleave. Frame and sample
 * positions are computed from exact microsecond times, so audio and video never drift. Not public API.
 */
public final class AssemblyEngine {
    private static final String TASK = "assemble";

    private final Timeline timeline;
    private final Path out;
    private final Mp4Writer.Settings settings;
    private final boolean burn;
    private final boolean writeSrt;
    private final ProgressListener listener;
    private final Cancellation cancellation;
    private final List<String> warnings = new ArrayList<>();

    public AssemblyEngine(Timeline timeline, Path out, Mp4Writer.Settings settings, boolean burn, boolean writeSrt,
                          ProgressListener listener, Cancellation cancellation) {
        this.timeline = timeline;
        this.out = out.toAbsolutePath();
        this.settings = settings;
        this.burn = burn;
        this.writeSrt = writeSrt;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    public AssemblyResult run() {
        long t0 = System.nanoTime();
        VideoFormat fmt = timeline.format();
        Encoder encoder = settings.encoder().resolve();
        message("assembling " + out.getFileName() + ": " + fmt + ", " + timeline.shots().size() + " shots, encoder "
                + encoder.ffmpegName());
        int fps = fmt.fps();
        int sr = settings.sampleRate();
        long durUs = timeline.durationMicros();
        long frames = fmt.frameAt(durUs);
        if (frames < 1) {
            throw new NovelKitException("the timeline is shorter than one frame (" + durUs + " µs)");
        }
        long totalSamples = (frames * sr + fps / 2) / fps;
        List<Long> starts = timeline.shotStartsMicros();

        // audio
        Music music = timeline.music();
        AudioMixer mixer = new AudioMixer(sr, totalSamples, music == null ? 1.0 : music.duckGain());
        List<Long> voiceMicros = new ArrayList<>();
        for (int i = 0; i < timeline.voices().size(); i++) {
            cancellation.throwIfCancelled("assembling " + out.getFileName());
            VoiceClip v = timeline.voices().get(i);
            Pcm pcm = Pcm.decode(v.file(), sr, "voices[" + i + "]");
            voiceMicros.add(pcm.micros());
            long start = samples(Timeline.micros(v.start()), sr);
            if (Timeline.micros(v.start()) + pcm.micros() > durUs) {
                warn("voices[" + i + "] " + v.file().getFileName() + " runs past the end of the video and is cut");
            }
            mixer.add(new AudioMixer.Placed(pcm, start, pcm.frames(), (float) v.volume(), AudioMixer.Role.SPEECH, false));
        }
        if (music != null) {
            Pcm pcm = Pcm.decode(music.file(), sr, "music");
            long len = music.loop() ? totalSamples : pcm.frames();
            mixer.add(new AudioMixer.Placed(pcm, 0, len, (float) music.volume(), AudioMixer.Role.MUSIC, music.loop()));
        }
        for (int i = 0; i < timeline.effects().size(); i++) {
            SoundEffect e = timeline.effects().get(i);
            Pcm pcm = Pcm.decode(e.file(), sr, "effects[" + i + "]");
            mixer.add(new AudioMixer.Placed(pcm, samples(Timeline.micros(e.start()), sr), pcm.frames(),
                    (float) e.volume(), AudioMixer.Role.EFFECT, false));
        }
        for (int k = 0; k < timeline.shots().size(); k++) {
            ShotClip s = timeline.shots().get(k);
            if (s.kind() == ShotClip.Kind.VIDEO && s.volume() > 0) {
                cancellation.throwIfCancelled("assembling " + out.getFileName());
                long len = Timeline.micros(s.seconds());
                Pcm pcm = Pcm.decodeOrNull(s.file(), sr, "shots[" + k + "].video", len);
                if (pcm != null) {
                    mixer.add(new AudioMixer.Placed(pcm, samples(starts.get(k), sr), samples(len, sr),
                            (float) s.volume(), AudioMixer.Role.SPEECH, false));
                }
            }
        }

        // subtitles
        List<SubtitlePlan.Shown> cues = SubtitlePlan.plan(timeline.subtitles(), timeline.voices(), voiceMicros, fmt, durUs);
        long[] cueFrom = new long[cues.size()];
        long[] cueTo = new long[cues.size()];
        for (int c = 0; c < cues.size(); c++) {
            cueFrom[c] = fmt.frameAt(cues.get(c).startMicros());
            cueTo[c] = fmt.frameAt(cues.get(c).endMicros());
        }
        Map<Integer, SubtitleOverlay> overlays = new HashMap<>();

        // visual plan
        int n = timeline.shots().size();
        long[] fs = new long[n];
        long[] fe = new long[n];
        long[] fadeIn = new long[n];
        long[] fadeOut = new long[n];
        for (int k = 0; k < n; k++) {
            ShotClip s = timeline.shots().get(k);
            long start = starts.get(k);
            long end = start + Timeline.micros(s.seconds());
            fs[k] = fmt.frameAt(start);
            fe[k] = fmt.frameAt(end);
            Transition t = s.transition();
            if (t.type() == Transition.Type.FADE) {
                long half = Timeline.micros(t.seconds()) / 2;
                fadeIn[k] = fmt.frameAt(start + half) - fs[k];
                if (k > 0) {
                    long prevEnd = starts.get(k - 1) + Timeline.micros(timeline.shots().get(k - 1).seconds());
                    fadeOut[k - 1] = fe[k - 1] - fmt.frameAt(prevEnd - half);
                }
            } else if (t.type() == Transition.Type.CROSSFADE && k == 0) {
                fadeIn[k] = fmt.frameAt(start + Timeline.micros(t.seconds())) - fs[k];
            }
        }

        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "novelkit-shot-prefetch");
            th.setDaemon(true);
            return th;
        });
        Map<Integer, Future<ShotFrames>> opened = new HashMap<>();
        Path srtPath = null;
        long written;
        try (Mp4Writer writer = new Mp4Writer(out, fmt.width(), fmt.height(), fps, settings)) {
            Yuv420 blend = new Yuv420(fmt.width(), fmt.height());
            Yuv420 faded = new Yuv420(fmt.width(), fmt.height());
            Yuv420 composed = new Yuv420(fmt.width(), fmt.height());
            float[] chunk = new float[2 * (sr / fps + 4)];
            written = 0;
            int cur = 0;
            int cue = 0;
            long lastKey = Long.MIN_VALUE;
            int lastCue = -2;
            long reportEvery = Math.max(1, fps / 2);
            open(prefetch, opened, 0, fmt);
            if (n > 1) {
                open(prefetch, opened, 1, fmt);
            }
            for (long i = 0; i < frames; i++) {
                cancellation.throwIfCancelled("assembling " + out.getFileName());
                while (cur + 1 < n && fs[cur + 1] <= i) {
                    cur++;
                    if (cur + 1 < n) {
                        open(prefetch, opened, cur + 1, fmt);
                    }
                    closeBefore(opened, cur, fe, i);
                }
                ShotFrames src = get(opened, cur, prefetch, fmt);
                long count = Math.max(1, fe[cur] - fs[cur]);
                long local = Math.min(Math.max(0, i - fs[cur]), count - 1);
                Yuv420 base = src.frame(local, count);
                long key = ((long) cur << 40) ^ src.version();
                int prev = cur - 1;
                if (prev >= 0 && timeline.shots().get(cur).transition().type() == Transition.Type.CROSSFADE
                        && i < fe[prev]) {
                    ShotFrames p = get(opened, prev, prefetch, fmt);
                    long pc = Math.max(1, fe[prev] - fs[prev]);
                    Yuv420 a = p.frame(Math.min(i - fs[prev], pc - 1), pc);
                    double alpha = (i - fs[cur] + 0.5) / (fe[prev] - fs[cur]);
                    Yuv420.mix(a, base, alpha, blend);
                    base = blend;
                    key = Long.MIN_VALUE + 1 + i;
                }
                double level = 1;
                if (fadeIn[cur] > 0 && i - fs[cur] < fadeIn[cur]) {
                    level = (i - fs[cur] + 0.5) / fadeIn[cur];
                }
                if (fadeOut[cur] > 0 && fe[cur] - i <= fadeOut[cur]) {
                    level = Math.min(level, (fe[cur] - i - 0.5) / fadeOut[cur]);
                }
                if (level < 1) {
                    Yuv420.fade(base, level, faded);
                    base = faded;
                    key = Long.MIN_VALUE + 1 + i;
                }
                while (cue < cues.size() && cueTo[cue] <= i) {
                    overlays.remove(cue);
                    cue++;
                }
                int active = burn && cue < cues.size() && cueFrom[cue] <= i ? cue : -1;
                if (key == lastKey && active == lastCue) {
                    writer.repeat();
                } else if (active >= 0) {
                    SubtitleOverlay overlay = overlays.computeIfAbsent(active,
                            c -> SubtitleOverlay.render(cues.get(c).lines(), timeline.subtitles().style(), fmt));
                    composed.copyFrom(base);
                    overlay.blendInto(composed);
                    writer.video(composed);
                } else {
                    writer.video(base);
                }
                lastKey = key;
                lastCue = active;
                long upto = Math.min(totalSamples, ((i + 1) * sr + fps / 2) / fps);
                while (written < upto) {
                    int c = (int) Math.min(chunk.length / 2, upto - written);
                    mixer.mix(written, c, chunk);
                    writer.audio(chunk, 0, c, sr, 2);
                    written += c;
                }
                if (i % reportEvery == 0 || i == frames - 1) {
                    listener.onProgress(new Progress(TASK, i + 1, frames, "shot " + (cur + 1) + "/" + n));
                }
            }
            while (written < totalSamples) {
                int c = (int) Math.min(chunk.length / 2, totalSamples - written);
                mixer.mix(written, c, chunk);
                writer.audio(chunk, 0, c, sr, 2);
                written += c;
            }
            cancellation.throwIfCancelled("assembling " + out.getFileName());
            writer.commit();
        } finally {
            // let a shot being prepared finish (at most the next one), then free everything
            prefetch.shutdown();
            try {
                prefetch.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Future<ShotFrames> f : opened.values()) {
                closeFuture(f);
            }
        }
        // a video written into a FIFO or a device has no folder of its own for an SRT beside it
        if (writeSrt && !cues.isEmpty() && !AtomicFiles.writesThrough(out)) {
            srtPath = srtPathFor(out);
            AtomicFiles.writeString(srtPath, SubtitlePlan.srt(cues));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        Duration dur = Duration.ofNanos(Math.round(frames * 1e9 / fps));
        message(String.format(java.util.Locale.ROOT, "assembled %s: %.2f s of video in %.2f s with %s",
                out.getFileName(), dur.toNanos() / 1e9, wall.toNanos() / 1e9, encoder.ffmpegName()));
        return new AssemblyResult(out, dur, encoder.ffmpegName(), frames, wall, srtPath, warnings);
    }

    /** {@code video.mp4} → {@code video.srt} in the same folder. */
    public static Path srtPathFor(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".srt");
    }

    private static long samples(long micros, int sr) {
        return Math.round(micros * (double) sr / 1_000_000.0);
    }

    private void open(ExecutorService prefetch, Map<Integer, Future<ShotFrames>> opened, int k, VideoFormat fmt) {
        opened.computeIfAbsent(k, key -> prefetch.submit(() -> ShotFrames.open(timeline.shots().get(key), fmt,
                "shots[" + key + "]." + (timeline.shots().get(key).kind() == ShotClip.Kind.STILL ? "image" : "video"))));
    }

    private ShotFrames get(Map<Integer, Future<ShotFrames>> opened, int k, ExecutorService prefetch, VideoFormat fmt) {
        open(prefetch, opened, k, fmt);
        try {
            return opened.get(k).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.novelkit.core.CancelledException("assembling " + out.getFileName());
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new NovelKitException("preparing shot " + k + " failed: " + c, c);
        }
    }

    /** Frees the shots that can no longer be seen. */
    private void closeBefore(Map<Integer, Future<ShotFrames>> opened, int cur, long[] fe, long frame) {
        for (int k : new ArrayList<>(opened.keySet())) {
            if (k < cur && fe[k] <= frame) {
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

    private void message(String m) {
        listener.onMessage(m);
    }

    private void warn(String w) {
        warnings.add(w);
        listener.onMessage("warning: " + w);
    }
}
