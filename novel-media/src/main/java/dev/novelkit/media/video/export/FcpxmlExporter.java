package dev.novelkit.media.video.export;

import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.export.internal.Xml;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FCPXML 1.10, the interchange format of Final Cut Pro (also imported by DaVinci Resolve): the shots on the primary
 * storyline with Cross Dissolve transitions centred on their cut points, fades as opacity keyframes, voice lines,
 * sound effects and music as connected clips below it (the music's ducking and fades as volume keyframes), and the
 * subtitles as SRT captions above it. Every time is a rational number of frames ({@code "37/30s"}) and media
 * references are URLs relative to the project file ({@code "./media/shot-01-….mp4"}).
 */
public final class FcpxmlExporter implements EditorExporter {
    /** Final Cut Pro's Cross Dissolve and audio crossfade effect identifiers. */
    static final String CROSS_DISSOLVE_UID = "FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265";
    static final String AUDIO_CROSSFADE_UID = "FFAudioTransition";

    @Override
    public String name() {
        return "fcpxml";
    }

    @Override
    public String extension() {
        return "fcpxml";
    }

    @Override
    public String write(EditorCut cut, Path projectFile) {
        return new Writer(cut, projectFile.toAbsolutePath().getParent(),
                baseName(projectFile.getFileName().toString())).document();
    }

    private static String baseName(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** A rational time of {@code frames} at {@code fps}: "0s" or "N/FPSs". */
    static String time(long frames, int fps) {
        return frames == 0 ? "0s" : frames + "/" + fps + "s";
    }

    /** One document being written. */
    private static final class Writer {
        private final EditorCut cut;
        private final Path dir;
        private final String name;
        private final int fps;
        private final Xml xml = Xml.create();
        private final Element resources;
        private final Map<String, String> assets = new LinkedHashMap<>();
        private int nextId = 1;
        private int styles;

        Writer(EditorCut cut, Path dir, String name) {
            this.cut = cut;
            this.dir = dir;
            this.name = name;
            this.fps = cut.fps();
            this.resources = xml.el("resources");
        }

        String document() {
            Element root = xml.el("fcpxml", "version", "1.10");
            xml.root(root);
            root.appendChild(resources);
            VideoFormat f = cut.format();
            String format = id();
            xml.add(resources, "format", "id", format, "frameDuration", time(1, fps), "width",
                    Integer.toString(f.width()), "height", Integer.toString(f.height()), "colorSpace", "1-1-1 (Rec. 709)");
            String dissolve = null;
            String audioFade = null;
            for (EditorCut.Shot s : cut.shots()) {
                if (s.crossfade() > 0 && dissolve == null) {
                    dissolve = id();
                    xml.add(resources, "effect", "id", dissolve, "name", "Cross Dissolve", "uid", CROSS_DISSOLVE_UID);
                    audioFade = id();
                    xml.add(resources, "effect", "id", audioFade, "name", "Audio Crossfade", "uid", AUDIO_CROSSFADE_UID);
                }
            }
            Element library = xml.add(root, "library");
            Element event = xml.add(library, "event", "name", "NovelKit");
            Element project = xml.add(event, "project", "name", name);
            Element sequence = xml.add(project, "sequence", "format", format, "duration", time(cut.frames(), fps),
                    "tcStart", "0s", "tcFormat", "NDF", "audioLayout", "stereo", "audioRate", "48k");
            Element spine = xml.add(sequence, "spine");
            List<Element> clips = new ArrayList<>();
            for (int k = 0; k < cut.shots().size(); k++) {
                EditorCut.Shot s = cut.shots().get(k);
                if (s.crossfade() > 0) {
                    Element t = xml.add(spine, "transition", "name", "Cross Dissolve",
                            "offset", time(s.start(), fps), "duration", time(s.crossfade(), fps));
                    xml.add(t, "filter-video", "ref", dissolve, "name", "Cross Dissolve");
                    xml.add(t, "filter-audio", "ref", audioFade, "name", "Audio Crossfade");
                }
                clips.add(shotClip(spine, s, k, format));
            }
            anchor(clips, cut.voices(), "voice", "dialogue", 0);
            int lanes = lanes(cut.voices());
            anchor(clips, cut.effects(), "effect", "effects", lanes);
            lanes += lanes(cut.effects());
            music(clips, lanes);
            captions(clips);
            return xml.write("<!DOCTYPE fcpxml>");
        }

        private Element shotClip(Element spine, EditorCut.Shot s, int k, String format) {
            long offset = cut.cutPoint(k);
            long end = cut.cutEnd(k);
            long start = offset - s.start();
            ShotClip c = s.clip();
            String ref = asset(s.file(), s.mediaFrames(), true, s.hasAudio() ? s.channels() : 0, format);
            Element clip = xml.add(spine, "asset-clip", "ref", ref, "offset", time(offset, fps),
                    "name", "Shot " + s.number(), "start", time(start, fps), "duration", time(end - offset, fps),
                    "format", format, "tcFormat", "NDF", "srcEnable", s.hasAudio() ? null : "video");
            if (c.kind() == ShotClip.Kind.VIDEO) {
                xml.add(clip, "adjust-conform", "type", "fill");
            }
            if (s.fadeIn() > 0 || s.fadeOut() > 0) {
                Element blend = xml.add(clip, "adjust-blend", "amount", "1");
                Element param = xml.add(blend, "param", "name", "amount");
                Element anim = xml.add(param, "keyframeAnimation");
                if (s.fadeIn() > 0) {
                    key(anim, 0, "0");
                    key(anim, s.fadeIn(), "1");
                }
                if (s.fadeOut() > 0) {
                    key(anim, s.length() - s.fadeOut(), "1");
                    key(anim, s.length(), "0");
                }
            }
            if (s.hasAudio() && c.volume() != 1.0) {
                xml.add(clip, "adjust-volume", "amount", db(c.volume()));
            }
            return clip;
        }

        private void key(Element anim, long shotFrame, String value) {
            xml.add(anim, "keyframe", "time", time(shotFrame, fps), "value", value);
        }

        /** Connected clips hang from the spine clip whose span holds their start, in its local time. */
        private void anchor(List<Element> clips, List<EditorCut.Sound> sounds, String kind, String role, int laneBase) {
            for (EditorCut.Sound s : sounds) {
                int k = parentOf(s.start());
                String ref = asset(s.file(), ceil(s.micros()), false, s.channels(), null);
                String label = s.text().isEmpty() ? s.file().getFileName().toString()
                        : (s.speaker().isEmpty() ? "" : s.speaker() + "：") + s.text();
                Element clip = xml.el("asset-clip", "ref", ref, "lane", Integer.toString(-(laneBase + s.lane() + 1)),
                        "offset", time(local(k, s.start()), fps), "name", label, "start", "0s",
                        "duration", time(s.frames(), fps), "audioRole", role);
                if (s.volume() != 1.0) {
                    xml.add(clip, "adjust-volume", "amount", db(s.volume()));
                }
                insertAnchored(clips.get(k), clip);
            }
        }

        private void music(List<Element> clips, int laneBase) {
            EditorCut.MusicBed m = cut.music();
            if (m == null || m.frames() <= 0) {
                return;
            }
            String ref = asset(m.music().file(), m.fileFrames(), false, m.channels(), null);
            long at = 0;
            while (at < m.frames()) {
                long n = Math.min(m.frames() - at, m.fileFrames());
                int k = parentOf(at);
                Element clip = xml.el("asset-clip", "ref", ref, "lane", Integer.toString(-(laneBase + 1)),
                        "offset", time(local(k, at), fps), "name", "Music", "start", "0s", "duration", time(n, fps),
                        "audioRole", "music");
                Element vol = xml.add(clip, "adjust-volume", "amount", db(m.music().volume()));
                Element param = xml.add(vol, "param", "name", "amount");
                Element anim = xml.add(param, "keyframeAnimation");
                List<EditorCut.Level> keys = levelsWithin(m.levels(), at, at + n);
                for (EditorCut.Level l : keys) {
                    xml.add(anim, "keyframe", "time", time(l.frame() - at, fps), "value", dbText(l.db()));
                }
                insertAnchored(clips.get(k), clip);
                at += n;
            }
        }

        /** The keyframes in [from, to], with interpolated ones added at both ends. */
        private static List<EditorCut.Level> levelsWithin(List<EditorCut.Level> all, long from, long to) {
            List<EditorCut.Level> out = new ArrayList<>();
            out.add(new EditorCut.Level(from, levelAt(all, from)));
            for (EditorCut.Level l : all) {
                if (l.frame() > from && l.frame() < to) {
                    out.add(l);
                }
            }
            out.add(new EditorCut.Level(to, levelAt(all, to)));
            return out;
        }

        private static double levelAt(List<EditorCut.Level> all, long frame) {
            for (int i = 0; i + 1 < all.size(); i++) {
                EditorCut.Level a = all.get(i);
                EditorCut.Level b = all.get(i + 1);
                if (frame >= a.frame() && frame <= b.frame()) {
                    return b.frame() == a.frame() ? a.db()
                            : Math.round((a.db() + (b.db() - a.db()) * (frame - a.frame()) / (b.frame() - a.frame())) * 100) / 100.0;
                }
            }
            return all.get(all.size() - 1).db();
        }

        private void captions(List<Element> clips) {
            for (EditorCut.Cue c : cut.cues()) {
                int k = parentOf(c.start());
                String style = "ts" + (++styles);
                Element cap = xml.el("caption", "lane", "1", "offset", time(local(k, c.start()), fps),
                        "name", c.text().replace('\n', ' '), "duration", time(c.end() - c.start(), fps),
                        "role", "SRT?captionFormat=SRT.zh");
                Element text = xml.add(cap, "text", "placement", "bottom");
                xml.text(text, "text-style", c.text(), "ref", style);
                Element def = xml.add(cap, "text-style-def", "id", style);
                xml.add(def, "text-style", "font", ".AppleSystemUIFont", "fontSize", "13", "fontFace", "Regular",
                        "fontColor", "1 1 1 1", "backgroundColor", "0 0 0 1");
                insertAnchored(clips.get(k), cap);
            }
        }

        /** Anchored items go after the clip's adjustments and before nothing else it has (it has no markers). */
        private static void insertAnchored(Element parent, Element child) {
            parent.appendChild(child);
        }

        /** The spine clip showing timeline frame {@code frame} (the last one for frames past the end). */
        private int parentOf(long frame) {
            for (int k = 0; k < cut.shots().size(); k++) {
                if (frame < cut.cutEnd(k)) {
                    return k;
                }
            }
            return cut.shots().size() - 1;
        }

        /** Timeline frame {@code frame} in the local time of spine clip {@code k}. */
        private long local(int k, long frame) {
            EditorCut.Shot s = cut.shots().get(k);
            return frame - s.start();
        }

        private String asset(Path file, long frames, boolean video, int channels, String format) {
            boolean audio = channels > 0;
            String key = file.toAbsolutePath().normalize().toString();
            String existing = assets.get(key);
            if (existing != null) {
                return existing;
            }
            String id = id();
            Element a = xml.add(resources, "asset", "id", id, "name", file.getFileName().toString(), "start", "0s",
                    "duration", time(frames, fps), "hasVideo", video ? "1" : null, "format", video ? format : null,
                    "hasAudio", audio ? "1" : null, "videoSources", video ? "1" : null,
                    "audioSources", audio ? "1" : null, "audioChannels", audio ? Integer.toString(channels) : null,
                    "audioRate", audio ? "48000" : null);
            xml.add(a, "media-rep", "kind", "original-media", "src", url(file));
            assets.put(key, id);
            return id;
        }

        private String url(Path file) {
            String rel = EditorCut.relative(dir, file);
            try {
                if (rel.startsWith("/")) {
                    return file.toAbsolutePath().normalize().toUri().toASCIIString();
                }
                return new URI(null, null, rel.startsWith(".") ? rel : "./" + rel, null).toASCIIString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot make a URL of " + rel, e);
            }
        }

        private String id() {
            return "r" + nextId++;
        }

        private long ceil(long micros) {
            return Math.max(1, (long) Math.ceil(micros * (double) fps / 1_000_000.0 - 1e-6));
        }

        private static int lanes(List<EditorCut.Sound> sounds) {
            int n = 0;
            for (EditorCut.Sound s : sounds) {
                n = Math.max(n, s.lane() + 1);
            }
            return n;
        }

        private static String db(double gain) {
            return dbText(MltExporter.db(gain));
        }

        private static String dbText(double db) {
            return MltExporter.num(Math.round(db * 100) / 100.0) + "dB";
        }
    }
}
