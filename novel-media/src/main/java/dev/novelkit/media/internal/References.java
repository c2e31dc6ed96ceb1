package dev.novelkit.media.internal;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.media.image.ReferenceImage;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What every backend that takes reference pictures does the same way: check how many it may send, read each
 * picture (PNG or JPEG only), say in the prompt whose picture each one is, and encode it. Not public API.
 */
public final class References {
    private static final long MAX_BYTES = 20L << 20;

    private References() {
    }

    /** Fails naming the backend when {@code references} holds more pictures than it takes. */
    public static void checkCount(String backend, List<ReferenceImage> references, int max) {
        if (references.size() > max) {
            throw new InvalidInputException("references", backend + " takes at most " + max
                    + " reference picture" + (max == 1 ? "" : "s") + ", was given " + references.size());
        }
    }

    /**
     * The line put in front of a prompt so the model knows whose picture each reference is:
     * {@code "Reference images: 1 = 林晚舟, 2 = 周伯. "}; empty without references.
     */
    public static String legend(List<ReferenceImage> references) {
        if (references.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            parts.add((i + 1) + " = " + references.get(i).label());
        }
        return "Reference images: " + String.join(", ", parts) + ". ";
    }

    /** The labels, comma-separated, for reports. */
    public static String names(List<ReferenceImage> references) {
        List<String> names = new ArrayList<>();
        references.forEach(r -> names.add(r.label()));
        return String.join(", ", names);
    }

    /** The picture's bytes; an error naming the file when it is missing, empty, too large or not PNG/JPEG. */
    public static byte[] read(ReferenceImage reference) {
        String field = "reference " + reference.label() + " (" + reference.file() + ")";
        byte[] bytes;
        try {
            if (!Files.isRegularFile(reference.file())) {
                throw new InvalidInputException(field, "no such file");
            }
            long size = Files.size(reference.file());
            if (size > MAX_BYTES) {
                throw new InvalidInputException(field, "pictures up to 20 MB only, this one has " + size + " bytes");
            }
            bytes = Files.readAllBytes(reference.file());
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read: " + e.getMessage(), e);
        }
        if (!isPng(bytes) && !isJpeg(bytes)) {
            throw new InvalidInputException(field, "not a PNG or JPEG picture");
        }
        return bytes;
    }

    /** {@code image/png} or {@code image/jpeg}, from the bytes. */
    public static String mediaType(byte[] bytes) {
        return isPng(bytes) ? "image/png" : "image/jpeg";
    }

    /** {@code png} or {@code jpg}, from the bytes. */
    public static String extension(byte[] bytes) {
        return isPng(bytes) ? "png" : "jpg";
    }

    /** Plain base64 (no {@code data:} prefix), as Kling and SD WebUI take pictures. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A {@code data:image/png;base64,...} URI, as DashScope takes pictures. */
    public static String dataUri(byte[] bytes) {
        return "data:" + mediaType(bytes) + ";base64," + base64(bytes);
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
    }
}
