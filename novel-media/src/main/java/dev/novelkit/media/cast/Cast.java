package dev.novelkit.media.cast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The canonical look of every character of a story ({@link CharacterLook}), saved beside the storyboard as
 * {@code cast.json} so a user can edit it: a look's words go into every prompt that shows the character, and its
 * sheet is the reference picture of every shot the character is in. Derived from the storyboard's character fields
 * ({@link #derive}), with a stable default where the text says nothing. Immutable.
 */
public final class Cast {
    /** The folder, relative to the output folder, where character sheets go. */
    public static final String SHEETS = "characters";
    private static final String ABOUT = "One look per character: its words go into every picture prompt the "
            + "character is in, and its sheet is their reference picture. Edit a look, or put your own picture at "
            + "a sheet's path, and run again: only the shots with that character are redone.";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<CharacterLook> looks;

    private Cast(List<CharacterLook> looks) {
        this.looks = List.copyOf(looks);
    }

    /** A cast of these looks (names must be unique). */
    public static Cast of(List<CharacterLook> looks) {
        Set<String> names = new HashSet<>();
        for (CharacterLook l : looks) {
            if (!names.add(l.name())) {
                throw new InvalidInputException("cast", "two looks for " + l.name());
            }
        }
        return new Cast(looks);
    }

    /**
     * One look per storyboard character: the storyboard's own words (age, appearance, clothing), with the gender,
     * age, appearance and clothes the text says nothing about filled by a default that depends only on the
     * character's name and voice hint; the colour is the character's {@link Palette} colour and the sheet
     * {@code characters/<name>.png}.
     */
    public static Cast derive(Storyboard board) {
        List<CharacterLook> looks = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (Character c : board.characters()) {
            String file = fileName(c.name());
            String unique = file;
            for (int i = 2; !files.add(unique); i++) {
                unique = file + "-" + i;
            }
            looks.add(new CharacterLook(c.name(), Looks.describe(c), Palette.hex(Palette.of(c.name())),
                    SHEETS + "/" + unique + ".png"));
        }
        return of(looks);
    }

    /**
     * The cast to use now: for each character of {@code derived}, the look in {@code onDisk} when the user changed
     * it (it differs from {@code lastDerived}, the cast derived on the previous run; with no previous run, any look
     * on disk counts as the user's), otherwise the derived one. Characters no longer in the storyboard are dropped.
     */
    public static Cast resolve(Cast derived, Cast lastDerived, Cast onDisk) {
        List<CharacterLook> out = new ArrayList<>();
        for (CharacterLook d : derived.looks) {
            Optional<CharacterLook> mine = onDisk == null ? Optional.empty() : onDisk.look(d.name());
            Optional<CharacterLook> before = lastDerived == null ? Optional.empty() : lastDerived.look(d.name());
            boolean edited = mine.isPresent() && !mine.equals(before);
            out.add(edited ? mine.get() : d);
        }
        return of(out);
    }

    public List<CharacterLook> looks() {
        return looks;
    }

    public Optional<CharacterLook> look(String name) {
        return looks.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * The characters in {@code shot}, most important first: those who speak (in order), then those the storyboard
     * lists for the shot, then any other character whose name or alias the shot's text mentions.
     */
    public List<CharacterLook> inShot(Storyboard board, Shot shot) {
        Set<String> names = new LinkedHashSet<>();
        for (DialogueLine d : shot.dialogue()) {
            board.character(d.speaker()).ifPresent(c -> names.add(c.name()));
        }
        for (String n : shot.characters()) {
            board.character(n).ifPresent(c -> names.add(c.name()));
        }
        StringBuilder text = new StringBuilder(shot.imageDescription()).append('\n').append(shot.narration());
        shot.dialogue().forEach(d -> text.append('\n').append(d.text()));
        for (Character c : board.characters()) {
            if (mentions(text.toString(), c)) {
                names.add(c.name());
            }
        }
        List<CharacterLook> out = new ArrayList<>();
        for (String n : names) {
            look(n).ifPresent(out::add);
        }
        return out;
    }

    private static boolean mentions(String text, Character c) {
        if (text.contains(c.name())) {
            return true;
        }
        for (String alias : c.aliases()) {
            if (alias.codePointCount(0, alias.length()) >= 2 && text.contains(alias)) {
                return true;
            }
        }
        return false;
    }

    /** The cast as JSON: {@code {about, characters: [{name, look, colour, sheet}]}}. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("about", ABOUT);
        ArrayNode list = root.putArray("characters");
        for (CharacterLook l : looks) {
            ObjectNode o = list.addObject();
            o.put("name", l.name());
            o.put("look", l.look());
            o.put("colour", l.colour());
            o.put("sheet", l.sheet());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the cast: " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toJson()} atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads a cast file written by {@link #write} and perhaps edited; errors name the file and the field. */
    public static Cast read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return fromJson(json, file.toString());
    }

    /** Parses cast JSON; {@code source} names the input in errors. */
    public static Cast fromJson(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInputException(source, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("characters").isArray()) {
            throw new InvalidInputException(source, "no \"characters\" list");
        }
        List<CharacterLook> looks = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode o : root.path("characters")) {
            String where = source + " field characters[" + i + "]";
            String name = text(o, "name", where);
            if (seen.put(name, i) != null) {
                throw new InvalidInputException(where + ".name", "\"" + name + "\" is listed twice");
            }
            looks.add(new CharacterLook(name, text(o, "look", where), o.path("colour").asText(""),
                    text(o, "sheet", where)));
            i++;
        }
        return new Cast(looks);
    }

    private static String text(JsonNode o, String field, String where) {
        JsonNode v = o.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException(where + "." + field, "missing or empty (a non-empty string is needed)");
        }
        return v.asText();
    }

    /** A file name for a character's sheet: the name with characters file systems reject replaced by "_". */
    static String fileName(String name) {
        String safe = name.strip().replaceAll("[\\\\/:*?\"<>|\\s\\p{Cntrl}]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cast other && looks.equals(other.looks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(looks);
    }

    @Override
    public String toString() {
        return "Cast" + looks.stream().map(CharacterLook::name).toList();
    }
}
