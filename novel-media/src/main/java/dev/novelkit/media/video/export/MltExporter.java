package dev.novelkit.media.video.export;

import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SubtitleStyle;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.export.internal.Xml;
import org.w3c.dom.Element;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MLT XML, the project format of Shotcut and Kdenlive, rendered by {@code melt}: a background track, the shots on
 * one video track with Shotcut-style crossfades (a small tractor of the two overlapping ends with a dissolve), fades
 * as brightness keyframes, the subtitles as a text track (one transparent clip with a text filter per cue), voice
 * lines and sound effects on audio tracks at their frames, and the music on its own track whose volume filter
 * carries the ducking and fades as keyframes. Every clip keeps what NovelKit needs to read the project back
 * ({@code novelkit:*} properties, see {@link MltImport}). Paths are relative to the project file.
 */
public final class MltExporter implements EditorExporter {
    /** The value of the main tractor's {@code novelkit:version} property. */
    static final String VERSION = "1";
    /** MLT plays a mono file at -3 dB on each of two channels; the assembler at 0 dB. */
    static final double MONO_LIFT_DB = 10 * Math.log10(2);

    @Override
    public String name() {
        return "mlt";
    }

    @Override
    public String extension() {
        return "mlt";
    }

    @Override
    public String write(EditorCut cut, Path projectFile) {
        return new Writer(cut, projectFile.toAbsolutePath().getParent()).document();
    }

    /** One document being written. */
    private static final class Writer {
        private final EditorCut cut;
        private final Path dir;
        private final Xml xml = Xml.create();
        private final Element root;
        private final List<Element> tracks = new ArrayList<>();
        private final List<String> hides = new ArrayList<>();

        Writer(EditorCut cut, Path dir) {
            this.cut = cut;
            this.dir = dir;
            this.root = xml.el("mlt", "LC_NUMERIC", "C", "version", "7.0.0", "title", "NovelKit export",
                    "producer", "main");
            xml.root(root);
        }

        String document() {
            profile();
            long last = cut.frames() - 1;
            Element black = producer("black", 0, last, cut.frames());
            prop(black, "resource", "0");
            prop(black, "aspect_ratio", "1");
            prop(black, "mlt_service", "color");
            prop(black, "mlt_image_format", "rgba");
            prop(black, "set.test_audio", "0");
            Element background = playlist("background", null, null);
            entry(background, "black", 0, last);
            track(background, null);
            shots();
            subtitles();
            sounds(cut.voices(), "voice", "Voices", "voices");
            sounds(cut.effects(), "effect", "Effects", "effects");
            music();
            mainTractor();
            return xml.write(null);
        }

        private void profile() {
            VideoFormat f = cut.format();
            int g = gcd(f.width(), f.height());
            xml.add(root, "profile", "description", "NovelKit " + f.width() + "x" + f.height() + " " + f.fps() + " fps",
                    "width", Integer.toString(f.width()), "height", Integer.toString(f.height()),
                    "progressive", "1", "sample_aspect_num", "1", "sample_aspect_den", "1",
                    "display_aspect_num", Integer.toString(f.width() / g),
                    "display_aspect_den", Integer.toString(f.height() / g),
                    "frame_rate_num", Integer.toString(f.fps()), "frame_rate_den", "1", "colorspace", "709");
        }

        // ---- shots ----

        private void shots() {
            List<EditorCut.Shot> shots = cut.shots();
            for (EditorCut.Shot s : shots) {
                shotProducers(s);
            }
            List<Element> crossfades = new ArrayList<>();
            for (int k = 1; k < shots.size(); k++) {
                crossfades.add(shots.get(k).crossfade() > 0 ? crossfade(shots.get(k - 1), shots.get(k)) : null);
            }
            Element pl = playlist("shots", "Shots", "video");
            prop(pl, "novelkit:track", "shots");
            for (int k = 0; k < shots.size(); k++) {
                EditorCut.Shot s = shots.get(k);
                long from = s.crossfade();
                long to = k + 1 < shots.size() && shots.get(k + 1).crossfade() > 0
                        ? shots.get(k + 1).start() - s.start() : s.length();
                for (long[] seg : segments(s, from, to)) {
                    entry(pl, segmentId(s, seg), seg[1], seg[2]);
                }
                if (k + 1 < shots.size() && crossfades.get(k) != null) {
                    EditorCut.Shot next = shots.get(k + 1);
                    entry(pl, crossfades.get(k).getAttribute("id"), 0, next.crossfade() - 1);
                }
            }
            track(pl, null);
        }

        private void shotProducers(EditorCut.Shot s) {
            ShotClip c = s.clip();
            long clipFrames = Math.min(s.mediaFrames(), s.length());
            Element p = producer(shotId(s), 0, clipFrames - 1, s.mediaFrames());
            prop(p, "resource", rel(s.file()));
            prop(p, "mlt_service", "avformat");
            prop(p, "seekable", "1");
            if (!s.hasAudio()) {
                prop(p, "audio_index", "-1");
            }
            prop(p, "shotcut:caption", "Shot " + s.number());
            prop(p, "novelkit:shot", Integer.toString(s.number()));
            prop(p, "novelkit:kind", c.kind() == ShotClip.Kind.STILL ? "still" : "video");
            prop(p, "novelkit:source", rel(c.file()));
            prop(p, "novelkit:frames", Long.toString(s.length()));
            prop(p, "novelkit:seconds", exact(c.seconds()));
            prop(p, "novelkit:transition", c.transition().type().name().toLowerCase(Locale.ROOT));
            prop(p, "novelkit:transitionSeconds", exact(c.transition().seconds()));
            if (c.kenBurns() != null) {
                KenBurns kb = c.kenBurns();
                prop(p, "novelkit:move", KenBurns.moveName(kb.move()));
                prop(p, "novelkit:zoom", exact(kb.zoom()));
                prop(p, "novelkit:easing", kb.easing().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            if (c.kind() == ShotClip.Kind.VIDEO) {
                prop(p, "novelkit:volume", exact(c.volume()));
                Element crop = filter(p, "crop", 0, clipFrames - 1, "cropSource", "cover");
                prop(crop, "center", "1");
                if (s.hasAudio()) {
                    gain(p, 0, clipFrames - 1, c.volume(), s.channels());
                }
            }
            Element hold = null;
            if (s.holdsLastFrame()) {
                hold = producer(holdId(s), 0, s.length() - s.mediaFrames() - 1, s.length() - s.mediaFrames());
                prop(hold, "resource", rel(s.file()));
                prop(hold, "mlt_service", "hold");
                prop(hold, "frame", Long.toString(s.mediaFrames() - 1));
                prop(hold, "shotcut:caption", "Shot " + s.number() + " (last frame held)");
                prop(hold, "novelkit:shot", Integer.toString(s.number()));
                prop(hold, "novelkit:hold", "1");
                Element crop = filter(hold, "crop", 0, s.length() - s.mediaFrames() - 1, "cropSource", "cover");
                prop(crop, "center", "1");
            }
            if (s.fadeIn() > 0) {
                fade(s, p, hold, 0, s.fadeIn(), true);
            }
            if (s.fadeOut() > 0) {
                fade(s, p, hold, s.length() - s.fadeOut(), s.length(), false);
            }
        }

        /** Brightness keyframes over shot frames [from, to): the assembler's per-frame fade level, split over clip and hold. */
        private void fade(EditorCut.Shot s, Element clip, Element hold, long from, long to, boolean in) {
            long n = to - from;
            for (long[] seg : segments(s, from, to)) {
                Element owner = seg[0] == 0 ? clip : hold;
                long first = seg[0] == 0 ? seg[1] : seg[1] + s.mediaFrames();
                long lastFrame = seg[0] == 0 ? seg[2] : seg[2] + s.mediaFrames();
                double a = level(first - from, n, in);
                double b = level(lastFrame - from, n, in);
                Element f = filter(owner, "brightness", seg[1], seg[2], in ? "fadeInBrightness" : "fadeOutBrightness",
                        in ? "fadeIn" : "fadeOut");
                prop(f, "level", "0=" + num(a) + ";" + (seg[2] - seg[1]) + "=" + num(b));
                prop(f, "novelkit:frames", Long.toString(n));
            }
        }

        private static double level(long i, long n, boolean in) {
            return in ? (i + 0.5) / n : (n - i - 0.5) / n;
        }

        /** Shot frames [from, to) as (0 = clip | 1 = hold, in, out) pieces of the clip and its held last frame. */
        private static List<long[]> segments(EditorCut.Shot s, long from, long to) {
            List<long[]> out = new ArrayList<>();
            long m = Math.min(s.mediaFrames(), s.length());
            if (from < Math.min(to, m)) {
                out.add(new long[]{0, from, Math.min(to, m) - 1});
            }
            if (Math.max(from, m) < to) {
                out.add(new long[]{1, Math.max(from, m) - m, to - m - 1});
            }
            return out;
        }

        private static String segmentId(EditorCut.Shot s, long[] seg) {
            return seg[0] == 0 ? shotId(s) : holdId(s);
        }

        private static String shotId(EditorCut.Shot s) {
            return "shot" + s.number();
        }

        private static String holdId(EditorCut.Shot s) {
            return "shot" + s.number() + "hold";
        }

        /** Shotcut's same-track crossfade: a tractor of the end of {@code a} and the start of {@code b}. */
        private Element crossfade(EditorCut.Shot a, EditorCut.Shot b) {
            long d = b.crossfade();
            String id = "crossfade" + b.number();
            Element ta = crossfadeTrack(a, b.start() - a.start(), a.length(), id + "a");
            Element tb = crossfadeTrack(b, 0, d, id + "b");
            Element t = xml.add(root, "tractor", "id", id, "in", "0", "out", Long.toString(d - 1));
            prop(t, "shotcut:transition", "lumaMix");
            prop(t, "novelkit:crossfade", Integer.toString(b.number()));
            t.appendChild(ta);
            t.appendChild(tb);
            Element luma = xml.add(t, "transition", "id", id + "luma", "out", Long.toString(d - 1));
            prop(luma, "a_track", "0");
            prop(luma, "b_track", "1");
            prop(luma, "factory", "loader");
            prop(luma, "mlt_service", "luma");
            Element mix = xml.add(t, "transition", "id", id + "mix", "out", Long.toString(d - 1));
            prop(mix, "a_track", "0");
            prop(mix, "b_track", "1");
            prop(mix, "mlt_service", "mix");
            prop(mix, "sum", "1");
            prop(mix, "accepts_blanks", "1");
            return t;
        }

        /** A track of the crossfade tractor showing shot frames [from, to); a small playlist when it spans clip and hold. */
        private Element crossfadeTrack(EditorCut.Shot s, long from, long to, String playlistId) {
            List<long[]> segs = segments(s, from, to);
            if (segs.size() == 1) {
                long[] seg = segs.get(0);
                return xml.el("track", "producer", segmentId(s, seg), "in", Long.toString(seg[1]),
                        "out", Long.toString(seg[2]));
            }
            Element pl = xml.add(root, "playlist", "id", playlistId);
            for (long[] seg : segs) {
                entry(pl, segmentId(s, seg), seg[1], seg[2]);
            }
            return xml.el("track", "producer", playlistId);
        }

        // ---- subtitles ----

        private void subtitles() {
            if (cut.cues().isEmpty()) {
                return;
            }
            VideoFormat f = cut.format();
            SubtitleStyle st = cut.timeline().subtitles().style();
            int sides = st.marginSidesFor(f);
            int size = st.fontSizeFor(f);
            // the assembler's last line sits about 0.6 em above the bottom margin; MLT's text box ends below the glyphs
            String geometry = sides + " 0 " + (f.width() - 2 * sides) + " "
                    + (f.height() - st.marginBottomFor(f) - Math.round(0.6f * size));
            List<Element> cues = new ArrayList<>();
            for (int i = 0; i < cut.cues().size(); i++) {
                EditorCut.Cue c = cut.cues().get(i);
                long len = c.end() - c.start();
                Element p = producer("cue" + (i + 1), 0, len - 1, len);
                prop(p, "resource", "#00000000");
                prop(p, "aspect_ratio", "1");
                prop(p, "mlt_service", "color");
                prop(p, "mlt_image_format", "rgba");
                prop(p, "shotcut:caption", c.text().replace('\n', ' '));
                prop(p, "novelkit:cue", Integer.toString(i + 1));
                prop(p, "novelkit:text", c.text());
                prop(p, "novelkit:start", Long.toString(c.start()));
                Element t = filter(p, "dynamictext", 0, len - 1, "dynamicText", "subtitle");
                prop(t, "argument", c.text().replace("#", "\\#"));
                prop(t, "geometry", geometry);
                prop(t, "family", cut.fontFamily());
                prop(t, "size", Integer.toString(size));
                prop(t, "weight", "400");
                prop(t, "style", "normal");
                prop(t, "fgcolour", "#ff" + st.color().substring(1).toLowerCase(Locale.ROOT));
                prop(t, "bgcolour", "#00000000");
                prop(t, "olcolour", "#ff" + st.outlineColor().substring(1).toLowerCase(Locale.ROOT));
                prop(t, "outline", Integer.toString(st.outlineFor(f)));
                prop(t, "pad", "0");
                prop(t, "halign", "center");
                prop(t, "valign", "bottom");
                cues.add(p);
            }
            Element pl = playlist("subtitles", "Subtitles", "video");
            prop(pl, "novelkit:track", "subtitles");
            long at = 0;
            for (int i = 0; i < cut.cues().size(); i++) {
                EditorCut.Cue c = cut.cues().get(i);
                if (c.start() > at) {
                    xml.add(pl, "blank", "length", Long.toString(c.start() - at));
                }
                entry(pl, cues.get(i).getAttribute("id"), 0, c.end() - c.start() - 1);
                at = c.end();
            }
            track(pl, "audio");
        }

        // ---- voices, effects, music ----

        private void sounds(List<EditorCut.Sound> sounds, String kind, String name, String role) {
            int lanes = 0;
            for (EditorCut.Sound s : sounds) {
                lanes = Math.max(lanes, s.lane() + 1);
                Element p = producer(kind + s.number(), 0, s.frames() - 1, ceil(s.micros()));
                prop(p, "resource", rel(s.file()));
                prop(p, "mlt_service", "avformat");
                prop(p, "video_index", "-1");
                prop(p, "shotcut:caption", caption(s));
                prop(p, "novelkit:" + kind, Integer.toString(s.number()));
                prop(p, "novelkit:start", exact(s.startSeconds()));
                prop(p, "novelkit:volume", exact(s.volume()));
                if (kind.equals("voice")) {
                    prop(p, "novelkit:text", s.text());
                    prop(p, "novelkit:speaker", s.speaker());
                }
                gain(p, 0, s.frames() - 1, s.volume(), s.channels());
            }
            for (int lane = 0; lane < lanes; lane++) {
                Element pl = playlist(role + (lane == 0 ? "" : Integer.toString(lane + 1)),
                        name + (lane == 0 ? "" : " " + (lane + 1)), "audio");
                prop(pl, "novelkit:track", role);
                long at = 0;
                for (EditorCut.Sound s : EditorCut.byStart(sounds)) {
                    if (s.lane() != lane) {
                        continue;
                    }
                    if (s.start() > at) {
                        xml.add(pl, "blank", "length", Long.toString(s.start() - at));
                    }
                    entry(pl, kind + s.number(), 0, s.frames() - 1);
                    at = s.start() + s.frames();
                }
                track(pl, "video");
            }
        }

        private static String caption(EditorCut.Sound s) {
            String t = s.text().length() > 24 ? s.text().substring(0, 24) + "…" : s.text();
            String who = s.speaker().isEmpty() ? "" : s.speaker() + "：";
            return t.isEmpty() ? s.file().getFileName().toString() : who + t;
        }

        private void music() {
            EditorCut.MusicBed m = cut.music();
            if (m == null || m.frames() <= 0) {
                return;
            }
            Element p = producer("music1", 0, m.fileFrames() - 1, m.fileFrames());
            prop(p, "resource", rel(m.music().file()));
            prop(p, "mlt_service", "avformat");
            prop(p, "video_index", "-1");
            prop(p, "shotcut:caption", "Music");
            prop(p, "novelkit:music", "1");
            prop(p, "novelkit:volume", exact(m.music().volume()));
            prop(p, "novelkit:loop", m.music().loop() ? "1" : "0");
            prop(p, "novelkit:duckDb", m.music().duck() ? num(m.music().duckDb()) : "0");
            Element pl = playlist("music", "Music", "audio");
            prop(pl, "novelkit:track", "music");
            long left = m.frames();
            while (left > 0) {
                long n = Math.min(left, m.fileFrames());
                entry(pl, "music1", 0, n - 1);
                left -= n;
            }
            StringBuilder keys = new StringBuilder();
            double lift = m.channels() == 1 ? MONO_LIFT_DB : 0;
            for (EditorCut.Level l : m.levels()) {
                keys.append(keys.length() == 0 ? "" : ";").append(l.frame()).append('=')
                        .append(num(Math.round((l.db() + lift) * 100) / 100.0));
            }
            Element level = filter(pl, "volume", 0, m.frames() - 1, "audioGain", "level");
            prop(level, "level", keys.toString());
            prop(level, "novelkit:levels", keys.toString());
            track(pl, "video");
        }

        /**
         * A volume filter for {@code volume}, lifted by 3 dB for a mono file: MLT spreads mono over two channels at
         * -3 dB each, the assembler copies it to both at full level.
         */
        private void gain(Element producer, long in, long out, double volume, int channels) {
            double level = db(volume) + (channels == 1 ? Math.round(MONO_LIFT_DB * 100) / 100.0 : 0);
            if (Math.abs(level) > 0.005) {
                Element gain = filter(producer, "volume", in, out, "audioGain", "gain");
                String written = num(Math.round(level * 100) / 100.0);
                prop(gain, "level", written);
                prop(gain, "novelkit:level", written);
                prop(gain, "novelkit:lift", num(channels == 1 ? Math.round(MONO_LIFT_DB * 100) / 100.0 : 0));
            }
        }

        // ---- the multitrack ----

        private void mainTractor() {
            Element t = xml.add(root, "tractor", "id", "main", "title", "NovelKit export", "in", "0",
                    "out", Long.toString(cut.frames() - 1));
            prop(t, "shotcut", "1");
            prop(t, "shotcut:projectAudioChannels", "2");
            prop(t, "shotcut:projectFolder", "0");
            prop(t, "novelkit:version", VERSION);
            prop(t, "novelkit:timeline", cut.timeline().toJson(dir));
            for (int i = 0; i < tracks.size(); i++) {
                xml.add(t, "track", "producer", tracks.get(i).getAttribute("id"), "hide", hides.get(i));
            }
            for (int i = 1; i < tracks.size(); i++) {
                if ("audio".equals(hides.get(i))) {
                    continue;
                }
                Element mix = xml.add(t, "transition", "id", "mix" + i);
                prop(mix, "a_track", "0");
                prop(mix, "b_track", Integer.toString(i));
                prop(mix, "mlt_service", "mix");
                prop(mix, "always_active", "1");
                prop(mix, "sum", "1");
            }
            for (int i = 2; i < tracks.size(); i++) {
                if ("subtitles".equals(tracks.get(i).getAttribute("id"))) {
                    Element over = xml.add(t, "transition", "id", "subtitlesOver");
                    prop(over, "a_track", "1");
                    prop(over, "b_track", Integer.toString(i));
                    prop(over, "mlt_service", "affine");
                    prop(over, "always_active", "1");
                }
            }
        }

        // ---- element helpers ----

        private Element producer(String id, long in, long out, long length) {
            Element p = xml.add(root, "producer", "id", id, "in", Long.toString(in), "out", Long.toString(out));
            prop(p, "length", Long.toString(length));
            prop(p, "eof", "pause");
            return p;
        }

        private Element playlist(String id, String name, String kind) {
            Element pl = xml.add(root, "playlist", "id", id);
            if (kind != null) {
                prop(pl, "shotcut:" + kind, "1");
            }
            if (name != null) {
                prop(pl, "shotcut:name", name);
            }
            return pl;
        }

        private void track(Element playlist, String hide) {
            tracks.add(playlist);
            hides.add(hide);
        }

        private void entry(Element playlist, String producer, long in, long out) {
            xml.add(playlist, "entry", "producer", producer, "in", Long.toString(in), "out", Long.toString(out));
        }

        private Element filter(Element owner, String service, long in, long out, String shotcutName, String role) {
            Element f = xml.add(owner, "filter", "in", Long.toString(in), "out", Long.toString(out));
            prop(f, "mlt_service", service);
            prop(f, "shotcut:filter", shotcutName);
            prop(f, "novelkit:filter", role);
            return f;
        }

        private void prop(Element owner, String name, String value) {
            xml.text(owner, "property", value, "name", name);
        }

        private String rel(Path file) {
            return EditorCut.relative(dir, file);
        }

        private long ceil(long micros) {
            return Math.max(1, (long) Math.ceil(micros * (double) cut.fps() / 1_000_000.0 - 1e-6));
        }
    }

    static double db(double gain) {
        return gain <= 1e-5 ? -100 : 20 * Math.log10(gain);
    }

    /** {@code v} exactly as Java prints a double (whole numbers without ".0"), for values read back. */
    static String exact(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code v} with at most six decimals, for values shown to editors. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
