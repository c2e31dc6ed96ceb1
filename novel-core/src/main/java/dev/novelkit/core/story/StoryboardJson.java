package dev.novelkit.core.story;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Saves and loads a {@link Storyboard} as JSON (top-level {@code title}, {@code characters}, {@code scenes},
 * {@code shots}) so a user can edit it between steps. Loading errors name the file and the field.
 */
public final class StoryboardJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoryboardJson() {
    }

    public static String toJson(Storyboard storyboard) {
        try {
            return MAPPER.writeValueAsString(storyboard);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode storyboard: " + e.getMessage(), e);
        }
    }

    /** Writes the storyboard atomically as UTF-8 JSON. */
    public static void write(Storyboard storyboard, Path file) {
        AtomicFiles.writeString(file, toJson(storyboard) + "\n");
    }

    /** Parses storyboard JSON (a leading byte order mark is skipped); {@code source} names the input in errors. */
    public static Storyboard fromJson(String json, String source) {
        try {
            Storyboard board = MAPPER.readValue(json.startsWith("\uFEFF") ? json.substring(1) : json, Storyboard.class);
            if (board == null) {
                throw new InvalidInputException(source, "empty storyboard JSON");
            }
            return board;
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
                throw malformed(source, syntax);
            }
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String why = e instanceof MismatchedInputException ? "wrong type or missing value"
                    : rootMessage(e);
            throw new InvalidInputException(source + (field.isEmpty() ? "" : " field " + field), why, e);
        } catch (JsonProcessingException e) {
            throw malformed(source, e);
        }
    }

    private static InvalidInputException malformed(String source, JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new InvalidInputException(source, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }

    /** Reads a storyboard file written by {@link #write} (or by hand). */
    public static Storyboard read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (json.isBlank()) {
            throw new InvalidInputException(file.toString(), "empty file");
        }
        return fromJson(json, file.toString());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
