package dev.novelkit.media.video.internal;

import dev.novelkit.media.internal.frames.Mp4Writer;
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
import java.util.List;

/**
 * One assembly run: decodes and places the audio, plans subtitles and shots in frames, then encodes the output
 * frames in order while a {@link FrameScheduler} composes them ahead on other threads (each from its shot, the
 * previous one during a transition, and the current subtitle); an unchanged frame is re-encoded without touching
 * its pixels, and the audio is fed in step so the streams interleave. Frame and sample positions are computed from
 * exact microsecond times, so audio and video never drift. Not public API.
 */
public final class AssemblyEngine {
    private static final String TASK = "assemble";

    private final Timeline timeline;
    private final Path out;
    private final Mp4Writer.Settings settings;
    private final boolean burn;
    private final boolean writeSrt;
    private final int renderThreads;
    private final Mp4Writer.Tap tap;
    private final ProgressListener listener;
    private final Cancellation cancellation;
    private final List<String> warnings = new ArrayList<>();

    public AssemblyEngine(Timeline timeline, Path out, Mp4Writer.Settings settings, boolean burn, boolean writeSrt,
                          int renderThreads, Mp4Writer.Tap tap, ProgressListener listener, Cancellation cancellation) {
        this.timeline = timeline;
        this.renderThreads = renderThreads;
        this.tap = tap;
        this.out = out.toAbsolutePath();
        this.settings = settings;
        this.burn = burn;
        this.writeSrt = writeSrt;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    public AssemblyResult run() {
        long t0 = System.nanoTime();
        timeline.requireShots();
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

        // subtitles and pictures
        List<SubtitlePlan.Shown> cues = SubtitlePlan.plan(timeline.subtitles(), timeline.voices(), voiceMicros, fmt, durUs);
        Plan plan = Plan.of(timeline, cues, frames, sr, totalSamples);
        mixer.duckAt(0); // the ducking envelope, computed once before the frames' audio is mixed on another thread

        Path srtPath = null;
        try (Mp4Writer writer = new Mp4Writer(out, fmt.width(), fmt.height(), fps, settings);
             FrameScheduler scheduler = FrameScheduler.start(timeline, plan, mixer, burn, renderThreads,
                     "assembling " + out.getFileName())) {
            writer.tap(tap);
            long reportEvery = Math.max(1, fps / 2);
            Runnable stillWanted = () -> cancellation.throwIfCancelled("assembling " + out.getFileName());
            for (long i = 0; i < frames; i++) {
                FrameScheduler.FrameJob job = scheduler.next(stillWanted);
                if (job.repeat) {
                    writer.repeat();
                } else {
                    writer.video(job.await());
                    scheduler.done(job);
                }
                for (float[] piece : job.audio) {
                    writer.audio(piece, 0, piece.length / 2, sr, 2);
                }
                if (i % reportEvery == 0 || i == frames - 1) {
                    listener.onProgress(new Progress(TASK, i + 1, frames, "shot " + (job.shot + 1) + "/"
                            + timeline.shots().size()));
                }
            }
            cancellation.throwIfCancelled("assembling " + out.getFileName());
            writer.commit();
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

    /**
     * Where every shot and subtitle sits in frames: shot k is seen in frames [fs[k], fe[k]), fades in over its first
     * fadeIn[k] frames and out over its last fadeOut[k]; cue c is shown in frames [cueFrom[c], cueTo[c]).
     */
    record Plan(long frames, int sampleRate, long totalSamples, long[] fs, long[] fe, long[] fadeIn, long[] fadeOut,
                List<SubtitlePlan.Shown> cues, long[] cueFrom, long[] cueTo) {
        static Plan of(Timeline timeline, List<SubtitlePlan.Shown> cues, long frames, int sampleRate, long totalSamples) {
            VideoFormat fmt = timeline.format();
            List<Long> starts = timeline.shotStartsMicros();
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
            long[] cueFrom = new long[cues.size()];
            long[] cueTo = new long[cues.size()];
            for (int c = 0; c < cues.size(); c++) {
                cueFrom[c] = fmt.frameAt(cues.get(c).startMicros());
                cueTo[c] = fmt.frameAt(cues.get(c).endMicros());
            }
            return new Plan(frames, sampleRate, totalSamples, fs, fe, fadeIn, fadeOut, List.copyOf(cues), cueFrom, cueTo);
        }
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

    private void message(String m) {
        listener.onMessage(m);
    }

    private void warn(String w) {
        warnings.add(w);
        listener.onMessage("warning: " + w);
    }
}
