package dev.novelkit.media.image.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.io.AtomicFiles;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;

/** Checks, converts and atomically writes image bytes that came back from a backend. Not public API. */
public final class ImageFiles {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageFiles() {
    }

    /** Decodes base64 image data, with or without a {@code data:image/png;base64,} prefix. */
    public static byte[] decodeBase64(String backend, String data) {
        if (data == null || data.isBlank()) {
            throw BackendException.builder(backend, "returned an empty base64 image").build();
        }
        String s = data.strip();
        int comma = s.indexOf(',');
        if (s.startsWith("data:") && comma > 0) {
            s = s.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw BackendException.builder(backend, "returned invalid base64 image data: " + e.getMessage())
                    .cause(e).build();
        }
    }

    /**
     * Writes {@code bytes} to {@code target} as PNG, atomically: PNG data as it is, JPEG/BMP/GIF converted.
     *
     * @return the image's size
     * @throws BackendException when the bytes are not an image Java can read
     */
    public static Dimension writePng(String backend, byte[] bytes, Path target) {
        if (isPng(bytes)) {
            Dimension size = size(backend, bytes);
            AtomicFiles.writeBytes(target, bytes);
            return size;
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            image = null;
        }
        if (image == null) {
            throw BackendException.builder(backend, "returned " + bytes.length + " bytes that are not a PNG or JPEG "
                    + "image (starting " + hex(bytes) + ")").build();
        }
        AtomicFiles.writeBytes(target, png(image));
        return new Dimension(image.getWidth(), image.getHeight());
    }

    /**
     * The image encoded as PNG, in memory. Encoding straight into a file stream that fails (a full disk) leaves
     * ImageIO's cache stream half closed, and its shutdown hook then prints a NullPointerException.
     */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The width and height of encoded image bytes, read from the header only. */
    public static Dimension size(String backend, byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (in != null && readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in);
                    return new Dimension(reader.getWidth(0), reader.getHeight(0));
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException e) {
            throw BackendException.builder(backend, "returned an unreadable image: " + e.getMessage()).cause(e).build();
        }
        throw BackendException.builder(backend, "returned data that is not an image (starting " + hex(bytes) + ")")
                .build();
    }

    static boolean isPng(byte[] bytes) {
        return bytes.length > PNG_MAGIC.length && Arrays.equals(bytes, 0, PNG_MAGIC.length, PNG_MAGIC, 0,
                PNG_MAGIC.length);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.length() == 0 ? "(empty)" : sb.toString();
    }
}
