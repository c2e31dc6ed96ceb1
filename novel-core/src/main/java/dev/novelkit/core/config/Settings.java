package dev.novelkit.core.config;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.Secrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Pipeline settings from three layers, resolved in one place: a command-line flag beats an environment variable,
 * which beats a {@code novelkit.properties} file. A key such as {@code image.backend} is the flag
 * {@code --image-backend}, the variable {@code NOVELKIT_IMAGE_BACKEND} and the property {@code image.backend}.
 * Immutable.
 */
public final class Settings {
    /** A resolved value and where it came from ("--image-backend", "NOVELKIT_IMAGE_BACKEND", "novelkit.properties"). */
    public record Value(String value, String source) {
    }

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;

    private Settings(Map<String, String> flags, Map<String, String> env, Map<String, String> file, String fileName) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.fileName = fileName;
    }

    /** No flags, no environment, no file: every default applies. */
    public static Settings empty() {
        return new Settings(Map.of(), Map.of(), Map.of(), "");
    }

    /**
     * Settings from command-line values (keys in dotted form, null values ignored), the environment, and a
     * properties file ({@code null} or a missing file: none).
     */
    public static Settings of(Map<String, String> flags, Map<String, String> env, Path propertiesFile) {
        Map<String, String> cleanFlags = new LinkedHashMap<>();
        flags.forEach((k, v) -> {
            if (v != null) {
                cleanFlags.put(k, v);
            }
        });
        Map<String, String> props = new LinkedHashMap<>();
        String name = "";
        if (propertiesFile != null && Files.isRegularFile(propertiesFile)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidInputException(propertiesFile.toString(), "cannot read properties: " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> props.put(k.strip(), p.getProperty(k).strip()));
            name = propertiesFile.getFileName().toString();
        }
        return new Settings(cleanFlags, env, props, name);
    }

    /** The environment variable for a key: {@code image.backend} → {@code NOVELKIT_IMAGE_BACKEND}. */
    public static String envName(String key) {
        return "NOVELKIT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The flag for a key: {@code image.backend} → {@code --image-backend}. */
    public static String flagName(String key) {
        return "--" + key.replace('.', '-');
    }

    public Optional<Value> find(String key) {
        String v = flags.get(key);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), flagName(key)));
        }
        v = env.get(envName(key));
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), envName(key)));
        }
        v = file.get(key);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), fileName));
        }
        return Optional.empty();
    }

    public String get(String key, String fallback) {
        return find(key).map(Value::value).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        Optional<Value> v = find(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get().value());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(v.get().source(), "not a whole number: " + v.get().value());
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        Optional<Value> v = find(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidInputException(v.get().source(), "not true or false: " + v.get().value());
        };
    }

    /** The raw environment, for backends that read their own variables (API keys). */
    public Map<String, String> environment() {
        return env;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        flags.forEach((k, v) -> shown.put(flagName(k), k.contains("key") ? Secrets.mask(v) : v));
        return "Settings" + shown + (fileName.isEmpty() ? "" : " + " + fileName);
    }
}
