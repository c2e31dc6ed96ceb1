package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** The {@code --encoding} value of every command that reads a novel. */
final class Encodings {
    private Encodings() {
    }

    /** The charset named {@code name} ({@code where} names the flag or setting in the error), or null for none. */
    static Charset charset(String where, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new InvalidInputException(where, "unknown encoding \"" + name + "\" (UTF-8, UTF-16LE, GB18030, Big5, ...)");
        }
    }
}
