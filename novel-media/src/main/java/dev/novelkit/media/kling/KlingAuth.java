package dev.novelkit.media.kling;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.Secrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

/**
 * Kling's API token: a JWT signed with HS256 ({@code {"alg":"HS256","typ":"JWT"}}, payload {@code iss} = access
 * key, {@code exp} = now + 1800 s, {@code nbf} = now - 5 s) with the secret key, cached until a minute before it
 * expires. Thread-safe. Keys never appear in {@link #toString()}.
 */
public final class KlingAuth {
    static final long LIFETIME_SECONDS = 1800;
    static final long NOT_BEFORE_SKEW = 5;
    private static final long REFRESH_MARGIN = 60;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String accessKey;
    private final String secretKey;
    private final Clock clock;
    private String token;
    private long expiresAt;

    private KlingAuth(String accessKey, String secretKey, Clock clock) {
        if (accessKey == null || accessKey.isBlank()) {
            throw new InvalidInputException("KLING_ACCESS_KEY", "the Kling access key is missing");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new InvalidInputException("KLING_SECRET_KEY", "the Kling secret key is missing");
        }
        this.accessKey = accessKey.strip();
        this.secretKey = secretKey.strip();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Auth from an access key and a secret key. */
    public static KlingAuth of(String accessKey, String secretKey) {
        return new KlingAuth(accessKey, secretKey, Clock.systemUTC());
    }

    /** The same keys with another clock (tests). */
    public KlingAuth clock(Clock value) {
        return new KlingAuth(accessKey, secretKey, value);
    }

    /** A valid token: the cached one, or a fresh one when less than a minute of validity is left. */
    public synchronized String token() {
        long now = clock.millis() / 1000;
        if (token == null || now >= expiresAt - REFRESH_MARGIN) {
            token = sign(accessKey, secretKey, now);
            expiresAt = now + LIFETIME_SECONDS;
        }
        return token;
    }

    /** The {@code Authorization} header value. */
    public String bearer() {
        return "Bearer " + token();
    }

    String secretKey() {
        return secretKey;
    }

    String accessKey() {
        return accessKey;
    }

    static String sign(String accessKey, String secretKey, long nowSeconds) {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + jsonEscape(accessKey) + "\",\"exp\":" + (nowSeconds + LIFETIME_SECONDS)
                + ",\"nbf\":" + (nowSeconds - NOT_BEFORE_SKEW) + "}";
        String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "KlingAuth[accessKey=" + Secrets.mask(accessKey) + ", secretKey=" + Secrets.mask(secretKey) + "]";
    }
}
