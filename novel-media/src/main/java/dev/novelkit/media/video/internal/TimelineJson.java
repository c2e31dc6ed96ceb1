package dev.novelkit.media.video.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.SoundEffect;
import dev.novelkit.media.video.SubtitleCue;
import dev.novelkit.media.video.SubtitleStyle;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Reads and writes {@link Timeline} JSON, with errors naming the file and the field. Not public API. */
public final class TimelineJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long MAX_BYTES = 16L << 20;

    private TimelineJson() {
    }

    public static Timeline load(Path json) {
        String text;
        try {
            long size = Files.size(json);
            if (size == 0) {
                throw new InvalidInputException(json.toString(), "the timeline file is empty");
            }
            if (size > MAX_BYTES) {
                throw new InvalidInputException(json.toString(), "the timeline file is too large (" + size + " bytes)");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(json))).toString();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(json.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(json.toString(), "not UTF-8 text (is it a binary file?)");
        } catch (IOException e) {
            throw new InvalidInputException(json.toString(), "cannot read: " + e.getMessage(), e);
        }
        Path dir = json.toAbsolutePath().getParent();
        return parse(text, dir, json.toString());
    }

    public static Timeline parse(String json, Path baseDir, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidInputException(source, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source, "a timeline must be a JSON object");
        }
        return new Reader(source, baseDir).timeline(root);
    }

    public static void save(Timeline timeline, Path json) {
        AtomicFiles.writeString(json, write(timeline, json.toAbsolutePath().getParent()) + "\n");
    }

    public static String write(Timeline t, Path baseDir) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode f = root.putObject("format");
        if (t.format().preset() == VideoFormat.Preset.CUSTOM) {
            f.put("width", t.format().width());
            f.put("height", t.format().height());
        } else {
            f.put("preset", t.format().preset().label());
        }
        f.put("fps", t.format().fps());
        ArrayNode shots = root.putArray("shots");
        for (ShotClip s : t.shots()) {
            ObjectNode n = shots.addObject();
            n.put(s.kind() == ShotClip.Kind.STILL ? "image" : "video", rel(baseDir, s.file()));
            n.put("seconds", s.seconds());
            if (s.kenBurns() != null) {
                ObjectNode kb = n.putObject("kenBurns");
                kb.put("move", KenBurns.moveName(s.kenBurns().move()));
                kb.put("zoom", s.kenBurns().zoom());
                kb.put("easing", s.kenBurns().easing().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            if (s.transition().type() != Transition.Type.CUT) {
                ObjectNode tr = n.putObject("transition");
                tr.put("type", s.transition().type().name().toLowerCase(Locale.ROOT));
                tr.put("seconds", s.transition().seconds());
            }
            if (s.kind() == ShotClip.Kind.VIDEO) {
                n.put("volume", s.volume());
            }
        }
        ArrayNode voices = root.putArray("voices");
        for (VoiceClip v : t.voices()) {
            ObjectNode n = voices.addObject();
            n.put("file", rel(baseDir, v.file()));
            n.put("start", v.start());
            n.put("volume", v.volume());
            if (!v.text().isEmpty()) {
                n.put("text", v.text());
            }
            if (!v.speaker().isEmpty()) {
                n.put("speaker", v.speaker());
            }
        }
        if (t.music() != null) {
            Music m = t.music();
            ObjectNode n = root.putObject("music");
            n.put("file", rel(baseDir, m.file()));
            n.put("volume", m.volume());
            n.put("loop", m.loop());
            n.put("duck", m.duck());
            n.put("duckDb", m.duckDb());
        }
        ArrayNode effects = root.putArray("effects");
        for (SoundEffect e : t.effects()) {
            ObjectNode n = effects.addObject();
            n.put("file", rel(baseDir, e.file()));
            n.put("start", e.start());
            n.put("volume", e.volume());
        }
        ObjectNode subs = root.putObject("subtitles");
        subs.put("fromVoices", t.subtitles().fromVoices());
        ArrayNode cues = subs.putArray("cues");
        for (SubtitleCue c : t.subtitles().cues()) {
            ObjectNode n = cues.addObject();
            n.put("start", c.start());
            n.put("end", c.end());
            n.put("text", c.text());
            if (!c.speaker().isEmpty()) {
                n.put("speaker", c.speaker());
            }
        }
        SubtitleStyle st = t.subtitles().style();
        ObjectNode sn = subs.putObject("style");
        sn.put("fontSize", st.fontSize());
        sn.put("outline", st.outline());
        sn.put("marginBottom", st.marginBottom());
        sn.put("marginSides", st.marginSides());
        sn.put("maxCharsPerLine", st.maxCharsPerLine());
        sn.put("maxLines", st.maxLines());
        sn.put("fontFamily", st.fontFamily());
        sn.put("color", st.color());
        sn.put("outlineColor", st.outlineColor());
        sn.put("showSpeaker", st.showSpeaker());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write timeline JSON", e);
        }
    }

    private static String rel(Path baseDir, Path file) {
        if (baseDir != null && file.isAbsolute()) {
            Path base = baseDir.toAbsolutePath().normalize();
            Path f = file.normalize();
            if (f.startsWith(base)) {
                return base.relativize(f).toString().replace('\\', '/');
            }
        }
        return file.toString().replace('\\', '/');
    }

    /** Walks the JSON tree, keeping the field path for error messages. */
    private static final class Reader {
        private final String source;
        private final Path baseDir;

        Reader(String source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir;
        }

        private InvalidInputException error(String path, String problem) {
            return new InvalidInputException(source + ": " + path, problem);
        }

        /** Builds a value; an error from a record's own checks is re-thrown naming the file and the field path. */
        private <T> T build(String path, java.util.function.Supplier<T> maker) {
            try {
                return maker.get();
            } catch (InvalidInputException e) {
                String field = e.input();
                if (field.contains("[")) {
                    throw new InvalidInputException(source + ": " + field, e.problem(), e);
                }
                String tail = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
                throw new InvalidInputException(source + ": " + path + "." + tail, e.problem(), e);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidInputException(source + ": " + path, String.valueOf(e.getMessage()), e);
            }
        }

        private void allowOnly(JsonNode node, String path, Set<String> names) {
            if (!node.isObject()) {
                throw error(path, "must be a JSON object");
            }
            Iterator<String> it = node.fieldNames();
            while (it.hasNext()) {
                String name = it.next();
                if (!names.contains(name)) {
                    throw error(path.isEmpty() ? name : path + "." + name, "unknown field (expected one of "
                            + new java.util.TreeSet<>(names) + ")");
                }
            }
        }

        private double number(JsonNode node, String field, String path, double dflt, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(path + "." + field, "is missing");
                }
                return dflt;
            }
            if (!v.isNumber()) {
                throw error(path + "." + field, "must be a number, was " + v);
            }
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw error(path + "." + field, "must be a finite number");
            }
            return d;
        }

        private int integer(JsonNode node, String field, String path, int dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error(path + "." + field, "must be a whole number, was " + v);
            }
            return v.asInt();
        }

        private boolean bool(JsonNode node, String field, String path, boolean dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw error(path + "." + field, "must be true or false, was " + v);
            }
            return v.asBoolean();
        }

        private String text(JsonNode node, String field, String path, String dflt, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(path + "." + field, "is missing");
                }
                return dflt;
            }
            if (!v.isTextual()) {
                throw error(path + "." + field, "must be a string, was " + v);
            }
            return v.asText();
        }

        private Path file(JsonNode node, String field, String path) {
            String p = text(node, field, path, null, true);
            if (p.isBlank()) {
                throw error(path + "." + field, "is empty");
            }
            try {
                Path f = Path.of(p);
                return (f.isAbsolute() || baseDir == null ? f : baseDir.resolve(f)).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw error(path + "." + field, "not a valid path: " + p);
            }
        }

        private <T> List<T> list(JsonNode root, String field, Function<Integer, Function<JsonNode, T>> item) {
            JsonNode arr = root.get(field);
            List<T> out = new ArrayList<>();
            if (arr == null || arr.isNull()) {
                return out;
            }
            if (!arr.isArray()) {
                throw error(field, "must be a JSON array");
            }
            for (int i = 0; i < arr.size(); i++) {
                out.add(item.apply(i).apply(arr.get(i)));
            }
            return out;
        }

        Timeline timeline(JsonNode root) {
            allowOnly(root, "", Set.of("format", "shots", "voices", "music", "effects", "subtitles"));
            VideoFormat format = format(root.get("format"));
            List<ShotClip> shots = list(root, "shots", i -> n -> shot(n, "shots[" + i + "]"));
            if (shots.isEmpty()) {
                throw error("shots", "a timeline needs at least one shot");
            }
            List<VoiceClip> voices = list(root, "voices", i -> n -> voice(n, "voices[" + i + "]"));
            List<SoundEffect> effects = list(root, "effects", i -> n -> effect(n, "effects[" + i + "]"));
            Music music = root.hasNonNull("music") ? music(root.get("music")) : null;
            Subtitles subtitles = root.hasNonNull("subtitles") ? subtitles(root.get("subtitles")) : Subtitles.NONE;
            return build("timeline", () -> new Timeline(format, shots, voices, music, effects, subtitles));
        }

        private VideoFormat format(JsonNode n) {
            if (n == null || n.isNull()) {
                return VideoFormat.PORTRAIT_1080P;
            }
            allowOnly(n, "format", Set.of("preset", "width", "height", "fps"));
            int fps = integer(n, "fps", "format", 30);
            String preset = text(n, "preset", "format", null, false);
            if (preset != null && !preset.equalsIgnoreCase("custom")) {
                if (n.has("width") || n.has("height")) {
                    throw error("format", "give either a preset or a width and height, not both");
                }
                return build("format", () -> VideoFormat.of(VideoFormat.Preset.parse(preset), fps));
            }
            if (!n.has("width") || !n.has("height")) {
                throw error("format", "needs a preset (9:16, 16:9, 1:1) or a width and a height");
            }
            int w = integer(n, "width", "format", 0);
            int h = integer(n, "height", "format", 0);
            return build("format", () -> VideoFormat.custom(w, h, fps));
        }

        private ShotClip shot(JsonNode n, String path) {
            allowOnly(n, path, Set.of("image", "video", "seconds", "kenBurns", "transition", "volume"));
            boolean image = n.has("image");
            if (image == n.has("video")) {
                throw error(path, "needs exactly one of \"image\" (a still) or \"video\" (a clip)");
            }
            Path file = file(n, image ? "image" : "video", path);
            double seconds = number(n, "seconds", path, 0, true);
            KenBurns kb = null;
            JsonNode kbn = n.get("kenBurns");
            if (kbn != null && !kbn.isNull()) {
                String kp = path + ".kenBurns";
                if (kbn.isTextual()) {
                    kb = build(kp, () -> KenBurns.of(KenBurns.parseMove(kbn.asText())));
                } else {
                    allowOnly(kbn, kp, Set.of("move", "zoom", "easing"));
                    String move = text(kbn, "move", kp, "static", false);
                    double zoom = number(kbn, "zoom", kp, KenBurns.DEFAULT_ZOOM, false);
                    String easing = text(kbn, "easing", kp, "ease-in-out", false);
                    kb = build(kp, () -> new KenBurns(KenBurns.parseMove(move), zoom, KenBurns.Easing.parse(easing)));
                }
            }
            Transition tr = Transition.CUT;
            JsonNode tn = n.get("transition");
            if (tn != null && !tn.isNull()) {
                String tp = path + ".transition";
                if (tn.isTextual()) {
                    tr = build(tp, () -> Transition.of(tn.asText(), tn.asText().equalsIgnoreCase("cut") ? 0 : 0.5));
                } else {
                    allowOnly(tn, tp, Set.of("type", "seconds"));
                    String type = text(tn, "type", tp, null, true);
                    double secs = number(tn, "seconds", tp, type.equalsIgnoreCase("cut") ? 0 : 0.5, false);
                    tr = build(tp, () -> Transition.of(type, secs));
                }
            }
            double volume = number(n, "volume", path, 1.0, false);
            KenBurns move = kb;
            Transition into = tr;
            return build(path, () -> new ShotClip(image ? ShotClip.Kind.STILL : ShotClip.Kind.VIDEO, file, seconds,
                    move, into, volume));
        }

        private VoiceClip voice(JsonNode n, String path) {
            allowOnly(n, path, Set.of("file", "start", "volume", "text", "speaker"));
            Path file = file(n, "file", path);
            double start = number(n, "start", path, 0, true);
            double volume = number(n, "volume", path, 1.0, false);
            String text = text(n, "text", path, "", false);
            String speaker = text(n, "speaker", path, "", false);
            return build(path, () -> new VoiceClip(file, start, volume, text, speaker));
        }

        private SoundEffect effect(JsonNode n, String path) {
            allowOnly(n, path, Set.of("file", "start", "volume"));
            Path file = file(n, "file", path);
            double start = number(n, "start", path, 0, true);
            double volume = number(n, "volume", path, 1.0, false);
            return build(path, () -> new SoundEffect(file, start, volume));
        }

        private Music music(JsonNode n) {
            allowOnly(n, "music", Set.of("file", "volume", "loop", "duck", "duckDb"));
            Path file = file(n, "file", "music");
            double volume = number(n, "volume", "music", 0.5, false);
            boolean loop = bool(n, "loop", "music", true);
            boolean duck = bool(n, "duck", "music", true);
            double duckDb = number(n, "duckDb", "music", Music.DEFAULT_DUCK_DB, false);
            return build("music", () -> new Music(file, volume, loop, duck, duckDb));
        }

        private Subtitles subtitles(JsonNode n) {
            allowOnly(n, "subtitles", Set.of("fromVoices", "cues", "style"));
            boolean fromVoices = bool(n, "fromVoices", "subtitles", false);
            List<SubtitleCue> cues = list(n, "cues", i -> c -> cue(c, "subtitles.cues[" + i + "]"));
            SubtitleStyle style = n.hasNonNull("style") ? style(n.get("style")) : SubtitleStyle.defaults();
            return new Subtitles(cues, fromVoices, style);
        }

        private SubtitleCue cue(JsonNode n, String path) {
            allowOnly(n, path, Set.of("start", "end", "text", "speaker"));
            double start = number(n, "start", path, 0, true);
            double end = number(n, "end", path, 0, true);
            String text = text(n, "text", path, null, true);
            String speaker = text(n, "speaker", path, "", false);
            return build(path, () -> new SubtitleCue(start, end, text, speaker));
        }

        private SubtitleStyle style(JsonNode n) {
            String p = "subtitles.style";
            allowOnly(n, p, Set.of("fontSize", "outline", "marginBottom", "marginSides", "maxCharsPerLine", "maxLines",
                    "fontFamily", "color", "outlineColor", "showSpeaker"));
            SubtitleStyle d = SubtitleStyle.defaults();
            int fontSize = integer(n, "fontSize", p, d.fontSize());
            int outline = integer(n, "outline", p, d.outline());
            int marginBottom = integer(n, "marginBottom", p, d.marginBottom());
            int marginSides = integer(n, "marginSides", p, d.marginSides());
            int maxChars = integer(n, "maxCharsPerLine", p, d.maxCharsPerLine());
            int maxLines = integer(n, "maxLines", p, d.maxLines());
            String family = text(n, "fontFamily", p, "", false);
            String color = text(n, "color", p, d.color(), false);
            String outlineColor = text(n, "outlineColor", p, d.outlineColor(), false);
            boolean speaker = bool(n, "showSpeaker", p, false);
            return build(p, () -> new SubtitleStyle(fontSize, outline, marginBottom, marginSides, maxChars, maxLines,
                    family, color, outlineColor, speaker));
        }
    }
}
