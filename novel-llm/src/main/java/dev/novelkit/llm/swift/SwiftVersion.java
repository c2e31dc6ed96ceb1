package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidSettingException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ms-swift release, {@code 4.5.2}: what decides the command line NovelKit writes. Read from the installed swift
 * ({@link SwiftProcess} asks the {@code swift} executable it will run), or set with
 * {@link SwiftProcess#swiftVersion(SwiftVersion)} / {@link SwiftProcess#dialect(SwiftDialect)}.
 *
 * @param major 2, 3 or 4
 * @param minor the minor release
 * @param patch the patch release
 */
public record SwiftVersion(int major, int minor, int patch) implements Comparable<SwiftVersion> {
    private static final Pattern TEXT = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    public SwiftVersion {
        if (major < 2 || major > 4) {
            throw new InvalidSettingException("swiftVersion", major + "." + minor + "." + patch,
                    "must be an ms-swift 2.x, 3.x or 4.x release");
        }
        if (minor < 0 || patch < 0) {
            throw new InvalidSettingException("swiftVersion", major + "." + minor + "." + patch,
                    "must not have negative parts");
        }
    }

    /** {@code 4.5.2}, {@code 3.12}, {@code 4.6.0.dev0}, {@code 2.6.1.post1}: the leading numbers count. */
    public static SwiftVersion parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidSettingException("swiftVersion", text, "must be a version such as 4.5.2");
        }
        try {
            return new SwiftVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("swiftVersion", text, "must be a version such as 4.5.2");
        }
    }

    /** The command-line family: 2.x, 3.x or 4.x. */
    public SwiftDialect dialect() {
        return switch (major) {
            case 2 -> SwiftDialect.V2;
            case 3 -> SwiftDialect.V3;
            default -> SwiftDialect.V4;
        };
    }

    /** Whether this release is {@code major.minor} or later. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    @Override
    public int compareTo(SwiftVersion o) {
        int c = Integer.compare(major, o.major);
        c = c != 0 ? c : Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
