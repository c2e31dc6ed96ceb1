package dev.novelkit.dataset.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of texts: one text, or several parts each length-prefixed so that no two lists collide. */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** The SHA-256 (hex) of the parts' UTF-8 bytes, each preceded by its length and a colon. */
    public static String of(String... parts) {
        MessageDigest md = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(bytes);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 (hex) of one text's UTF-8 bytes. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
