package dev.novelkit.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Masks secrets (API keys, access keys, tokens made from them) for {@code toString()}, logs and error messages. */
public final class Secrets {
    /** Request headers whose values are credentials, whatever the service (compared ignoring case). */
    public static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization",
            "ocp-apim-subscription-key", "api-key", "x-api-key", "x-goog-api-key", "cookie");

    private Secrets() {
    }

    /** {@code null} or blank → "(none)"; otherwise "****" plus at most the last 4 characters of a long key. */
    public static String mask(String secret) {
        if (secret == null || secret.isBlank()) {
            return "(none)";
        }
        return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    /** Replaces every occurrence of {@code secret} in {@code text} by its mask (for server messages that echo keys). */
    public static String redact(String text, String secret) {
        return redactor(secret).redact(text);
    }

    /** A redactor for these secrets (null and blank ones are skipped). */
    public static Redactor redactor(String... secrets) {
        return Redactor.NONE.and(secrets);
    }

    /** Whether a request header carries a credential ({@link #CREDENTIAL_HEADERS}). */
    public static boolean isCredentialHeader(String name) {
        return name != null && CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Replaces secrets, and every value derived from them, in text and exceptions: API keys, and the values of
     * credential headers with each of their parts (a bearer token, each segment of a JWT such as Kling's, a basic
     * authentication blob). Immutable; longer secrets are replaced first, so a token that contains a key is
     * replaced whole.
     */
    public static final class Redactor {
        /** Redacts nothing. */
        public static final Redactor NONE = new Redactor(List.of());
        private static final int MIN_SECRET = 4;
        private static final int MIN_PART = 8;

        private final List<String> secrets;

        private Redactor(List<String> secrets) {
            this.secrets = secrets;
        }

        /** This redactor and {@code more} secrets (null and blank ones skipped). */
        public Redactor and(String... more) {
            Set<String> all = new LinkedHashSet<>(secrets);
            for (String s : more) {
                if (s != null && s.strip().length() >= MIN_SECRET) {
                    all.add(s.strip());
                }
            }
            List<String> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            return new Redactor(List.copyOf(sorted));
        }

        /**
         * This redactor and a credential header's value with its parts: split at spaces, dots, colons and commas,
         * parts of 8 or more characters count ("Bearer a.b.c" adds "a.b.c", "a", "b" and "c" when long enough).
         */
        public Redactor andHeaderValue(String value) {
            if (value == null || value.isBlank()) {
                return this;
            }
            List<String> parts = new ArrayList<>();
            parts.add(value.strip());
            for (String word : value.strip().split("[\\s,]+")) {
                if (word.length() >= MIN_PART) {
                    parts.add(word);
                    for (String piece : word.split("[.:]")) {
                        if (piece.length() >= MIN_PART) {
                            parts.add(piece);
                        }
                    }
                }
            }
            return and(parts.toArray(String[]::new));
        }

        /** {@code text} with every secret replaced by its mask; null stays null. */
        public String redact(String text) {
            if (text == null || secrets.isEmpty()) {
                return text;
            }
            String out = text;
            for (String s : secrets) {
                if (out.contains(s)) {
                    out = out.replace(s, mask(s));
                }
            }
            return out;
        }

        /** Whether {@code text} holds one of the secrets. */
        public boolean leaks(String text) {
            if (text == null) {
                return false;
            }
            for (String s : secrets) {
                if (text.contains(s)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * {@code t} itself when no message in its cause chain holds a secret; otherwise a copy of the chain with
         * the messages redacted (each link a {@link RedactedException} naming the original type, with its stack
         * trace), safe to attach as a cause and to print.
         */
        public Throwable scrub(Throwable t) {
            if (t == null || !chainLeaks(t, 0)) {
                return t;
            }
            return copy(t, 0);
        }

        private boolean chainLeaks(Throwable t, int depth) {
            if (t == null || depth > 20) {
                return false;
            }
            if (leaks(t.getMessage()) || leaks(t.toString())) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (chainLeaks(s, depth + 1)) {
                    return true;
                }
            }
            return chainLeaks(t.getCause(), depth + 1);
        }

        private Throwable copy(Throwable t, int depth) {
            Throwable cause = t.getCause() == null || depth > 20 ? null : copy(t.getCause(), depth + 1);
            RedactedException r = new RedactedException(t.getClass().getName(), redact(t.getMessage()), cause);
            r.setStackTrace(t.getStackTrace());
            for (Throwable s : t.getSuppressed()) {
                r.addSuppressed(copy(s, depth + 1));
            }
            return r;
        }

        @Override
        public String toString() {
            return "Redactor[" + secrets.size() + " secrets]";
        }
    }

    /** An exception whose message held a secret, copied with the secret masked; names the original type. */
    public static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        RedactedException(String type, String message, Throwable cause) {
            super(message, cause);
            this.type = type;
        }

        /** The class name of the exception this copies. */
        public String type() {
            return type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }
}
