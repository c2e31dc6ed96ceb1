package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidSettingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three ways a model is named across swift majors: a hub id or folder ({@code Qwen/Qwen2-7B-Instruct},
 * {@code ./merged}), a 2.x model type ({@code qwen2-7b-instruct}: hyphens, a size) and a 3.x/4.x model family
 * ({@code qwen2}, {@code qwen2_5}: what {@code --model_type} means from 3.0 on). Translates the Qwen 2.x model types
 * to their hub ids.
 */
final class ModelNames {
    enum Kind { ID_OR_PATH, V2_MODEL_TYPE, FAMILY }

    private static final Pattern QWEN2 = Pattern.compile("qwen(2|2_5)(?:-(coder|math))?-(\\d+(?:_\\d+)?)b(-instruct)?");
    private static final Pattern QWEN15 = Pattern.compile("qwen1half-(\\d+(?:_\\d+)?)b(-chat)?");

    private ModelNames() {
    }

    static Kind kind(String name, Path workingDir) {
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.startsWith(".") || name.startsWith("~")
                || Files.isDirectory(workingDir.resolve(name))) {
            return Kind.ID_OR_PATH;
        }
        return name.indexOf('-') >= 0 ? Kind.V2_MODEL_TYPE : Kind.FAMILY;
    }

    /** Whether {@code name} is a local folder rather than a hub id. */
    static boolean isLocalFolder(String name, Path workingDir) {
        return name.startsWith("/") || name.startsWith("./") || name.startsWith("../") || name.startsWith("~")
                || Files.isDirectory(workingDir.resolve(name));
    }

    /** The hub id of a Qwen 2.x model type ({@code qwen2_5-7b-instruct} → {@code Qwen/Qwen2.5-7B-Instruct}), or null. */
    static String hubId(String modelType) {
        String t = modelType.toLowerCase(Locale.ROOT);
        Matcher m = QWEN2.matcher(t);
        if (m.matches()) {
            String variant = m.group(2) == null ? "" : "-" + Character.toUpperCase(m.group(2).charAt(0))
                    + m.group(2).substring(1);
            return "Qwen/Qwen" + m.group(1).replace('_', '.') + variant + "-" + m.group(3).replace('_', '.') + "B"
                    + (m.group(4) != null ? "-Instruct" : "");
        }
        m = QWEN15.matcher(t);
        if (m.matches()) {
            return "Qwen/Qwen1.5-" + m.group(1).replace('_', '.') + "B" + (m.group(2) != null ? "-Chat" : "");
        }
        return null;
    }

    /**
     * The {@code --model} value for swift 3.x/4.x: ids and folders as they are, a translatable 2.x model type as its
     * hub id.
     *
     * @throws InvalidSettingException for a 2.x model type with no known hub id, or a bare family name
     */
    static String v3Model(String model, Path workingDir) {
        return switch (kind(model, workingDir)) {
            case ID_OR_PATH -> model;
            case V2_MODEL_TYPE -> {
                String id = hubId(model);
                if (id == null) {
                    throw new InvalidSettingException("model", model, "is a swift 2.x model type NovelKit cannot "
                            + "translate for swift 3.x/4.x; give its hub id (such as Qwen/Qwen2-7B-Instruct) or a folder");
                }
                yield id;
            }
            case FAMILY -> throw new InvalidSettingException("model", model, "is a model family, not a model; swift "
                    + "3.x/4.x need a hub id such as Qwen/Qwen2-7B-Instruct or a folder (a family goes in modelType)");
        };
    }
}
