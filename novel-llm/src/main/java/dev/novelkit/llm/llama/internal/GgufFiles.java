package dev.novelkit.llm.llama.internal;

import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Checks that a file is a GGUF model llama.cpp can read before any native code sees it. */
public final class GgufFiles {
    private static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    /** Magic, version (uint32), tensor count (uint64), metadata count (uint64). */
    private static final int HEADER_BYTES = 24;

    private GgufFiles() {
    }

    /**
     * Throws {@link InvalidInputException} naming {@code file} if it is missing, not a regular readable file, too
     * short, not GGUF, or a GGUF version llama.cpp does not read (it reads 2 and 3).
     */
    public static void check(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new InvalidInputException(name, "no such file (a GGUF model file was expected)");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(name, "is a directory, not a GGUF model file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(name, "cannot be read (check its permissions)");
        }
        byte[] header = new byte[HEADER_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, HEADER_BYTES);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot be read: " + e.getMessage(), e);
        }
        if (read < MAGIC.length || !startsWithMagic(header)) {
            String start = HexFormat.ofDelimiter(" ").formatHex(header, 0, Math.min(read, 4));
            throw new InvalidInputException(name, "not a GGUF file (it starts with bytes [" + start
                    + "], GGUF files start with 'GGUF'; convert Hugging Face models with llama.cpp's"
                    + " convert_hf_to_gguf.py)");
        }
        if (read < HEADER_BYTES) {
            throw new InvalidInputException(name, "truncated GGUF file (" + read + " bytes)");
        }
        long version = (header[4] & 0xFFL) | (header[5] & 0xFFL) << 8 | (header[6] & 0xFFL) << 16
                | (header[7] & 0xFFL) << 24;
        if (version < 2 || version > 3) {
            throw new InvalidInputException(name, "GGUF version " + version
                    + " is not supported (llama.cpp reads versions 2 and 3)");
        }
    }

    private static boolean startsWithMagic(byte[] header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
