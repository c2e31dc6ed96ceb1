package dev.novelkit.media.video.export;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SoundEffect;
import dev.novelkit.media.video.SubtitleCue;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;
import dev.novelkit.media.video.export.internal.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads back an MLT project written by {@link MltExporter} after a Shotcut user (or a text editor) changed it, into
 * a {@link Timeline} that NovelKit renders with its own subtitles and ducking. Taken over: the order and length of
 * the shots (a Ken Burns still keeps its move over its new length), crossfades made, removed or resized, removed
 * shots, clips added to the shot track, voice lines and sound effects moved, removed, added or turned up or down,
 * another music file, and the picture size and frame rate. What it cannot take over is listed in
 * {@link Result#notTakenOver()}, one line per thing, naming it (a trimmed start, a gap between shots, an edited
 * subtitle clip, a filter or track added in the editor, edited ducking keyframes...). Kdenlive saves its own
 * {@code .kdenlive} layout, which this does not read; open the {@code .otio} export there instead.
 */
public final class MltImport {
    private static final Set<String> BLENDS = Set.of("mix", "affine", "composite", "qtblend", "frei0r.cairoblend",
            "movit.overlay", "frei0r.composition");

    /**
     * The timeline read from the project.
     *
     * @param timeline     what NovelKit renders
     * @param notTakenOver edits in the project NovelKit cannot reproduce, one sentence each (empty: everything)
     * @param notes        what was taken over differently from how an editor shows it
     */
    public record Result(Timeline timeline, List<String> notTakenOver, List<String> notes) {
        public Result {
            notTakenOver = List.copyOf(notTakenOver);
            notes = List.copyOf(notes);
        }
    }

    private final Path file;
    private final Path fileDir;
    private final Path rootDir;
    private final Map<String, Element> byId = new HashMap<>();
    private final List<String> notTaken = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private double fps;

    private MltImport(Path file, Document doc) {
        this.file = file;
        this.fileDir = file.toAbsolutePath().normalize().getParent();
        String root = doc.getDocumentElement().getAttribute("root");
        Path r = root.isBlank() ? null : Path.of(root);
        this.rootDir = r != null && Files.isDirectory(r) ? r : fileDir;
        for (String tag : List.of("producer", "chain", "playlist", "tractor", "multitrack")) {
            NodeList list = doc.getElementsByTagName(tag);
            for (int i = 0; i < list.getLength(); i++) {
                Element e = (Element) list.item(i);
                if (!e.getAttribute("id").isEmpty()) {
                    byId.put(e.getAttribute("id"), e);
                }
            }
        }
    }

    /** Reads {@code mlt}; a file that is not a NovelKit MLT export is an {@link InvalidInputException} naming it. */
    public static Result read(Path mlt) {
        if (!Files.isRegularFile(mlt)) {
            throw new InvalidInputException(mlt.toString(), "no such file");
        }
        Document doc = Xml.read(mlt);
        if (!doc.getDocumentElement().getTagName().equals("mlt")) {
            throw new InvalidInputException(mlt.toString(), "not an MLT XML project (its root element is <"
                    + doc.getDocumentElement().getTagName() + ">)");
        }
        return new MltImport(mlt, doc).timeline(doc);
    }

    private Result timeline(Document doc) {
        Element main = mainTractor(doc);
        String json = prop(main, "novelkit:timeline");
        if (json == null) {
            throw new InvalidInputException(file.toString(), "not a NovelKit export: its main tractor has no "
                    + "novelkit:timeline property (--from-mlt reads projects written by --export mlt, edited in "
                    + "Shotcut or by hand)");
        }
        Timeline stored = Timeline.fromJson(json, fileDir, file + " (novelkit:timeline)");
        VideoFormat format = format(doc, stored.format());
        List<Element> tracks = tracks(main);
        List<ShotClip> shots = null;
        List<VoiceClip> voices = new ArrayList<>();
        List<SoundEffect> effects = new ArrayList<>();
        Music music = null;
        boolean musicTrack = false;
        List<SubtitleCue> cues = new ArrayList<>();
        for (Element track : tracks) {
            String kind = kind(track);
            switch (kind) {
                case "background" -> {
                }
                case "shots" -> {
                    if (shots != null) {
                        notTaken.add("a second shot track '" + name(track) + "': only the first is read");
                    } else {
                        shots = shots(track);
                    }
                }
                case "voices" -> sounds(track, "voice", voices, null);
                case "effects" -> sounds(track, "effect", null, effects);
                case "music" -> {
                    musicTrack = true;
                    music = music(track, stored.music());
                }
                case "subtitles" -> subtitles(track, stored.subtitles(), cues);
                default -> {
                    int clips = Xml.children(track, "entry").size();
                    if (clips > 0) {
                        notTaken.add("track '" + name(track) + "' (" + clips + " clip" + (clips == 1 ? "" : "s")
                                + ") was not made by NovelKit");
                    }
                }
            }
            foreignFilters(track, "track '" + name(track) + "'");
        }
        if (shots == null || shots.isEmpty()) {
            throw new InvalidInputException(file.toString(), "has no shots: the track with novelkit:track=shots is "
                    + (shots == null ? "missing" : "empty"));
        }
        foreignFilters(main, "the whole timeline");
        for (Element t : Xml.children(main, "transition")) {
            String service = prop(t, "mlt_service");
            if (service != null && !BLENDS.contains(service)) {
                notTaken.add("transition '" + service + "' between tracks " + prop(t, "a_track") + " and "
                        + prop(t, "b_track"));
            }
        }
        Subtitles subs = stored.subtitles();
        if (!subs.fromVoices()) {
            subs = new Subtitles(cues, false, subs.style());
        }
        try {
            Timeline t = new Timeline(format, shots, voices, musicTrack ? music : null, effects, subs);
            return new Result(t, notTaken, notes);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.input(), e.problem(), e);
        }
    }

    // ---- structure ----

    private Element mainTractor(Document doc) {
        Element root = doc.getDocumentElement();
        Element main = byId.get(root.getAttribute("producer"));
        if (main == null || !main.getTagName().equals("tractor")) {
            main = null;
            for (Element e : Xml.children(root, "tractor")) {
                main = e;
            }
        }
        if (main == null) {
            throw new InvalidInputException(file.toString(), "has no tractor (multitrack) to read");
        }
        return main;
    }

    private VideoFormat format(Document doc, VideoFormat stored) {
        List<Element> profiles = Xml.children(doc.getDocumentElement(), "profile");
        fps = stored.fps();
        if (profiles.isEmpty()) {
            return stored;
        }
        Element p = profiles.get(0);
        try {
            int w = Integer.parseInt(p.getAttribute("width"));
            int h = Integer.parseInt(p.getAttribute("height"));
            double num = Double.parseDouble(p.getAttribute("frame_rate_num"));
            double den = Double.parseDouble(p.getAttribute("frame_rate_den"));
            fps = num / den;
            long whole = Math.round(fps);
            if (Math.abs(fps - whole) > 1e-9) {
                notTaken.add("the frame rate " + num + "/" + den + " is not a whole number: NovelKit renders at "
                        + whole + " fps");
            }
            if (w != stored.width() || h != stored.height() || whole != stored.fps()) {
                notes.add("picture format changed to " + w + "x" + h + " at " + whole + " fps");
            }
            return VideoFormat.custom(w, h, (int) whole);
        } catch (NumberFormatException | InvalidInputException e) {
            notTaken.add("the profile (" + p.getAttribute("width") + "x" + p.getAttribute("height") + ") cannot be "
                    + "used: kept " + stored);
            fps = stored.fps();
            return stored;
        }
    }

    private List<Element> tracks(Element tractor) {
        List<Element> out = new ArrayList<>();
        List<Element> tracks = new ArrayList<>(Xml.children(tractor, "track"));
        for (Element mt : Xml.children(tractor, "multitrack")) {
            tracks.addAll(Xml.children(mt, "track"));
        }
        for (Element t : tracks) {
            Element p = byId.get(t.getAttribute("producer"));
            if (p == null) {
                throw new InvalidInputException(file.toString(), "a track refers to '" + t.getAttribute("producer")
                        + "', which is not defined");
            }
            out.add(p);
        }
        return out;
    }

    private String kind(Element track) {
        String k = prop(track, "novelkit:track");
        if (k != null) {
            return k;
        }
        if (track.getAttribute("id").equals("background")) {
            return "background";
        }
        List<Element> entries = Xml.children(track, "entry");
        if (entries.size() == 1) {
            Element p = byId.get(entries.get(0).getAttribute("producer"));
            if (p != null && "color".equals(prop(p, "mlt_service")) && "black".equals(p.getAttribute("id"))) {
                return "background";
            }
        }
        return "";
    }

    private String name(Element track) {
        String n = prop(track, "shotcut:name");
        return n != null ? n : track.getAttribute("id");
    }

    /** A placed clip of a playlist: the producer, its in and out points and its first frame on the timeline. */
    private record Placed(Element entry, Element producer, long in, long out, long at) {
        long length() {
            return out - in + 1;
        }
    }

    private List<Placed> placed(Element playlist, List<long[]> gaps) {
        List<Placed> out = new ArrayList<>();
        long at = 0;
        for (Element item : Xml.children(playlist)) {
            switch (item.getTagName()) {
                case "blank" -> {
                    long len = frames(item.getAttribute("length"));
                    if (gaps != null) {
                        gaps.add(new long[]{at, len, out.size()});
                    }
                    at += len;
                }
                case "entry" -> {
                    Element p = byId.get(item.getAttribute("producer"));
                    if (p == null) {
                        throw new InvalidInputException(file.toString(), "an entry refers to '"
                                + item.getAttribute("producer") + "', which is not defined");
                    }
                    long in = item.hasAttribute("in") ? frames(item.getAttribute("in")) : frames(p.getAttribute("in"));
                    long outPoint = item.hasAttribute("out") ? frames(item.getAttribute("out"))
                            : frames(p.getAttribute("out"));
                    Placed pl = new Placed(item, p, in, outPoint, at);
                    out.add(pl);
                    at += pl.length();
                }
                default -> {
                }
            }
        }
        return out;
    }

    // ---- shots ----

    /** A run of one shot on the shot track: which clip, first and last frame of it shown, frames, crossfade in. */
    private static final class Run {
        final Element producer;
        final long firstIn;
        long lastLocal;
        long frames;
        final long crossfade;
        boolean wipe;

        Run(Element producer, long firstIn, long frames, long crossfade) {
            this.producer = producer;
            this.firstIn = firstIn;
            this.frames = frames;
            this.crossfade = crossfade;
            this.lastLocal = firstIn + frames - 1;
        }
    }

    private List<ShotClip> shots(Element track) {
        List<long[]> gaps = new ArrayList<>();
        List<Placed> items = placed(track, gaps);
        List<Run> runs = new ArrayList<>();
        for (Placed item : items) {
            Element p = item.producer();
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (p.getTagName().equals("tractor")) {
                Element[] ends = crossfadeEnds(p);
                if (ends == null || last == null || !shotOf(ends[0]).equals(shotOf(last.producer))) {
                    notTaken.add("a transition clip at frame " + item.at() + " on the shot track does not join the "
                            + "shots beside it");
                    continue;
                }
                last.frames += item.length();
                last.lastLocal = trackIn(ends[0]) + item.length() - 1;
                Run next = new Run(shotProducer(ends[1]), trackIn(ends[1]), item.length(), item.length());
                next.wipe = isWipe(p);
                runs.add(next);
                continue;
            }
            long local = "1".equals(prop(p, "novelkit:hold")) ? holdOffset(p) + item.in() : item.in();
            if (last != null && shotOf(p).equals(shotOf(last.producer)) && local == last.lastLocal + 1) {
                last.frames += item.length();
                last.lastLocal = local + item.length() - 1;
            } else {
                runs.add(new Run(shotProducer(p), local, item.length(), 0));
            }
        }
        for (long[] gap : gaps) {
            if (gap[2] < items.size()) {
                notTaken.add("a gap of " + gap[1] + " frames at frame " + gap[0] + " on the shot track: NovelKit's "
                        + "shots follow each other, the gap is closed");
            }
        }
        List<ShotClip> out = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            out.add(shot(runs.get(k), k));
        }
        return out;
    }

    private ShotClip shot(Run run, int k) {
        Element p = run.producer;
        String label = "shot " + (k + 1);
        String number = prop(p, "novelkit:shot");
        double seconds = run.frames / fps;
        String origFrames = prop(p, "novelkit:frames");
        String origSeconds = prop(p, "novelkit:seconds");
        if (number != null && origFrames != null && origSeconds != null && Long.parseLong(origFrames) == run.frames) {
            seconds = Double.parseDouble(origSeconds);
        } else if (number != null) {
            notes.add("shot " + number + " is now " + fmt(seconds) + " s" + ("still".equals(prop(p, "novelkit:kind"))
                    && prop(p, "novelkit:move") != null ? ": its Ken Burns move spans the new length" : ""));
        }
        if (run.firstIn > 0) {
            notTaken.add(label + (number == null ? "" : " (exported shot " + number + ")") + " starts " + run.firstIn
                    + " frames into its clip: NovelKit shows shots from their first frame");
        }
        if (run.wipe) {
            notTaken.add("the transition into " + label + " is a wipe: NovelKit renders a dissolve");
        }
        foreignFilters(p, label);
        ShotClip clip;
        if (number == null) {
            Path f = resource(p, label);
            clip = isPicture(f) ? ShotClip.still(f, seconds) : ShotClip.video(f, seconds);
            notes.add(label + " is a clip added in the editor: " + f.getFileName());
        } else if ("still".equals(prop(p, "novelkit:kind"))) {
            Path source = resolve(prop(p, "novelkit:source"));
            if (source == null || !Files.isRegularFile(source)) {
                Path mp4 = resource(p, label);
                notes.add(label + ": its picture " + prop(p, "novelkit:source") + " is gone, the rendered "
                        + mp4.getFileName() + " is used");
                clip = ShotClip.video(mp4, seconds).volume(0);
            } else {
                clip = ShotClip.still(source, seconds);
                String move = prop(p, "novelkit:move");
                if (move != null) {
                    clip = clip.kenBurns(new KenBurns(KenBurns.parseMove(move),
                            Double.parseDouble(orElse(prop(p, "novelkit:zoom"), "1.15")),
                            KenBurns.Easing.parse(orElse(prop(p, "novelkit:easing"), "ease-in-out"))));
                }
            }
        } else {
            Path source = resolve(prop(p, "novelkit:source"));
            if (source == null || !Files.isRegularFile(source)) {
                source = resource(p, label);
            }
            double volume = gain(p, Double.parseDouble(orElse(prop(p, "novelkit:volume"), "1")));
            clip = ShotClip.video(source, seconds).volume(volume);
        }
        return clip.transition(transition(run, p, k));
    }

    private Transition transition(Run run, Element p, int k) {
        String type = orElse(prop(p, "novelkit:transition"), "cut");
        double seconds = Double.parseDouble(orElse(prop(p, "novelkit:transitionSeconds"), "0"));
        if (run.crossfade > 0) {
            boolean same = type.equals("crossfade") && Math.abs(Math.round(seconds * fps) - run.crossfade) <= 1;
            return Transition.crossfade(same ? seconds : run.crossfade / fps);
        }
        long fadeIn = fadeFrames(p, "fadeIn");
        if (fadeIn > 0) {
            if (k == 0 && type.equals("crossfade")) {
                return Transition.crossfade(seconds);
            }
            boolean same = type.equals("fade") && Math.abs(Math.round(seconds * fps / 2) - fadeIn) <= 1;
            return Transition.fade(same ? seconds : 2 * fadeIn / fps);
        }
        return Transition.CUT;
    }

    private long fadeFrames(Element producer, String role) {
        long n = 0;
        for (Element f : Xml.children(producer, "filter")) {
            if (role.equals(prop(f, "novelkit:filter"))) {
                n = Math.max(n, Long.parseLong(orElse(prop(f, "novelkit:frames"), "0")));
            }
        }
        return n;
    }

    /** The shot producers of a Shotcut crossfade tractor's two tracks, or null when it is not one. */
    private Element[] crossfadeEnds(Element tractor) {
        List<Element> tracks = Xml.children(tractor, "track");
        if (tracks.size() != 2) {
            return null;
        }
        Element a = byId.get(tracks.get(0).getAttribute("producer"));
        Element b = byId.get(tracks.get(1).getAttribute("producer"));
        if (a == null || b == null) {
            return null;
        }
        return new Element[]{withIn(a, tracks.get(0)), withIn(b, tracks.get(1))};
    }

    private final Map<Element, Long> trackIns = new HashMap<>();

    private Element withIn(Element producer, Element track) {
        if (producer.getTagName().equals("playlist")) {
            List<Element> entries = Xml.children(producer, "entry");
            if (entries.isEmpty()) {
                return producer;
            }
            Element first = entries.get(0);
            Element p = byId.get(first.getAttribute("producer"));
            long in = first.hasAttribute("in") ? frames(first.getAttribute("in")) : 0;
            trackIns.put(p, "1".equals(prop(p, "novelkit:hold")) ? holdOffset(p) + in : in);
            return p;
        }
        long in = track.hasAttribute("in") ? frames(track.getAttribute("in")) : frames(producer.getAttribute("in"));
        trackIns.put(producer, "1".equals(prop(producer, "novelkit:hold")) ? holdOffset(producer) + in : in);
        return producer;
    }

    private long trackIn(Element producer) {
        return trackIns.getOrDefault(producer, 0L);
    }

    private boolean isWipe(Element tractor) {
        for (Element t : Xml.children(tractor, "transition")) {
            if ("luma".equals(prop(t, "mlt_service")) && prop(t, "resource") != null
                    && !prop(t, "resource").isBlank()) {
                return true;
            }
        }
        return false;
    }

    private String shotOf(Element producer) {
        String n = prop(producer, "novelkit:shot");
        return n != null ? n : producer.getAttribute("id");
    }

    /** The clip producer of a shot (the held-frame producer stands for its shot's clip). */
    private Element shotProducer(Element producer) {
        if ("1".equals(prop(producer, "novelkit:hold"))) {
            for (Element e : byId.values()) {
                if (prop(producer, "novelkit:shot").equals(prop(e, "novelkit:shot")) && prop(e, "novelkit:hold") == null
                        && !e.getTagName().equals("tractor")) {
                    return e;
                }
            }
        }
        return producer;
    }

    private long holdOffset(Element hold) {
        return Long.parseLong(orElse(prop(hold, "frame"), "0")) + 1;
    }

    // ---- sounds ----

    private void sounds(Element track, String kind, List<VoiceClip> voices, List<SoundEffect> effects) {
        for (Placed item : placed(track, null)) {
            Element p = item.producer();
            boolean ours = prop(p, "novelkit:" + kind) != null;
            String text = orElse(prop(p, "novelkit:text"), "");
            String label = kind.equals("voice") && !text.isEmpty() ? "voice line '" + shorten(text) + "'"
                    : kind + " " + resource(p, kind).getFileName();
            Path f = resource(p, label);
            double start = item.at() / fps;
            String exact = prop(p, "novelkit:start");
            if (exact != null && frameOf(Double.parseDouble(exact)) == item.at()) {
                start = Double.parseDouble(exact);
            } else if (ours) {
                notes.add(label + " moved to " + fmt(start) + " s");
            }
            if (item.in() > 0) {
                notTaken.add(label + " starts " + item.in() + " frames into its audio: NovelKit plays it from the start");
            }
            long producerOut = frames(p.getAttribute("out"));
            if (ours && item.out() < producerOut) {
                notTaken.add(label + " was shortened by " + (producerOut - item.out()) + " frames: NovelKit plays it "
                        + "whole");
            }
            if (!ours) {
                notes.add(label + " was added in the editor");
            }
            foreignFilters(p, label);
            double volume = gain(p, Double.parseDouble(orElse(prop(p, "novelkit:volume"), "1")));
            int number = ours ? Integer.parseInt(prop(p, "novelkit:" + kind)) : Integer.MAX_VALUE;
            if (voices != null) {
                insert(voices, number, new VoiceClip(f, start, volume, text, orElse(prop(p, "novelkit:speaker"), "")));
            } else {
                insert(effects, number, new SoundEffect(f, start, volume));
            }
        }
    }

    private final Map<Object, Integer> order = new HashMap<>();

    /** Keeps sounds in their exported order (by number), sounds added in the editor after them by start. */
    private <T> void insert(List<T> list, int number, T item) {
        order.put(item, number);
        list.add(item);
        list.sort(java.util.Comparator.comparingInt(order::get));
    }

    private Music music(Element track, Music stored) {
        List<long[]> gaps = new ArrayList<>();
        List<Placed> items = placed(track, gaps);
        if (items.isEmpty()) {
            if (stored != null) {
                notes.add("the music was removed");
            }
            return null;
        }
        if (!gaps.isEmpty() && gaps.get(0)[0] == 0) {
            notTaken.add("the music starts at frame " + gaps.get(0)[1] + ": NovelKit's music starts with the video");
        }
        Element p = items.get(0).producer();
        Path f = resource(p, "the music");
        for (Placed item : items) {
            if (item.producer() != p) {
                notTaken.add("a second music clip " + resource(item.producer(), "music").getFileName()
                        + ": NovelKit plays one music file");
                break;
            }
        }
        for (Element flt : Xml.children(track, "filter")) {
            if ("level".equals(prop(flt, "novelkit:filter"))
                    && !orElse(prop(flt, "level"), "").equals(prop(flt, "novelkit:levels"))) {
                notTaken.add("the music's level keyframes were edited: NovelKit ducks the music under the voices "
                        + "again");
            }
        }
        foreignFilters(p, "the music");
        Music base = stored != null ? stored : Music.of(f, 0.35);
        if (prop(p, "novelkit:music") == null) {
            notes.add("the music is now " + f.getFileName());
        }
        return base.file(f).loop(items.size() > 1 || base.loop());
    }

    // ---- subtitles ----

    private void subtitles(Element track, Subtitles stored, List<SubtitleCue> cues) {
        for (Placed item : placed(track, null)) {
            Element p = item.producer();
            String text = null;
            for (Element f : Xml.children(p, "filter")) {
                if ("subtitle".equals(prop(f, "novelkit:filter"))) {
                    text = orElse(prop(f, "argument"), "").replace("\\#", "#");
                }
            }
            String was = prop(p, "novelkit:text");
            String at = prop(p, "novelkit:start");
            boolean edited = text == null || !text.equals(was) || at == null || Long.parseLong(at) != item.at()
                    || frames(p.getAttribute("out")) != item.out() || item.in() != 0;
            if (stored.fromVoices()) {
                if (edited) {
                    notTaken.add("subtitle '" + shorten(orElse(text, orElse(was, ""))) + "' was edited or moved: "
                            + "NovelKit draws the subtitles again from the voice lines");
                }
            } else if (text != null && !text.isBlank()) {
                cues.add(new SubtitleCue(item.at() / fps, (item.at() + item.length()) / fps, joinLines(text), ""));
            }
        }
    }

    /** Joins wrapped lines back into one text: no space between Chinese characters, one elsewhere. */
    static String joinLines(String text) {
        String[] lines = text.split("\n");
        StringBuilder b = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String next = lines[i].strip();
            if (next.isEmpty()) {
                continue;
            }
            boolean cjk = b.length() > 0 && b.codePointBefore(b.length()) >= 0x1100 && next.codePointAt(0) >= 0x1100;
            b.append(cjk || b.length() == 0 ? "" : " ").append(next);
        }
        return b.toString();
    }

    // ---- helpers ----

    /** Lists filters added in the editor (anything without a novelkit:filter property). */
    private void foreignFilters(Element owner, String where) {
        for (Element f : Xml.children(owner, "filter")) {
            if (prop(f, "novelkit:filter") == null) {
                notTaken.add("filter '" + orElse(prop(f, "mlt_service"), "?") + "' on " + where);
            }
        }
    }

    /** The clip's volume: its gain filter's level less the lift for mono files when edited, else {@code fallback}. */
    private double gain(Element producer, double fallback) {
        for (Element f : Xml.children(producer, "filter")) {
            if ("gain".equals(prop(f, "novelkit:filter"))) {
                String level = prop(f, "level");
                try {
                    if (level == null || level.equals(prop(f, "novelkit:level"))) {
                        return fallback;
                    }
                    double lift = Double.parseDouble(orElse(prop(f, "novelkit:lift"), "0"));
                    return Math.min(4, Math.pow(10, (Double.parseDouble(level) - lift) / 20));
                } catch (NumberFormatException e) {
                    notTaken.add("the gain keyframes '" + level + "' on " + orElse(prop(producer, "shotcut:caption"),
                            producer.getAttribute("id")) + ": NovelKit keeps one volume per clip");
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private Path resource(Element producer, String label) {
        String r = prop(producer, "resource");
        if (r == null || r.isBlank()) {
            throw new InvalidInputException(file + ": " + label, "has no media file (resource)");
        }
        Path p = resolve(r);
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException(file + ": " + label + " " + r, "no such file");
        }
        return p;
    }

    private Path resolve(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path fromRoot = rootDir.resolve(p).normalize();
        return Files.exists(fromRoot) ? fromRoot : fileDir.resolve(p).normalize();
    }

    private long frameOf(double seconds) {
        return Math.floorDiv(Math.round(seconds * 1_000_000.0) * Math.round(fps) + 500_000L, 1_000_000L);
    }

    /** An MLT time: frames ("90"), a clock ("00:00:03.000") or a timecode ("00:00:03:00"). */
    private long frames(String time) {
        String t = time == null ? "" : time.strip();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            if (!t.contains(":")) {
                return Math.round(Double.parseDouble(t));
            }
            String[] parts = t.split("[:;]");
            if (parts.length == 3 && t.indexOf(';') < 0) {
                double seconds = Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60
                        + Double.parseDouble(parts[2]);
                return (long) Math.floor(seconds * fps + 0.5);
            }
            if (parts.length == 4) {
                long whole = Integer.parseInt(parts[0]) * 3600L + Integer.parseInt(parts[1]) * 60L
                        + Integer.parseInt(parts[2]);
                return whole * Math.round(fps) + Integer.parseInt(parts[3]);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidInputException(file.toString(), "cannot read the time '" + time + "'");
    }

    /** A property: a {@code <property name=...>} child, else an attribute of that name. */
    private static String prop(Element e, String name) {
        for (Element p : Xml.children(e, "property")) {
            if (name.equals(p.getAttribute("name"))) {
                return p.getTextContent();
            }
        }
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    private static boolean isPicture(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".webp")
                || n.endsWith(".bmp");
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static String shorten(String text) {
        String t = text.replace('\n', ' ');
        return t.length() > 20 ? t.substring(0, 20) + "…" : t;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
