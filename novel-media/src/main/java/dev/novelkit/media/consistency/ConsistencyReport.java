package dev.novelkit.media.consistency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How consistent a video's characters look: for each shot, which reference pictures went in and, for each character
 * it shows, a measured similarity to their sheet and whether they drifted. Saved as {@code consistency.json} and a
 * readable {@code consistency.md}.
 *
 * @param threshold below this similarity a character counts as drifted
 * @param notes     one line per backend that takes no references or could not be measured, said once
 * @param shots     one result per shot, in order
 */
public record ConsistencyReport(double threshold, List<String> notes, List<ShotResult> shots) {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ConsistencyReport {
        notes = List.copyOf(notes);
        shots = List.copyOf(shots);
    }

    /**
     * One shot's result.
     *
     * @param shot       the shot's id
     * @param picture    the picture checked (as the caller named it)
     * @param references the reference pictures that went in (empty: text alone)
     * @param characters one result per character the shot shows
     */
    public record ShotResult(String shot, String picture, List<String> references, List<CharacterResult> characters) {
        public ShotResult {
            Objects.requireNonNull(shot, "shot");
            references = List.copyOf(references);
            characters = List.copyOf(characters);
        }

        /** Whether any character in the shot drifted from their sheet. */
        public boolean drifted() {
            return characters.stream().anyMatch(CharacterResult::drifted);
        }
    }

    /**
     * One character in one shot.
     *
     * @param name       the character
     * @param sheet      their sheet (as the caller named it)
     * @param similarity the measured similarity 0..1, or null when not measured
     * @param measuredBy how: "figure colours" (hue histograms of the figure on the sheet and in the picture), the
     *                   vision model's name, or "not measured"
     * @param drifted    whether the character drifted from the sheet
     * @param note       why not measured, or the vision model's reason
     */
    public record CharacterResult(String name, String sheet, Double similarity, String measuredBy, boolean drifted,
                                  String note) {
        public CharacterResult {
            Objects.requireNonNull(name, "name");
            note = note == null ? "" : note;
        }
    }

    /** The ids of the shots in which a character drifted. */
    public List<String> driftedShots() {
        List<String> ids = new ArrayList<>();
        for (ShotResult s : shots) {
            if (s.drifted()) {
                ids.add(s.shot());
            }
        }
        return ids;
    }

    /** How many character appearances were measured. */
    public int measured() {
        return (int) shots.stream().flatMap(s -> s.characters().stream()).filter(c -> c.similarity() != null).count();
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("threshold", threshold);
        ArrayNode drifted = root.putArray("drifted");
        driftedShots().forEach(drifted::add);
        ArrayNode noteList = root.putArray("notes");
        notes.forEach(noteList::add);
        ArrayNode list = root.putArray("shots");
        for (ShotResult s : shots) {
            ObjectNode o = list.addObject();
            o.put("shot", s.shot());
            o.put("picture", s.picture());
            ArrayNode refs = o.putArray("references");
            s.references().forEach(refs::add);
            o.put("drifted", s.drifted());
            ArrayNode characters = o.putArray("characters");
            for (CharacterResult c : s.characters()) {
                ObjectNode co = characters.addObject();
                co.put("name", c.name());
                co.put("sheet", c.sheet());
                if (c.similarity() == null) {
                    co.putNull("similarity");
                } else {
                    co.put("similarity", round(c.similarity()));
                }
                co.put("measuredBy", c.measuredBy());
                co.put("drifted", c.drifted());
                if (!c.note().isEmpty()) {
                    co.put("note", c.note());
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the consistency report: " + e.getMessage(), e);
        }
    }

    /** A table per shot: references, and each character's similarity and verdict. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# Character consistency\n\n");
        List<String> drifted = driftedShots();
        b.append(drifted.isEmpty() ? "No shot drifted" : "Drifted: " + String.join(", ", drifted)
                + " (redo one with `novelkit video --redo-shot N`)");
        b.append(String.format(Locale.ROOT, "; a character drifts below similarity %.2f.%n%n", threshold));
        for (String note : notes) {
            b.append("- ").append(note).append('\n');
        }
        if (!notes.isEmpty()) {
            b.append('\n');
        }
        b.append("| shot | references | character | similarity | measured by | drifted |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (ShotResult s : shots) {
            String refs = s.references().isEmpty() ? "(text only)" : String.join(", ", s.references());
            if (s.characters().isEmpty()) {
                b.append("| ").append(s.shot()).append(" | ").append(refs).append(" | (none) | | | |\n");
            }
            for (CharacterResult c : s.characters()) {
                b.append("| ").append(s.shot()).append(" | ").append(refs).append(" | ").append(c.name())
                        .append(" | ").append(c.similarity() == null ? "–" : String.format(Locale.ROOT, "%.3f",
                                c.similarity()))
                        .append(" | ").append(c.measuredBy()).append(c.note().isEmpty() ? "" : ": " + c.note())
                        .append(" | ").append(c.drifted() ? "**yes**" : "no").append(" |\n");
            }
        }
        return b.toString();
    }

    /** Reads a report written by {@link #write}; errors name the file. */
    public static ConsistencyReport read(Path json) {
        try {
            JsonNode root = MAPPER.readTree(Files.readString(json, StandardCharsets.UTF_8));
            List<String> notes = new ArrayList<>();
            root.path("notes").forEach(n -> notes.add(n.asText()));
            List<ShotResult> shots = new ArrayList<>();
            for (JsonNode s : root.path("shots")) {
                List<String> refs = new ArrayList<>();
                s.path("references").forEach(r -> refs.add(r.asText()));
                List<CharacterResult> characters = new ArrayList<>();
                for (JsonNode c : s.path("characters")) {
                    JsonNode sim = c.path("similarity");
                    characters.add(new CharacterResult(c.path("name").asText(), c.path("sheet").asText(),
                            sim.isNumber() ? sim.asDouble() : null, c.path("measuredBy").asText(),
                            c.path("drifted").asBoolean(), c.path("note").asText("")));
                }
                shots.add(new ShotResult(s.path("shot").asText(), s.path("picture").asText(), refs, characters));
            }
            return new ConsistencyReport(root.path("threshold").asDouble(), notes, shots);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(json.toString(), "not a consistency report: " + e.getMessage(), e);
        }
    }

    /** Writes {@code json} and a Markdown copy beside it ({@code .md}), atomically. */
    public void write(Path json) {
        AtomicFiles.writeString(json, toJson());
        String name = json.getFileName().toString();
        String md = (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".md";
        AtomicFiles.writeString(json.resolveSibling(md), toMarkdown());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
