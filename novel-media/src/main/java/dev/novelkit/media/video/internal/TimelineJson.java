package dev.novelkit.media.video.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link Timeline} JSON by Jackson data binding to records shaped like the file, with errors that
 * name the file and the field. The file's records differ from the timeline's where the file is kinder to write by
 * hand: {@code "image"} or {@code "video"} instead of a kind, a transition or move given by name alone, defaults for
 * what is left out, paths relative to the file. Not public API.
 */
public final class TimelineJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    private static final long MAX_BYTES = 16L << 20;

    static {
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    private TimelineJson() {
    }

    // ---- the file's shape ----

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileTimeline(FileFormat format, List<FileShot> shots, List<FileVoice> voices, FileMusic music,
                        List<FileEffect> effects, FileSubtitles subtitles) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileFormat(String preset, Integer width, Integer height, Integer fps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileShot(String image, String video, Double seconds, FileMove kenBurns, FileTransition transition,
                    Double volume) {
    }

    /** A Ken Burns move: an object, or just the move's name ({@code "zoom-in"}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileMove(String move, Double zoom, String easing) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        FileMove {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static FileMove named(String move) {
            return new FileMove(move, null, null);
        }
    }

    /** A transition: an object, or just its type ({@code "fade"}, half a second). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileTransition(String type, Double seconds) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        FileTransition {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static FileTransition named(String type) {
            return new FileTransition(type, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileVoice(String file, Double start, Double volume, String text, String speaker) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileMusic(String file, Double volume, Boolean loop, Boolean duck, Double duckDb) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileEffect(String file, Double start, Double volume) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileSubtitles(Boolean fromVoices, List<FileCue> cues, FileStyle style) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileCue(Double start, Double end, String text, String speaker) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileStyle(Integer fontSize, Integer outline, Integer marginBottom, Integer marginSides,
                     Integer maxCharsPerLine, Integer maxLines, String fontFamily, String color, String outlineColor,
                     Boolean showSpeaker) {
    }

    // ---- reading ----

    /** Reads {@code json} (UTF-8, a leading byte order mark is skipped); paths resolve against its folder. */
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
                    .decode(ByteBuffer.wrap(Files.readAllBytes(json))).toString();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(json.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(json.toString(), "not UTF-8 text (is it a binary file?)");
        } catch (IOException e) {
            throw new InvalidInputException(json.toString(), "cannot read: " + e.getMessage(), e);
        }
        return parse(text, json.toAbsolutePath().getParent(), json.toString());
    }

    /** Parses timeline JSON (a leading byte order mark is skipped); relative paths resolve against {@code baseDir}. */
    public static Timeline parse(String json, Path baseDir, String source) {
        String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
        FileTimeline file;
        try {
            file = MAPPER.readValue(text, FileTimeline.class);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException syntax) {
                throw malformed(source, syntax);
            }
            throw mappingError(source, e);
        } catch (JsonProcessingException e) {
            throw malformed(source, e);
        }
        if (file == null) {
            throw new InvalidInputException(source, "a timeline must be a JSON object");
        }
        return new Reader(source, baseDir).timeline(file);
    }

    private static InvalidInputException malformed(String source, JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new InvalidInputException(source, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }

    private static InvalidInputException mappingError(String source, JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        path = path.startsWith(".") ? path.substring(1) : path;
        if (path.isEmpty()) {
            return new InvalidInputException(source, "a timeline must be a JSON object", e);
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            problem = "unknown field (expected one of " + known + ")";
        } else if (e instanceof MismatchedInputException m) {
            problem = expected(m.getTargetType()) + shown(m);
        } else if (e.getCause() instanceof InputCoercionException c) {
            problem = "number out of range: " + c.getOriginalMessage();
        } else {
            problem = e.getOriginalMessage();
        }
        return new InvalidInputException(source + ": " + path, problem, e);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == Double.class || type == double.class) {
            return "must be a number";
        }
        if (type == Integer.class || type == int.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        if (type == FileMove.class) {
            return "must be a move's name or a JSON object";
        }
        if (type == FileTransition.class) {
            return "must be a transition's name or a JSON object";
        }
        return "must be a JSON object";
    }

    /** ", was VALUE" for the scalar the parser stopped on. */
    private static String shown(MismatchedInputException e) {
        if (e.getProcessor() instanceof JsonParser p) {
            JsonToken t = p.currentToken();
            if (t != null && t.isScalarValue()) {
                try {
                    return ", was " + (t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText());
                } catch (IOException ignored) {
                    // no value to show
                }
            }
        }
        return "";
    }

    /** Turns the file's records into the timeline, with defaults, and names the field of every bad value. */
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
        private <T> T build(String path, Supplier<T> maker) {
            try {
                return maker.get();
            } catch (InvalidInputException e) {
                String field = e.input();
                if (field.contains("[")) {
                    throw new InvalidInputException(source + ": " + field, e.problem(), e);
                }
                String tail = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
                String at = path.equals(tail) || path.endsWith("." + tail) ? path : path + "." + tail;
                throw new InvalidInputException(source + ": " + at, e.problem(), e);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidInputException(source + ": " + path, String.valueOf(e.getMessage()), e);
            }
        }

        private double number(Double value, String path, double dflt, boolean required) {
            if (value == null) {
                if (required) {
                    throw error(path, "is missing");
                }
                return dflt;
            }
            if (!Double.isFinite(value)) {
                throw error(path, "must be a finite number");
            }
            return value;
        }

        private static <T> T or(T value, T dflt) {
            return value != null ? value : dflt;
        }

        private String text(String value, String path, boolean required) {
            if (value == null && required) {
                throw error(path, "is missing");
            }
            return value;
        }

        private Path file(String value, String path) {
            String p = text(value, path, true);
            if (p.isBlank()) {
                throw error(path, "is empty");
            }
            try {
                Path f = Path.of(p);
                return (f.isAbsolute() || baseDir == null ? f : baseDir.resolve(f)).normalize();
            } catch (InvalidPathException e) {
                throw error(path, "not a valid path: " + p);
            }
        }

        private static <T> List<T> list(List<T> value) {
            return value == null ? List.of() : value;
        }

        Timeline timeline(FileTimeline t) {
            VideoFormat format = format(t.format());
            List<ShotClip> shots = new ArrayList<>();
            for (FileShot s : list(t.shots())) {
                shots.add(shot(s, "shots[" + shots.size() + "]"));
            }
            if (shots.isEmpty()) {
                throw error("shots", "a timeline needs at least one shot");
            }
            List<VoiceClip> voices = new ArrayList<>();
            for (FileVoice v : list(t.voices())) {
                voices.add(voice(v, "voices[" + voices.size() + "]"));
            }
            List<SoundEffect> effects = new ArrayList<>();
            for (FileEffect e : list(t.effects())) {
                effects.add(effect(e, "effects[" + effects.size() + "]"));
            }
            Music music = t.music() == null ? null : music(t.music());
            Subtitles subtitles = t.subtitles() == null ? Subtitles.NONE : subtitles(t.subtitles());
            return build("timeline", () -> new Timeline(format, shots, voices, music, effects, subtitles));
        }

        private VideoFormat format(FileFormat f) {
            if (f == null) {
                return VideoFormat.PORTRAIT_1080P;
            }
            int fps = or(f.fps(), 30);
            String preset = f.preset();
            if (preset != null && !preset.equalsIgnoreCase("custom")) {
                if (f.width() != null || f.height() != null) {
                    throw error("format", "give either a preset or a width and height, not both");
                }
                return build("format", () -> VideoFormat.of(VideoFormat.Preset.parse(preset), fps));
            }
            if (f.width() == null || f.height() == null) {
                throw error("format", "needs a preset (9:16, 16:9, 1:1) or a width and a height");
            }
            return build("format", () -> VideoFormat.custom(f.width(), f.height(), fps));
        }

        private ShotClip shot(FileShot n, String path) {
            if (n == null) {
                throw error(path, "must be a JSON object");
            }
            boolean image = n.image() != null;
            if (image == (n.video() != null)) {
                throw error(path, "needs exactly one of \"image\" (a still) or \"video\" (a clip)");
            }
            Path file = file(image ? n.image() : n.video(), path + (image ? ".image" : ".video"));
            double seconds = number(n.seconds(), path + ".seconds", 0, true);
            KenBurns kb = null;
            FileMove m = n.kenBurns();
            if (m != null) {
                String kp = path + ".kenBurns";
                double zoom = number(m.zoom(), kp + ".zoom", KenBurns.DEFAULT_ZOOM, false);
                kb = build(kp, () -> new KenBurns(KenBurns.parseMove(or(m.move(), "static")), zoom,
                        KenBurns.Easing.parse(or(m.easing(), "ease-in-out"))));
            }
            Transition tr = Transition.CUT;
            FileTransition tn = n.transition();
            if (tn != null) {
                String tp = path + ".transition";
                String type = text(tn.type(), tp + ".type", true);
                double secs = number(tn.seconds(), tp + ".seconds", type.equalsIgnoreCase("cut") ? 0 : 0.5, false);
                tr = build(tp, () -> Transition.of(type, secs));
            }
            double volume = number(n.volume(), path + ".volume", 1.0, false);
            KenBurns move = kb;
            Transition into = tr;
            return build(path, () -> new ShotClip(image ? ShotClip.Kind.STILL : ShotClip.Kind.VIDEO, file, seconds,
                    move, into, volume));
        }

        private VoiceClip voice(FileVoice n, String path) {
            if (n == null) {
                throw error(path, "must be a JSON object");
            }
            Path file = file(n.file(), path + ".file");
            double start = number(n.start(), path + ".start", 0, true);
            double volume = number(n.volume(), path + ".volume", 1.0, false);
            return build(path, () -> new VoiceClip(file, start, volume, or(n.text(), ""), or(n.speaker(), "")));
        }

        private SoundEffect effect(FileEffect n, String path) {
            if (n == null) {
                throw error(path, "must be a JSON object");
            }
            Path file = file(n.file(), path + ".file");
            double start = number(n.start(), path + ".start", 0, true);
            double volume = number(n.volume(), path + ".volume", 1.0, false);
            return build(path, () -> new SoundEffect(file, start, volume));
        }

        private Music music(FileMusic n) {
            Path file = file(n.file(), "music.file");
            double volume = number(n.volume(), "music.volume", 0.5, false);
            double duckDb = number(n.duckDb(), "music.duckDb", Music.DEFAULT_DUCK_DB, false);
            return build("music", () -> new Music(file, volume, or(n.loop(), true), or(n.duck(), true), duckDb));
        }

        private Subtitles subtitles(FileSubtitles n) {
            List<SubtitleCue> cues = new ArrayList<>();
            for (FileCue c : list(n.cues())) {
                cues.add(cue(c, "subtitles.cues[" + cues.size() + "]"));
            }
            SubtitleStyle style = n.style() == null ? SubtitleStyle.defaults() : style(n.style());
            return new Subtitles(cues, or(n.fromVoices(), false), style);
        }

        private SubtitleCue cue(FileCue n, String path) {
            if (n == null) {
                throw error(path, "must be a JSON object");
            }
            double start = number(n.start(), path + ".start", 0, true);
            double end = number(n.end(), path + ".end", 0, true);
            String text = text(n.text(), path + ".text", true);
            return build(path, () -> new SubtitleCue(start, end, text, or(n.speaker(), "")));
        }

        private SubtitleStyle style(FileStyle n) {
            SubtitleStyle d = SubtitleStyle.defaults();
            return build("subtitles.style", () -> new SubtitleStyle(or(n.fontSize(), d.fontSize()),
                    or(n.outline(), d.outline()), or(n.marginBottom(), d.marginBottom()),
                    or(n.marginSides(), d.marginSides()), or(n.maxCharsPerLine(), d.maxCharsPerLine()),
                    or(n.maxLines(), d.maxLines()), or(n.fontFamily(), ""), or(n.color(), d.color()),
                    or(n.outlineColor(), d.outlineColor()), or(n.showSpeaker(), false)));
        }
    }

    // ---- writing ----

    /** Writes {@code timeline} to {@code json} atomically, with paths relative to the file's folder. */
    public static void save(Timeline timeline, Path json) {
        AtomicFiles.writeString(json, write(timeline, json.toAbsolutePath().getParent()) + "\n");
    }

    /**
     * The timeline as JSON: a file inside {@code baseDir} is written relative to it, any other file as an absolute
     * path (a relative path in the timeline is taken from the working folder first), so the JSON saved in
     * {@code baseDir} finds every file again wherever it is read from.
     */
    public static String write(Timeline t, Path baseDir) {
        VideoFormat f = t.format();
        boolean custom = f.preset() == VideoFormat.Preset.CUSTOM;
        FileFormat format = new FileFormat(custom ? null : f.preset().label(), custom ? f.width() : null,
                custom ? f.height() : null, f.fps());
        List<FileShot> shots = new ArrayList<>();
        for (ShotClip s : t.shots()) {
            boolean still = s.kind() == ShotClip.Kind.STILL;
            KenBurns kb = s.kenBurns();
            FileMove move = kb == null ? null : new FileMove(KenBurns.moveName(kb.move()), kb.zoom(),
                    kb.easing().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            FileTransition into = s.transition().type() == Transition.Type.CUT ? null : new FileTransition(
                    s.transition().type().name().toLowerCase(Locale.ROOT), s.transition().seconds());
            shots.add(new FileShot(still ? rel(baseDir, s.file()) : null, still ? null : rel(baseDir, s.file()),
                    s.seconds(), move, into, still ? null : s.volume()));
        }
        List<FileVoice> voices = t.voices().stream().map(v -> new FileVoice(rel(baseDir, v.file()), v.start(),
                v.volume(), emptyToNull(v.text()), emptyToNull(v.speaker()))).toList();
        Music m = t.music();
        FileMusic music = m == null ? null
                : new FileMusic(rel(baseDir, m.file()), m.volume(), m.loop(), m.duck(), m.duckDb());
        List<FileEffect> effects = t.effects().stream()
                .map(e -> new FileEffect(rel(baseDir, e.file()), e.start(), e.volume())).toList();
        List<FileCue> cues = t.subtitles().cues().stream()
                .map(c -> new FileCue(c.start(), c.end(), c.text(), emptyToNull(c.speaker()))).toList();
        SubtitleStyle st = t.subtitles().style();
        FileStyle style = new FileStyle(st.fontSize(), st.outline(), st.marginBottom(), st.marginSides(),
                st.maxCharsPerLine(), st.maxLines(), st.fontFamily(), st.color(), st.outlineColor(), st.showSpeaker());
        FileTimeline file = new FileTimeline(format, shots, voices, music, effects,
                new FileSubtitles(t.subtitles().fromVoices(), cues, style));
        try {
            return MAPPER.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write timeline JSON", e);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String rel(Path baseDir, Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (baseDir != null) {
            Path base = baseDir.toAbsolutePath().normalize();
            if (f.startsWith(base)) {
                return base.relativize(f).toString().replace('\\', '/');
            }
        }
        return f.toString().replace('\\', '/');
    }
}
