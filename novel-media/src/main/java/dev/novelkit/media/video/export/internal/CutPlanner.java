package dev.novelkit.media.video.export.internal;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.font.CjkFonts;
import dev.novelkit.media.internal.frames.Pictures;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SoundEffect;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;
import dev.novelkit.media.video.export.EditorCut;
import dev.novelkit.media.video.internal.AudioMixer;
import dev.novelkit.media.video.internal.Pcm;
import dev.novelkit.media.video.internal.SubtitlePlan;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link Timeline} into an {@link EditorCut} for a project folder: checks that every media file is there
 * and readable before anything is written, renders each still with its Ken Burns move to its own MP4 (reused when
 * the same render exists), copies media from outside the folder into it when asked, measures sounds, and computes
 * the frame positions, music levels and subtitle cues exactly as {@code VideoAssembler} does. Not public API.
 */
public final class CutPlanner {
    private static final int SAMPLE_RATE = 48_000;
    /** Level keyframes may differ from the music's real level curve by at most this many dB between them. */
    private static final double LEVEL_TOLERANCE_DB = 0.25;
    private static final double SILENT_DB = -80;

    private final Timeline timeline;
    private final Path folder;
    private final Path mediaDir;
    private final KenBurnsShotRenderer renderer;
    private final boolean collect;
    private final ProgressListener listener;
    private final Cancellation cancellation;
    private final List<Path> created = new ArrayList<>();
    private int rendered;
    private int reused;
    private List<SubtitlePlan.Shown> shown = List.of();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Path, Path> placed = new java.util.HashMap<>();

    public CutPlanner(Timeline timeline, Path folder, String mediaFolder, KenBurnsShotRenderer renderer, boolean collect,
                      ProgressListener listener, Cancellation cancellation) {
        this.timeline = timeline;
        this.folder = folder.toAbsolutePath().normalize();
        this.mediaDir = this.folder.resolve(mediaFolder);
        this.renderer = renderer;
        this.collect = collect;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    /** Files this planner wrote (rendered shots, copied media), to remove when the export fails later. */
    public List<Path> created() {
        return List.copyOf(created);
    }

    public int rendered() {
        return rendered;
    }

    public int reused() {
        return reused;
    }

    /** Checks, renders and measures everything; {@code srt} is where the subtitles will be written. */
    public EditorCut plan(Path srt) {
        checkFilesExist();
        VideoFormat fmt = timeline.format();
        int fps = fmt.fps();
        long durUs = timeline.durationMicros();
        long frames = timeline.frameCount();
        long totalSamples = (frames * SAMPLE_RATE + fps / 2) / fps;

        // read everything before writing anything
        List<Pcm> voicePcm = new ArrayList<>();
        for (int i = 0; i < timeline.voices().size(); i++) {
            cancellation.throwIfCancelled("exporting");
            voicePcm.add(Pcm.decode(timeline.voices().get(i).file(), SAMPLE_RATE, "voices[" + i + "]"));
        }
        List<Pcm> effectPcm = new ArrayList<>();
        for (int i = 0; i < timeline.effects().size(); i++) {
            effectPcm.add(Pcm.decode(timeline.effects().get(i).file(), SAMPLE_RATE, "effects[" + i + "]"));
        }
        Music music = timeline.music();
        Pcm musicPcm = music == null ? null : Pcm.decode(music.file(), SAMPLE_RATE, "music");
        Map<Integer, VideoProbe> probes = new LinkedHashMap<>();
        for (int k = 0; k < timeline.shots().size(); k++) {
            cancellation.throwIfCancelled("exporting");
            ShotClip s = timeline.shots().get(k);
            if (s.kind() == ShotClip.Kind.VIDEO) {
                probes.put(k, VideoProbe.of(s.file(), "shots[" + k + "].video"));
            } else {
                try {
                    Pictures.read(s.file());
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("shots[" + k + "].image " + s.file(), e.problem(), e);
                }
            }
        }
        long[][] span = spans(fmt);
        checkCrossfades(span);
        String font = "";
        shown = SubtitlePlan.plan(timeline.subtitles(), timeline.voices(), micros(voicePcm),
                fmt, durUs);
        if (!shown.isEmpty()) {
            String family = timeline.subtitles().style().fontFamily();
            font = family.isBlank() ? CjkFonts.find().family() : family;
        }

        // ducking and music level, as the assembler mixes them
        AudioMixer mixer = new AudioMixer(SAMPLE_RATE, totalSamples, music == null ? 1.0 : music.duckGain());
        for (int i = 0; i < voicePcm.size(); i++) {
            Pcm pcm = voicePcm.get(i);
            VoiceClip v = timeline.voices().get(i);
            mixer.add(new AudioMixer.Placed(pcm, samples(Timeline.micros(v.start())), pcm.frames(), (float) v.volume(),
                    AudioMixer.Role.SPEECH, false));
        }
        List<Long> starts = timeline.shotStartsMicros();
        for (Map.Entry<Integer, VideoProbe> e : probes.entrySet()) {
            ShotClip s = timeline.shots().get(e.getKey());
            if (e.getValue().hasAudio() && s.volume() > 0) {
                long len = Timeline.micros(s.seconds());
                Pcm pcm = Pcm.decodeOrNull(s.file(), SAMPLE_RATE, "shots[" + e.getKey() + "].video", len);
                if (pcm != null) {
                    mixer.add(new AudioMixer.Placed(pcm, samples(starts.get(e.getKey())), samples(len),
                            (float) s.volume(), AudioMixer.Role.SPEECH, false));
                }
            }
        }
        EditorCut.MusicBed bed = null;
        if (music != null) {
            long len = music.loop() ? totalSamples : musicPcm.frames();
            mixer.add(new AudioMixer.Placed(musicPcm, 0, len, (float) music.volume(), AudioMixer.Role.MUSIC, music.loop()));
            long fileFrames = ceilFrames(musicPcm.micros(), fps);
            long plays = music.loop() ? frames : Math.min(frames, fileFrames);
            bed = new EditorCut.MusicBed(music, fileFrames, plays, levels(mixer, plays, fps), musicPcm.channels());
        }

        // now write: shot media and collected files
        List<EditorCut.Shot> shots = new ArrayList<>();
        for (int k = 0; k < timeline.shots().size(); k++) {
            cancellation.throwIfCancelled("exporting");
            ShotClip s = timeline.shots().get(k);
            long count = span[k][1] - span[k][0];
            Path file;
            long mediaFrames;
            boolean hasAudio = false;
            int channels = 0;
            boolean still = s.kind() == ShotClip.Kind.STILL;
            if (still) {
                s = s.file(place(s.file()));
                file = renderStill(k, s, count);
                mediaFrames = count;
            } else {
                file = place(s.file());
                s = s.file(file);
                VideoProbe p = probes.get(k);
                mediaFrames = p.frames(fps);
                hasAudio = p.hasAudio() && s.volume() > 0;
                channels = p.channels();
            }
            shots.add(new EditorCut.Shot(k + 1, s, file, still, span[k][0], span[k][1], mediaFrames, span[k][2],
                    span[k][3], span[k][4], hasAudio, channels));
            listener.onProgress(new Progress("export", k + 1, timeline.shots().size(), "shot " + (k + 1)));
        }
        List<EditorCut.Sound> voices = new ArrayList<>();
        for (int i = 0; i < timeline.voices().size(); i++) {
            VoiceClip v = timeline.voices().get(i);
            voices.add(sound(i, place(v.file()), v.start(), voicePcm.get(i), v.volume(), v.text(), v.speaker(),
                    frames, fps));
        }
        List<EditorCut.Sound> effects = new ArrayList<>();
        for (int i = 0; i < timeline.effects().size(); i++) {
            SoundEffect e = timeline.effects().get(i);
            effects.add(sound(i, place(e.file()), e.start(), effectPcm.get(i), e.volume(), "", "", frames, fps));
        }
        voices = lanes(voices);
        effects = lanes(effects);
        warnAboutEnd(voices, "voices", frames, fps);
        warnAboutEnd(effects, "effects", frames, fps);
        voices.removeIf(v -> v.frames() <= 0);
        effects.removeIf(e -> e.frames() <= 0);
        if (bed != null) {
            bed = new EditorCut.MusicBed(music.file(place(music.file())), bed.fileFrames(), bed.frames(), bed.levels(),
                    bed.channels());
        }
        List<EditorCut.Cue> cues = new ArrayList<>();
        for (SubtitlePlan.Shown c : shown) {
            long a = fmt.frameAt(c.startMicros());
            long b = fmt.frameAt(c.endMicros());
            if (b > a) {
                cues.add(new EditorCut.Cue(a, b, c.lines()));
            }
        }
        return new EditorCut(placed(shots, voices, effects, bed), frames, shots, voices, effects, bed, cues,
                cues.isEmpty() ? null : srt, font);
    }

    /** The timeline with every file where the project refers to it (copies in the media folder when collected). */
    private Timeline placed(List<EditorCut.Shot> shots, List<EditorCut.Sound> voices, List<EditorCut.Sound> effects,
                            EditorCut.MusicBed bed) {
        List<ShotClip> clips = new ArrayList<>();
        for (EditorCut.Shot s : shots) {
            clips.add(s.clip());
        }
        List<VoiceClip> placedVoices = new ArrayList<>();
        for (VoiceClip v : timeline.voices()) {
            placedVoices.add(v.file(place(v.file())));
        }
        List<SoundEffect> placedEffects = new ArrayList<>();
        for (SoundEffect e : timeline.effects()) {
            placedEffects.add(e.file(place(e.file())));
        }
        return Timeline.of(timeline.format()).subtitles(timeline.subtitles()).shots(clips).voices(placedVoices)
                .effects(placedEffects).music(bed == null ? null : bed.music());
    }

    /** The SRT of the planned subtitles, exactly as the assembler writes it beside the video (after {@link #plan}). */
    public String srt() {
        return SubtitlePlan.srt(shown);
    }

    /** Warnings: sounds cut at the end of the video or left out because they start after it. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void warnAboutEnd(List<EditorCut.Sound> sounds, String field, long frames, int fps) {
        for (EditorCut.Sound s : sounds) {
            if (s.frames() <= 0) {
                warnings.add(field + "[" + (s.number() - 1) + "] " + s.file().getFileName()
                        + " starts after the end of the video and is left out");
            } else if (s.start() + ceilFrames(s.micros(), fps) > frames) {
                warnings.add(field + "[" + (s.number() - 1) + "] " + s.file().getFileName()
                        + " runs past the end of the video and is cut");
            }
        }
    }

    private void checkFilesExist() {
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < timeline.shots().size(); k++) {
            ShotClip s = timeline.shots().get(k);
            missingIf(missing, "shots[" + k + "]." + (s.kind() == ShotClip.Kind.STILL ? "image" : "video"), s.file());
        }
        for (int i = 0; i < timeline.voices().size(); i++) {
            missingIf(missing, "voices[" + i + "]", timeline.voices().get(i).file());
        }
        if (timeline.music() != null) {
            missingIf(missing, "music", timeline.music().file());
        }
        for (int i = 0; i < timeline.effects().size(); i++) {
            missingIf(missing, "effects[" + i + "]", timeline.effects().get(i).file());
        }
        if (missing.size() == 1) {
            throw new InvalidInputException(missing.get(0), "no such file: nothing was exported");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("timeline", missing.size() + " media files are missing, nothing was "
                    + "exported: " + String.join(", ", missing));
        }
    }

    private static void missingIf(List<String> missing, String field, Path file) {
        if (!Files.isRegularFile(file)) {
            missing.add(field + " " + file);
        }
    }

    /** Per shot: first frame, end frame, crossfade overlap, fade-in frames, fade-out frames (as AssemblyEngine). */
    private long[][] spans(VideoFormat fmt) {
        List<Long> starts = timeline.shotStartsMicros();
        int n = timeline.shots().size();
        long[][] span = new long[n][5];
        for (int k = 0; k < n; k++) {
            ShotClip s = timeline.shots().get(k);
            long start = starts.get(k);
            span[k][0] = fmt.frameAt(start);
            span[k][1] = fmt.frameAt(start + Timeline.micros(s.seconds()));
            Transition t = s.transition();
            if (t.type() == Transition.Type.CROSSFADE && k > 0) {
                span[k][2] = Math.max(0, span[k - 1][1] - span[k][0]);
            } else if (t.type() == Transition.Type.CROSSFADE) {
                span[k][3] = fmt.frameAt(start + Timeline.micros(t.seconds())) - span[k][0];
            } else if (t.type() == Transition.Type.FADE) {
                long half = Timeline.micros(t.seconds()) / 2;
                span[k][3] = fmt.frameAt(start + half) - span[k][0];
                if (k > 0) {
                    long prevEnd = starts.get(k - 1) + Timeline.micros(timeline.shots().get(k - 1).seconds());
                    span[k - 1][4] = span[k - 1][1] - fmt.frameAt(prevEnd - half);
                }
            }
        }
        return span;
    }

    private static void checkCrossfades(long[][] span) {
        for (int k = 1; k + 1 < span.length; k++) {
            if (span[k + 1][0] < span[k][0] + span[k][2]) {
                throw new InvalidInputException("shots[" + k + "]", "its crossfades with the shots before and after "
                        + "it overlap each other: an editor track shows two shots at a time, not three; shorten "
                        + "the crossfades or lengthen the shot");
            }
        }
    }

    private Path renderStill(int k, ShotClip s, long count) {
        VideoFormat fmt = timeline.format();
        KenBurns move = s.kenBurns() != null ? s.kenBurns()
                : new KenBurns(CameraMove.STATIC, 1.0, KenBurns.Easing.LINEAR);
        String key = hash(fileDigest(s.file()) + "|" + move + "|" + fmt.width() + "x" + fmt.height() + "@" + fmt.fps()
                + "|" + count + "|" + renderer);
        Path out = mediaDir.resolve(String.format(Locale.ROOT, "shot-%02d-%s.mp4", k + 1, key.substring(0, 10)));
        if (Files.isRegularFile(out)) {
            reused++;
            return out;
        }
        BufferedImage img = Pictures.read(s.file());
        ensureMediaDir();
        renderer.render(img, move, fmt, count / (double) fmt.fps(), out, cancellation);
        created.add(out);
        rendered++;
        return out;
    }

    /** {@code file} itself when inside the project folder (or when not collecting), else its copy in the media folder. */
    private Path place(Path file) {
        return placed.computeIfAbsent(file.toAbsolutePath().normalize(), this::placeOnce);
    }

    private Path placeOnce(Path f) {
        if (!collect || f.startsWith(folder)) {
            return f;
        }
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path copy = mediaDir.resolve(base + "-" + hash(fileDigest(f)).substring(0, 10) + ext);
        if (!Files.isRegularFile(copy)) {
            ensureMediaDir();
            AtomicFiles.write(copy, out -> Files.copy(f, out));
            created.add(copy);
        }
        return copy;
    }

    private void ensureMediaDir() {
        if (!Files.isDirectory(mediaDir)) {
            try {
                Files.createDirectories(mediaDir);
            } catch (IOException e) {
                throw new InvalidInputException(mediaDir.toString(), "cannot create the media folder: " + e.getMessage(), e);
            }
            created.add(mediaDir);
        }
    }

    private static EditorCut.Sound sound(int i, Path file, double start, Pcm pcm, double volume, String text,
                                         String speaker, long videoFrames, int fps) {
        long micros = pcm.micros();
        long first = Math.floorDiv(Timeline.micros(start) * fps + 500_000L, 1_000_000L);
        long frames = Math.min(ceilFrames(micros, fps), videoFrames - first);
        return new EditorCut.Sound(i + 1, file, first, frames, start, micros, volume, text, speaker, 0, pcm.channels());
    }

    /** The sounds (in their order) each on the first lane, by start, where it overlaps no earlier sound. */
    private static List<EditorCut.Sound> lanes(List<EditorCut.Sound> sounds) {
        List<EditorCut.Sound> byStart = EditorCut.byStart(sounds);
        List<Long> ends = new ArrayList<>();
        Map<Integer, Integer> lane = new java.util.HashMap<>();
        for (EditorCut.Sound s : byStart) {
            int l = 0;
            while (l < ends.size() && ends.get(l) > s.start()) {
                l++;
            }
            if (l == ends.size()) {
                ends.add(0L);
            }
            ends.set(l, s.start() + Math.max(0, s.frames()));
            lane.put(s.number(), l);
        }
        List<EditorCut.Sound> out = new ArrayList<>();
        for (EditorCut.Sound s : sounds) {
            out.add(new EditorCut.Sound(s.number(), s.file(), s.start(), s.frames(), s.startSeconds(), s.micros(),
                    s.volume(), s.text(), s.speaker(), lane.get(s.number()), s.channels()));
        }
        return out;
    }

    private static long ceilFrames(long micros, int fps) {
        return (long) Math.ceil(micros * (double) fps / 1_000_000.0 - 1e-6);
    }

    private static long samples(long micros) {
        return Math.round(micros * (double) SAMPLE_RATE / 1_000_000.0);
    }

    private static List<Long> micros(List<Pcm> pcms) {
        List<Long> out = new ArrayList<>();
        for (Pcm p : pcms) {
            out.add(p.micros());
        }
        return out;
    }

    /** The music's level in dB at every frame it plays, reduced to the keyframes that keep it within tolerance. */
    private static List<EditorCut.Level> levels(AudioMixer mixer, long frames, int fps) {
        double[] db = new double[(int) frames + 1];
        for (int f = 0; f <= frames; f++) {
            long n = Math.min(mixer.totalFrames() - 1, Math.round(f * (double) SAMPLE_RATE / fps));
            double g = f == frames ? 0 : mixer.musicGainAt(n);
            db[f] = g <= 1e-4 ? SILENT_DB : Math.max(SILENT_DB, 20 * Math.log10(g));
        }
        boolean[] keep = new boolean[db.length];
        keep[0] = true;
        keep[db.length - 1] = true;
        simplify(db, 0, db.length - 1, keep);
        List<EditorCut.Level> out = new ArrayList<>();
        for (int f = 0; f < db.length; f++) {
            if (keep[f]) {
                out.add(new EditorCut.Level(f, Math.round(db[f] * 100) / 100.0));
            }
        }
        return out;
    }

    /** Ramer-Douglas-Peucker on (frame, dB): keeps the points needed for linear interpolation within tolerance. */
    private static void simplify(double[] db, int a, int b, boolean[] keep) {
        int worst = -1;
        double max = LEVEL_TOLERANCE_DB;
        for (int i = a + 1; i < b; i++) {
            double line = db[a] + (db[b] - db[a]) * (i - a) / (b - a);
            double d = Math.abs(db[i] - line);
            if (d > max) {
                max = d;
                worst = i;
            }
        }
        if (worst >= 0) {
            keep[worst] = true;
            simplify(db, a, worst, keep);
            simplify(db, worst, b, keep);
        }
    }

    private static String fileDigest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
