package dev.novelkit.core.config;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.Secrets;
import dev.novelkit.core.io.FileProblems;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings from four layers, resolved in one place: a command-line flag beats a system property, which beats an
 * environment variable, which beats a {@code novelkit.properties} file. A key such as {@code image.backend} is the
 * flag {@code --image-backend} (or the flag a command gave it, such as {@code image --backend}), the system
 * property {@code novelkit.image.backend}, the variable {@code NOVELKIT_IMAGE_BACKEND} and the property
 * {@code image.backend}.
 *
 * <p>Backends read their own variables ({@code OPENAI_API_KEY}, {@code SD_WEBUI_URL}, ...) from
 * {@link #environment()}, which layers them the same way: a system property of that name (or its dotted lower-case
 * form, {@code sd.webui.url}) beats the real variable, which beats the properties file (under either name). So every
 * remote backend can be configured from novelkit.properties. Immutable.
 */
public final class Settings {
    /** The default properties file, looked for in the working folder. */
    public static final Path DEFAULT_FILE = Path.of("novelkit.properties");

    /** A resolved value and where it came from ("--image-backend", "NOVELKIT_IMAGE_BACKEND", "novelkit.properties"). */
    public record Value(String value, String source) {
    }

    private final Map<String, String> flags;
    private final Map<String, String> flagNames;
    private final Map<String, String> system;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;
    private final Map<String, String> environment;

    private Settings(Map<String, String> flags, Map<String, String> flagNames, Map<String, String> system,
                     Map<String, String> env, Map<String, String> file, String fileName) {
        this.flags = Map.copyOf(flags);
        this.flagNames = Map.copyOf(flagNames);
        this.system = Map.copyOf(system);
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.fileName = fileName;
        this.environment = Collections.unmodifiableMap(layeredEnvironment());
    }

    /** No flags, no system properties, no environment, no file: every default applies. */
    public static Settings empty() {
        return new Settings(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), "");
    }

    /**
     * Settings from command-line values (keys in dotted form, null values ignored), the environment, and a
     * properties file ({@code null} or a missing file: none). No system properties: see
     * {@link #of(Map, Map, Map, Path, boolean)}.
     */
    public static Settings of(Map<String, String> flags, Map<String, String> env, Path propertiesFile) {
        return of(flags, Map.of(), env, propertiesFile, false);
    }

    /**
     * Settings from command-line values (keys in dotted form, null values ignored), system properties, the
     * environment and a properties file.
     *
     * @param propertiesFile null: none; a missing file is skipped unless {@code required}
     * @param required       the file was named by the user ({@code --config}): missing or unreadable is an error
     * @throws InvalidInputException naming the file if it is required and missing, or cannot be read
     */
    public static Settings of(Map<String, String> flags, Map<?, ?> systemProperties, Map<String, String> env,
                              Path propertiesFile, boolean required) {
        Map<String, String> cleanFlags = new LinkedHashMap<>();
        flags.forEach((k, v) -> {
            if (v != null) {
                cleanFlags.put(k, v);
            }
        });
        Map<String, String> sys = new LinkedHashMap<>();
        systemProperties.forEach((k, v) -> {
            if (k instanceof String key && v instanceof String value) {
                sys.put(key, value);
            }
        });
        Map<String, String> props = new LinkedHashMap<>();
        String name = "";
        if (propertiesFile != null && (required || Files.exists(propertiesFile))) {
            if (Files.isDirectory(propertiesFile)) {
                throw new InvalidInputException(propertiesFile.toString(), "is a folder, not a properties file");
            }
            if (!Files.exists(propertiesFile)) {
                throw new InvalidInputException(propertiesFile.toString(), "no such properties file");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw FileProblems.reading(propertiesFile, e);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(propertiesFile.toString(), "cannot read properties: " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> props.put(k.strip(), p.getProperty(k).strip()));
            name = propertiesFile.getFileName().toString();
        }
        return new Settings(cleanFlags, Map.of(), sys, env, props, name);
    }

    /**
     * The settings of a command line: these flags, this JVM's system properties and environment, and
     * {@code --config FILE} (required to exist) or else {@code novelkit.properties} in the working folder if there
     * is one.
     */
    public static Settings forCommandLine(Map<String, String> flags, Path config) {
        return of(flags, System.getProperties(), System.getenv(), config != null ? config : DEFAULT_FILE,
                config != null);
    }

    /**
     * The same settings with a flag set under the name the command line uses for it ({@code image --backend}
     * for {@code image.backend}); a null value changes nothing.
     */
    public Settings flag(String key, String flagName, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> f = new LinkedHashMap<>(flags);
        f.put(key, value);
        Map<String, String> names = new LinkedHashMap<>(flagNames);
        names.put(key, flagName);
        return new Settings(f, names, system, env, file, fileName);
    }

    /** The environment variable for a key: {@code image.backend} → {@code NOVELKIT_IMAGE_BACKEND}. */
    public static String envName(String key) {
        return "NOVELKIT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The system property for a key: {@code image.backend} → {@code novelkit.image.backend}. */
    public static String propertyName(String key) {
        return "novelkit." + key;
    }

    /** The flag for a key: {@code image.backend} → {@code --image-backend}. */
    public static String flagName(String key) {
        return "--" + key.replace('.', '-');
    }

    public Optional<Value> find(String key) {
        String v = flags.get(key);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), flagNames.getOrDefault(key, flagName(key))));
        }
        v = system.get(propertyName(key));
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), "-D" + propertyName(key)));
        }
        v = env.get(envName(key));
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), envName(key)));
        }
        v = file.get(key);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Value(v.strip(), fileName + " (" + key + ")"));
        }
        return Optional.empty();
    }

    public String get(String key, String fallback) {
        return find(key).map(Value::value).orElse(fallback);
    }

    /** Where a key's value comes from, or its flag's name when it is not set (for messages about defaults). */
    public String source(String key) {
        return find(key).map(Value::source).orElse(flagNames.getOrDefault(key, flagName(key)));
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

    /**
     * The variables backends read ({@code OPENAI_API_KEY}, {@code DASHSCOPE_API_KEY}, {@code SD_WEBUI_URL}, ...),
     * layered: a system property of that name or its dotted lower-case form ({@code -Dsd.webui.url=...}) beats
     * the environment, which beats novelkit.properties (either name). Hand it to a backend's {@code fromEnv}.
     */
    public Map<String, String> environment() {
        return environment;
    }

    private Map<String, String> layeredEnvironment() {
        Map<String, String> merged = new LinkedHashMap<>();
        file.forEach((k, v) -> {
            if (!v.isBlank()) {
                merged.put(variableName(k), v);
            }
        });
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v);
            }
        });
        system.forEach((k, v) -> {
            String name = variableName(k);
            // a variable's own name (-DOPENAI_API_KEY=...), or the dotted form of a backend's variable; never the
            // JVM's own properties (java.home is not JAVA_HOME)
            boolean backendName = BACKEND_PREFIXES.stream().anyMatch(name::startsWith);
            if (v != null && !v.isBlank() && (k.equals(name) || backendName)) {
                merged.put(name, v);
            }
        });
        return merged;
    }

    /** The prefixes of the variables NovelKit's backends read. */
    private static final java.util.List<String> BACKEND_PREFIXES = java.util.List.of("NOVELKIT_", "OPENAI_",
            "DASHSCOPE_", "KLING_", "AZURE_", "SD_WEBUI_");

    /** {@code sd.webui.url} → {@code SD_WEBUI_URL}; an upper-case name stays as it is. */
    private static String variableName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        flags.forEach((k, v) -> shown.put(flagNames.getOrDefault(k, flagName(k)),
                k.contains("key") ? Secrets.mask(v) : v));
        return "Settings" + shown + (fileName.isEmpty() ? "" : " + " + fileName);
    }
}
